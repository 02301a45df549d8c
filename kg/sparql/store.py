"""The store and the sandbox the app and the command line ask: a SPARQL endpoint if one is set, else the built graph.

Code above this package asks a :class:`Store` for results (by name, through
:mod:`kg.sparql.named`); it never reaches into rdflib or pyoxigraph itself, so
a remote endpoint can take the embedded store's place.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

from kg import settings
from kg.graph.serialize import graph_format
from kg.sparql.embedded import EmbeddedStore
from kg.sparql.limits import Limits
from kg.sparql.remote import RemoteStore
from kg.sparql.result import Result, Term
from kg.sparql.sandbox import LocalSandbox, RemoteSandbox, Sandbox


class Store(Protocol):
    def query(self, query: str, bindings: Mapping[str, Term] | None = None, *, max_rows: int | None = None, max_bytes: int | None = None) -> Result: ...

    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> Result: ...

    def ask(self, query: str, bindings: Mapping[str, Term] | None = None) -> bool: ...


def _endpoint(graph_file: Path | None, endpoint: str | None) -> str | None:
    """The endpoint to ask: none when a graph file is named (it wins), else the argument or ``KG_SPARQL_ENDPOINT``."""
    return None if graph_file is not None else endpoint or settings.sparql_endpoint()


def open_store(graph_file: Path | None = None, endpoint: str | None = None) -> Store:
    """The embedded store over ``graph_file`` when one is named; else the SPARQL endpoint (argument or
    ``KG_SPARQL_ENDPOINT``); else the embedded store over the built graph (:func:`kg.settings.built_graph`)."""
    url = _endpoint(graph_file, endpoint)
    if url:
        return RemoteStore(url)
    return EmbeddedStore.from_file(settings.built_graph(graph_file))


def open_sandbox(graph_file: Path | None = None, endpoint: str | None = None, *, workers: int = Limits.workers) -> Sandbox:
    """Where typed SPARQL runs, chosen as :func:`open_store` chooses: the endpoint, or worker processes over the
    graph file (of a kind the workers can load: checked here, before a worker starts)."""
    url = _endpoint(graph_file, endpoint)
    if url:
        return RemoteSandbox(url)
    path = settings.built_graph(graph_file)
    if not path.is_dir():
        graph_format(path)
    return LocalSandbox(path, workers=workers)
