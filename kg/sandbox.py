"""Run SPARQL typed by a user: read-only, no way out, bounded in time, rows and memory.

Checks happen before anything runs: updates, ``SERVICE``, ``LOAD`` and
``FROM``/``FROM NAMED`` are refused with a plain explanation. Queries then run
in separate worker processes that hold their own copy of the graph; a query
that passes its wall-clock limit is stopped by ending its worker (which really
stops the work), and a fresh worker takes its place, so one runaway query
never holds up the others.
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import re
import resource
import threading
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.store import EmbeddedStore, QuerySyntaxError

DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_ROWS = 5000
MEMORY_LIMIT = 2 * 1024**3
UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
STRIP = re.compile(
    r'#[^\n]*|"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'|<[^<>"{}|^`\\\s]*>'
    r"|[?$]\w+|[\w-]*:[\w.-]*"  # variables and prefixed names are never keywords
)


@dataclass(frozen=True)
class Refusal:
    reason: str  # update | service | from
    nl: str
    en: str

    def message(self, lang: str = "nl") -> str:
        return self.en if lang == "en" else self.nl


def _keywords(query: str) -> list[str]:
    """Upper-case words outside comments, strings and IRIs."""
    return re.findall(r"[A-Za-z]+", STRIP.sub(" ", query).upper())


def _is_update(words: list[str]) -> bool:
    """An update keyword before any query form (a variable named ?delete comes after SELECT)."""
    for word in words:
        if word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return False
        if word in UPDATE_WORDS:
            return True
    return False


def check_query(query: str) -> Refusal | None:
    """Refuse what is not a read-only query on the loaded graph.

    >>> check_query("SELECT * { ?s ?p ?o }") is None
    True
    >>> check_query("INSERT DATA { <a:b> <a:c> <a:d> }").reason
    'update'
    >>> check_query('SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }').reason
    'service'
    >>> check_query('SELECT ?load { ?s wtv:service "FROM SERVICE" }') is None
    True
    """
    words = _keywords(query)
    if _is_update(words):
        return Refusal(
            "update",
            "Dit is een wijziging (zoals INSERT, DELETE, LOAD of DROP). De kennisgraaf kan hier alleen gelezen worden.",
            "This is an update (such as INSERT, DELETE, LOAD or DROP). The knowledge graph is read-only here.",
        )
    if "SERVICE" in words:
        return Refusal(
            "service",
            "SERVICE vraagt gegevens op bij een andere server. Deze verkenner bevraagt alleen zijn eigen kennisgraaf.",
            "SERVICE asks another server for data. This explorer only queries its own knowledge graph.",
        )
    if "LOAD" in words:
        return Refusal("update", "LOAD haalt gegevens van buiten binnen; dat kan hier niet.", "LOAD brings in data from outside; that is not possible here.")
    if "FROM" in words:
        return Refusal(
            "from",
            "FROM en FROM NAMED wijzen naar een andere graaf. Laat ze weg: de query loopt altijd over de hele kennisgraaf.",
            "FROM and FROM NAMED point to another graph. Leave them out: the query always runs over the whole knowledge graph.",
        )
    return None


# -- results that can cross a process boundary -------------------------------

Cell = tuple[str, str, str, str] | None  # (kind, value, language, datatype)


def _cell(term: Any) -> Cell:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ("uri", term.value, "", "")
    if isinstance(term, ox.BlankNode):
        return ("bnode", term.value, "", "")
    if isinstance(term, ox.Literal):
        return ("literal", term.value, term.language or "", term.datatype.value)
    return ("triple", str(term), "", "")


@dataclass
class Outcome:
    kind: str  # select | ask | construct | refused | error | timeout
    columns: list[str] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    total: int = 0
    boolean: bool | None = None
    message: str = ""
    line: int | None = None
    column: int | None = None

    @property
    def capped(self) -> bool:
        return self.total > len(self.rows)


def _term(cell: Cell) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    assert cell is not None
    kind, value, language, datatype = cell
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(value)
    if language:
        return ox.Literal(value, language=language)
    return ox.Literal(value, datatype=ox.NamedNode(datatype)) if datatype else ox.Literal(value)


def _execute(store: EmbeddedStore, query: str, max_rows: int, bindings: dict[str, Cell] | None = None) -> Outcome:
    try:
        terms = {name: _term(cell) for name, cell in (bindings or {}).items()}
        result = store._run(query, terms or None)
    except QuerySyntaxError as err:
        return Outcome("error", message=err.detail, line=err.line, column=err.column)
    except (ValueError, RuntimeError, OSError) as err:
        return Outcome("error", message=str(err))
    if isinstance(result, ox.QueryBoolean):
        return Outcome("ask", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        columns = [v.value for v in result.variables]
        rows, total = [], 0
        for solution in result:
            total += 1
            if total <= max_rows:
                rows.append([_cell(solution[c]) for c in columns])
        return Outcome("select", columns, rows, total)
    triples, total = [], 0
    for triple in result:  # type: ignore[attr-defined]
        total += 1
        if total <= max_rows:
            triples.append([_cell(triple.subject), _cell(triple.predicate), _cell(triple.object)])
    return Outcome("construct", ["subject", "predicate", "object"], triples, total)


def _worker(graph_path: str, conn: Connection) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    store = EmbeddedStore.from_file(Path(graph_path))
    conn.send("ready")
    while True:
        message = conn.recv()
        if message is None:
            return
        query, max_rows, bindings = message
        try:
            conn.send(_execute(store, query, max_rows, bindings))
        except MemoryError:
            conn.send(Outcome("error", message="the query needs more memory than allowed"))


class _Worker:
    def __init__(self, graph_path: Path) -> None:
        ctx = mp.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker, args=(str(graph_path), child), daemon=True)
        self.process.start()
        self.ready = False

    def wait_ready(self, timeout: float) -> bool:
        try:
            if not self.ready and self.conn.poll(timeout):
                self.ready = self.conn.recv() == "ready"
        except (EOFError, OSError):
            self.ready = False
        return self.ready

    def stop(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class Sandbox:
    """Where typed queries run: refusals first (one implementation for every store), then the store's own limits."""

    def run(
        self,
        query: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        max_rows: int = DEFAULT_MAX_ROWS,
        lang: str = "nl",
        bindings: dict[str, Any] | None = None,
    ) -> Outcome:
        refusal = check_query(query)
        if refusal is not None:
            return Outcome("refused", message=refusal.message(lang))
        return self._run(query, timeout, max_rows, bindings or {})

    def _run(self, query: str, timeout: float, max_rows: int, bindings: dict[str, Any]) -> Outcome:
        raise NotImplementedError

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release what the sandbox holds."""


class SandboxPool(Sandbox):
    """A few worker processes, each with the graph loaded, taking one query at a time."""

    def __init__(self, graph_path: Path, workers: int = 2) -> None:
        self.graph_path = graph_path
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        for _ in range(workers):
            self._idle.put(_Worker(graph_path))

    def _run(self, query: str, timeout: float, max_rows: int, bindings: dict[str, Any]) -> Outcome:
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            return Outcome("timeout", message=f"no free worker within {timeout:g} s")
        if not worker.wait_ready(60):
            worker.stop()
            self._idle.put(_Worker(self.graph_path))
            return Outcome("error", message="the query worker did not start")
        worker.conn.send((query, max_rows, {k: _cell(v) for k, v in bindings.items()}))
        if worker.conn.poll(timeout):
            outcome: Outcome = worker.conn.recv()
            self._idle.put(worker)
            return outcome
        worker.stop()  # the only way to really stop a running query
        self._idle.put(_Worker(self.graph_path))
        return Outcome("timeout", message=f"stopped after {timeout:g} s")

    def close(self) -> None:
        while not self._idle.empty():
            self._idle.get_nowait().stop()


def query_form(query: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first query-form keyword outside comments, strings and IRIs.

    >>> query_form("# SELECT\\nASK { ?s ?p 'SELECT' }")
    'ASK'
    """
    return next((w for w in _keywords(query) if w in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")), "SELECT")


class RemoteSandbox(Sandbox):
    """The same checks and limits for a SPARQL endpoint instead of the built file.

    Refusals happen before anything is sent. The wall-clock limit is the HTTP
    timeout: the connection is closed when it passes, which is how a client stops
    an endpoint's work (Oxigraph stops evaluating a query whose client has gone;
    Fuseki, GraphDB and Virtuoso also apply their own server-side limits). The
    row cap is applied to the answer, with the total reported.
    """

    def __init__(self, endpoint: str) -> None:
        self.endpoint = endpoint

    def _run(self, query: str, timeout: float, max_rows: int, bindings: dict[str, Any]) -> Outcome:
        from kg.remote import EndpointError, EndpointTimeout, RemoteStore

        remote = RemoteStore(self.endpoint, timeout=timeout)
        form = query_form(query)
        try:
            if form == "ASK":
                return Outcome("ask", boolean=remote.ask(query, bindings))
            if form in ("CONSTRUCT", "DESCRIBE"):
                triples = remote.construct(query, bindings)
                rows = [[_cell(t.subject), _cell(t.predicate), _cell(t.object)] for t in triples[:max_rows]]
                return Outcome("construct", ["subject", "predicate", "object"], rows, len(triples))
            table = remote.select(query, bindings)
            return Outcome("select", table.columns, [[_cell(c) for c in row] for row in table.rows[:max_rows]], len(table.rows))
        except QuerySyntaxError as err:
            return Outcome("error", message=err.detail, line=err.line, column=err.column)
        except EndpointTimeout:
            return Outcome("timeout", message=f"stopped after {timeout:g} s")
        except (EndpointError, ValueError) as err:
            return Outcome("error", message=str(err))


def to_table(outcome: Outcome) -> Any:
    """A SELECT outcome as a :class:`kg.store.Table` of pyoxigraph terms."""
    from kg.store import Table

    return Table(outcome.columns, [[_term(c) if c is not None else None for c in row] for row in outcome.rows])
