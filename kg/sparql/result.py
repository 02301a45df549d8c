"""The one result type every store and sandbox returns, and plain views of it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

import pyoxigraph as ox

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
GRAPH_COLUMNS = ["subject", "predicate", "object"]


@dataclass(frozen=True)
class Result:
    """A query's answer: SELECT rows, an ASK boolean, or CONSTRUCT/DESCRIBE triples as rows.

    ``total`` counts every solution the engine produced; ``rows`` holds at most
    the row cap of them, so ``capped`` says whether some were left out.
    ``cut_at_bytes`` is the byte cap when the rows kept stopped there (0 when
    they did not): memory, not the row cap, decided what was left out.

    >>> r = Result("select", ["x"], [[ox.Literal("a")]], total=3)
    >>> r.capped, len(r)
    (True, 1)
    """

    form: str  # select | ask | graph
    columns: list[str] = field(default_factory=list)
    rows: list[list[Term | None]] = field(default_factory=list)
    total: int = 0
    boolean: bool | None = None
    cut_at_bytes: int = 0

    @property
    def capped(self) -> bool:
        return self.total > len(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def triples(self) -> list[ox.Triple]:
        """The rows of a graph result as triples."""
        return [ox.Triple(s, p, o) for s, p, o in self.rows]  # type: ignore[arg-type]

    def with_literals(self, column: str, change: Callable[[str], str]) -> Result:
        """The same result with every non-empty literal of ``column`` replaced by ``change`` of its text.

        >>> Result("select", ["n"], [[ox.Literal("b")], [None]], 2).with_literals("n", str.upper).rows
        [[<Literal value=B datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#string>>], [None]]
        """
        index = self.columns.index(column)

        def changed(term: Term | None) -> Term | None:
            return ox.Literal(change(term.value)) if isinstance(term, ox.Literal) and term.value else term

        return replace(self, rows=[[changed(cell) if i == index else cell for i, cell in enumerate(row)] for row in self.rows])

    def iri_columns(self, limit: int | None = None) -> list[str]:
        """The columns with an IRI in any of the first ``limit`` rows (all rows when None)."""
        rows = self.rows[:limit]
        return [c for i, c in enumerate(self.columns) if any(isinstance(row[i], ox.NamedNode) for row in rows)]


def size_of(term: Term | None) -> int:
    """About how many bytes a term takes in an answer: its value, datatype and language (a quoted triple's parts).

    >>> size_of(ox.Literal("abc", language="nl")), size_of(None)
    (5, 0)
    """
    if term is None:
        return 0
    if isinstance(term, ox.Triple):
        return size_of(term.subject) + size_of(term.predicate) + size_of(term.object)
    if isinstance(term, ox.Literal):
        return len(term.value) + (len(term.language) if term.language else len(term.datatype.value))
    return len(term.value)


class _Keeper:
    """The rows an answer keeps: up to ``max_rows`` of them and ``max_bytes`` in all, every row counted."""

    def __init__(self, max_rows: int | None, max_bytes: int | None) -> None:
        self.max_rows, self.max_bytes = max_rows, max_bytes
        self.rows: list[list[Term | None]] = []
        self.total = self.size = self.cut_at_bytes = 0

    def offer(self, row: list[Term | None]) -> None:
        self.total += 1
        if self.cut_at_bytes or (self.max_rows is not None and len(self.rows) >= self.max_rows):
            return
        self.size += sum(size_of(term) for term in row)
        if self.max_bytes is not None and self.size > self.max_bytes:
            self.cut_at_bytes = self.max_bytes
            return
        self.rows.append(row)


def from_oxigraph(answer: object, max_rows: int | None = None, max_bytes: int | None = None) -> Result:
    """Read a pyoxigraph answer into a :class:`Result`, keeping at most ``max_rows`` rows and ``max_bytes`` of
    terms, but counting all: memory holds what is kept, whatever the engine produced.

    >>> answer = ox.Store().query('SELECT ?x WHERE { VALUES ?x { "aaaa" "bbbb" "cccc" } }')  # 43 bytes a row
    >>> result = from_oxigraph(answer, max_bytes=100)
    >>> len(result.rows), result.total, result.cut_at_bytes
    (2, 3, 100)
    """
    if isinstance(answer, ox.QueryBoolean):
        return Result("ask", boolean=bool(answer))
    keeper = _Keeper(max_rows, max_bytes)
    if isinstance(answer, ox.QuerySolutions):
        columns = [v.value for v in answer.variables]
        for solution in answer:
            keeper.offer([solution[c] for c in columns])
        return Result("select", columns, keeper.rows, keeper.total, cut_at_bytes=keeper.cut_at_bytes)
    for triple in answer:  # type: ignore[attr-defined]
        keeper.offer([triple.subject, triple.predicate, triple.object])
    return Result("graph", list(GRAPH_COLUMNS), keeper.rows, keeper.total, cut_at_bytes=keeper.cut_at_bytes)


class AnswersEveryForm:
    """``select`` and ``ask`` for a store that defines ``query`` (one answer type for all forms)."""

    def query(self, query: str, bindings: Mapping[str, Term] | None = None, *, max_rows: int | None = None, max_bytes: int | None = None) -> Result:
        raise NotImplementedError

    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> Result:
        result = self.query(query, bindings)
        if result.form != "select":
            raise ValueError("not a SELECT query")
        return result

    def ask(self, query: str, bindings: Mapping[str, Term] | None = None) -> bool:
        result = self.query(query, bindings)
        if result.form != "ask":
            raise ValueError("not an ASK query")
        return bool(result.boolean)


def plain(term: Term | None) -> str:
    """A term as text for people: IRIs as IRIs, literals as their value.

    >>> plain(ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    '3'
    """
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode | ox.Literal | ox.BlankNode):
        return term.value
    return str(term)


def is_literal(term: Term | None) -> bool:
    """Whether a cell holds a literal (a value), not an IRI, a blank node or nothing."""
    return isinstance(term, ox.Literal)


def to_records(result: Result) -> list[dict[str, str]]:
    return [{c: plain(v) for c, v in zip(result.columns, row, strict=True)} for row in result.rows]
