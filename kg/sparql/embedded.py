"""The embedded pyoxigraph store: the on-disk store ``kg build`` publishes, opened read-only, or a graph file
loaded into memory; asked with bound parameters."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kg.graph.serialize import graph_format
from kg.sparql.binding import for_substitution
from kg.sparql.errors import QueryBindingError, QuerySyntaxError
from kg.sparql.result import AnswersEveryForm, Result, Term, from_oxigraph
from kg.vocab.prefixes import PREFIXES

POSITION = re.compile(r"error at (\d+):(\d+): ?(.*)", re.S)


def syntax_error(err: SyntaxError, shift: int = 0) -> QuerySyntaxError:
    """Oxigraph's parse error with its line and column (``shift`` lines of prologue taken off)."""
    match = POSITION.match(str(err))
    if not match:
        return QuerySyntaxError("query.engine_said", detail=str(err).split("\n")[0])
    detail = match.group(3).strip().split("\n")[0]
    return QuerySyntaxError("query.engine_said", max(1, int(match.group(1)) - shift), int(match.group(2)), detail=detail)


class EmbeddedStore(AnswersEveryForm):
    """A pyoxigraph store: the built store opened read-only, or a graph file loaded once into memory."""

    def __init__(self, store: ox.Store) -> None:
        self._store = store

    @classmethod
    def from_file(cls, path: Path) -> EmbeddedStore:
        """Open a store's folder read-only (nothing is loaded: it opens in milliseconds whatever its size), or
        load .nt, .nq, .ttl or .trig into memory; with named graphs (one per report) queries see their union."""
        if path.is_dir():
            try:
                return cls(ox.Store.read_only(str(path)))
            except OSError as err:
                raise ValueError(f"{path}: not an Oxigraph store: {str(err).splitlines()[0]}") from None
        fmt = graph_format(path).oxigraph
        store = ox.Store()
        try:
            store.bulk_load(path=str(path), format=fmt)
        except SyntaxError as err:
            raise ValueError(f"{path}: not a valid {fmt.name} file: {str(err).splitlines()[0]}") from None
        return cls(store)

    @classmethod
    def from_graph(cls, graph: Graph) -> EmbeddedStore:
        store = ox.Store()
        store.bulk_load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
        return cls(store)

    def __len__(self) -> int:
        return len(self._store)

    def _answer(self, query: str, bindings: Mapping[str, Term] | None) -> object:
        # A subquery's patterns get the values written in: Oxigraph's substitution does not reach them, so a
        # subquery bound to one report of 10,000 read them all (report-check 405 ms; written in, 8 ms).
        text, left = for_substitution(query, bindings or {})
        subs = {ox.Variable(k): v for k, v in left.items()}
        try:
            return self._store.query(text, prefixes=PREFIXES, substitutions=subs or None, use_default_graph_as_union=True)
        except SyntaxError as err:
            raise syntax_error(err) from None
        except RuntimeError as err:
            if "does not contain" in str(err):
                raise QueryBindingError("query.binding", names=", ".join("?" + k for k in bindings or {}), detail=str(err)) from None
            raise

    def query(self, query: str, bindings: Mapping[str, Term] | None = None, *, max_rows: int | None = None, max_bytes: int | None = None) -> Result:
        """Any query form as a :class:`Result`, with at most ``max_rows`` rows and ``max_bytes`` kept and all counted."""
        return from_oxigraph(self._answer(query, bindings), max_rows, max_bytes)
