"""The graph store behind the query layer. Embedded pyoxigraph by default.

Code above this module asks a :class:`Store` for results; it never reaches
into rdflib or pyoxigraph itself, so a remote SPARQL endpoint can take the
embedded store's place.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox
from rdflib import Graph

from kg.queries import PREFIXES

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
POSITION = re.compile(r"error at (\d+):(\d+): ?(.*)", re.S)


class QueryBindingError(ValueError):
    """A value cannot be bound: SPARQL substitution needs the variable in the SELECT clause."""


class QuerySyntaxError(ValueError):
    """A malformed query; says where (line and column of the query text)."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        where = f"line {line}, column {column}: " if line is not None else ""
        super().__init__(f"{where}{message}")
        self.line, self.column, self.detail = line, column, message


@dataclass(frozen=True)
class Table:
    """SELECT results: column names and rows of terms (None = unbound)."""

    columns: list[str]
    rows: list[list[Term | None]]


class Store(Protocol):
    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> Table: ...

    def ask(self, query: str, bindings: Mapping[str, Term] | None = None) -> bool: ...

    def construct(self, query: str, bindings: Mapping[str, Term] | None = None) -> list[ox.Triple]: ...


def _syntax_error(query: str, err: SyntaxError) -> QuerySyntaxError:
    """Where the query goes wrong. Oxigraph reports where its parser gave up,
    often past the mistake; rdflib's parser points at the start of the
    offending construct, so its position is preferred when it has one."""
    match = POSITION.match(str(err))
    detail = match.group(3).strip().split("\n")[0] if match else str(err)
    try:
        from rdflib.plugins.sparql.parser import parseQuery

        parseQuery(query)
    except Exception as rdflib_err:  # pyparsing.ParseException
        line, column = getattr(rdflib_err, "lineno", None), getattr(rdflib_err, "col", None)
        if line is not None and column is not None:
            found = query.splitlines()[line - 1][column - 1 :].split()[:1] if line <= len(query.splitlines()) else []
            near = f"near '{found[0]}': " if found else ""
            return QuerySyntaxError(f"{near}{detail}", int(line), int(column))
    if match:
        return QuerySyntaxError(detail, int(match.group(1)), int(match.group(2)))
    return QuerySyntaxError(detail)


class EmbeddedStore:
    """An in-memory pyoxigraph store, loaded once from the built graph."""

    def __init__(self, store: ox.Store) -> None:
        self._store = store

    @classmethod
    def from_file(cls, path: Path) -> EmbeddedStore:
        """Load .nt, .ttl or .nq; with named graphs (one per report) queries see their union."""
        store = ox.Store()
        fmt = {".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS}.get(path.suffix, ox.RdfFormat.TURTLE)
        store.bulk_load(path=str(path), format=fmt)
        return cls(store)

    @classmethod
    def from_graph(cls, graph: Graph) -> EmbeddedStore:
        store = ox.Store()
        store.bulk_load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
        return cls(store)

    def __len__(self) -> int:
        return len(self._store)

    def _run(self, query: str, bindings: Mapping[str, Term] | None) -> object:
        subs = {ox.Variable(k): v for k, v in (bindings or {}).items()}
        try:
            return self._store.query(query, prefixes=PREFIXES, substitutions=subs or None, use_default_graph_as_union=True)
        except SyntaxError as err:
            raise _syntax_error(query, err) from err
        except RuntimeError as err:
            if "does not contains variable" in str(err) or "does not contain variable" in str(err):
                raise QueryBindingError(f"cannot bind {', '.join('?' + k for k in bindings or {})}: {err}") from err
            raise

    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> Table:
        result = self._run(query, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise ValueError("not a SELECT query")
        columns = [v.value for v in result.variables]
        return Table(columns, [[solution[c] for c in columns] for solution in result])

    def ask(self, query: str, bindings: Mapping[str, Term] | None = None) -> bool:
        result = self._run(query, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise ValueError("not an ASK query")
        return bool(result)

    def construct(self, query: str, bindings: Mapping[str, Term] | None = None) -> list[ox.Triple]:
        result = self._run(query, bindings)
        if not isinstance(result, ox.QueryTriples):
            raise ValueError("not a CONSTRUCT or DESCRIBE query")
        return list(result)


def open_store(graph_file: Path | None = None, endpoint: str | None = None) -> Store:
    """The store the app and CLI ask: a SPARQL endpoint if one is set (argument or
    ``KG_SPARQL_ENDPOINT``), else the embedded store loaded from ``graph_file``."""
    import os

    endpoint = endpoint or os.environ.get("KG_SPARQL_ENDPOINT")
    if endpoint:
        from kg.remote import RemoteStore

        return RemoteStore(endpoint)
    if graph_file is None:
        raise ValueError("no graph file and no SPARQL endpoint")
    return EmbeddedStore.from_file(graph_file)
