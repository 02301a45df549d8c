"""The store the app and the command line ask: a SPARQL endpoint if one is set, else the embedded graph.

Code above this package asks a :class:`Store` for results; it never reaches
into rdflib or pyoxigraph itself, so a remote endpoint can take the embedded
store's place.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from kg import settings
from kg.sparql.embedded import EmbeddedStore
from kg.sparql.remote import RemoteStore
from kg.sparql.result import Result, Term


class Store(Protocol):
    def query(self, query: str, bindings: Mapping[str, Term] | None = None, *, max_rows: int | None = None, max_bytes: int | None = None) -> Result: ...

    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> Result: ...

    def ask(self, query: str, bindings: Mapping[str, Term] | None = None) -> bool: ...

    def construct(self, query: str, bindings: Mapping[str, Term] | None = None) -> list[ox.Triple]: ...


def open_store(graph_file: Path | None = None, endpoint: str | None = None) -> Store:
    """A SPARQL endpoint if one is set (argument or ``KG_SPARQL_ENDPOINT``), else the embedded store loaded from ``graph_file``."""
    endpoint = endpoint or settings.sparql_endpoint()
    if endpoint:
        return RemoteStore(endpoint)
    if graph_file is None:
        raise ValueError("no graph file and no SPARQL endpoint")
    return EmbeddedStore.from_file(graph_file)
