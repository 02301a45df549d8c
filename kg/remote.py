"""A SPARQL 1.1 endpoint as a :class:`kg.store.Store` (Fuseki, GraphDB, Virtuoso, Oxigraph server).

Queries go over the SPARQL 1.1 Protocol; the graph is loaded over the Graph
Store Protocol (``kg push``). The protocol has no parameter binding, so bound
values travel in a ``VALUES`` block written from typed RDF terms (their
N-Triples form, escaped by pyoxigraph), never from text pasted into the query.
"""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.queries import PREFIXES
from kg.sandbox import STRIP
from kg.store import QuerySyntaxError, Table, Term

TIMEOUT = 60.0
MAX_ANSWER_BYTES = 512 << 20  # the memory an answer may take in the app


class EndpointError(RuntimeError):
    """The endpoint could not be reached or answered with an error."""


class EndpointTimeout(EndpointError):
    """The endpoint did not answer within the time limit (the connection was closed)."""


def _prologue() -> str:
    return "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())


def with_values(query: str, bindings: Mapping[str, Term] | None) -> str:
    """The query with its bound variables in a VALUES block at the start of its WHERE group.

    At the start, not trailing: a trailing VALUES is joined after ``LIMIT`` by
    Oxigraph (``entity-summary`` then finds nothing) and after the whole graph
    has been matched; at the start of the group it narrows the match first, as
    the embedded store's substitution does.

    >>> with_values("SELECT ?x WHERE { ?x ?p ?o } LIMIT 1", {"x": ox.NamedNode("http://example.org/a")})
    'SELECT ?x WHERE { VALUES (?x) { (<http://example.org/a>) } ?x ?p ?o } LIMIT 1'
    >>> with_values('CONSTRUCT { ?x ?p "{" } WHERE { ?x ?p ?o }', {"x": ox.NamedNode("http://example.org/a")})
    'CONSTRUCT { ?x ?p "{" } WHERE { VALUES (?x) { (<http://example.org/a>) } ?x ?p ?o }'
    """
    if not bindings:
        return query
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(str(term) for term in bindings.values())
    block = f"VALUES ({names}) {{ ({values}) }}"
    brace = _where_brace(query)
    if brace is None:
        return f"{query}\n{block}"
    return f"{query[: brace + 1]} {block}{query[brace + 1 :]}"


_TOKENS = re.compile(STRIP.pattern + r"|(?i:\bWHERE\b)|\{")


def _where_brace(query: str) -> int | None:
    """Where the WHERE group opens: the brace after the WHERE keyword, else the first brace
    (``SELECT * { … }``); braces in strings, IRIs and comments do not count."""
    first = None
    after_where = False
    for match in _TOKENS.finditer(query):
        token = match.group(0)
        if token == "{":
            if after_where:
                return match.start()
            first = match.start() if first is None else first
        elif token.upper() == "WHERE":
            after_where = True
    return first


def _located(query: str, detail: str) -> QuerySyntaxError:
    """The endpoint's message, with the position found in the query as the user wrote it."""
    from kg.store import _syntax_error

    shift = _prologue().count("\n")
    adjusted = re.sub(r"error at (\d+):", lambda m: f"error at {max(1, int(m.group(1)) - shift)}:", detail)
    return _syntax_error(query, SyntaxError(adjusted))


class RemoteStore:
    """Asks a SPARQL endpoint; ``store_url`` is its Graph Store Protocol address (for ``kg push``)."""

    def __init__(self, endpoint: str, *, store_url: str | None = None, timeout: float = TIMEOUT) -> None:
        self.endpoint = endpoint
        self.store_url = store_url or default_store_url(endpoint)
        self.timeout = timeout

    def _post(self, query: str, accept: str) -> bytes:
        text = _prologue() + query
        body = urllib.parse.urlencode({"query": text}).encode("utf-8")
        request = urllib.request.Request(self.endpoint, data=body, headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return self._read(response)
        except urllib.error.HTTPError as err:
            detail = err.read().decode("utf-8", "replace").strip()
            if err.code == 400:
                raise _located(query, detail) from err
            raise EndpointError(f"{self.endpoint} answered {err.code}: {detail[:300]}") from err
        except TimeoutError as err:
            raise EndpointTimeout(f"{self.endpoint} did not answer within {self.timeout:g} s") from err
        except OSError as err:
            if isinstance(getattr(err, "reason", None), TimeoutError):
                raise EndpointTimeout(f"{self.endpoint} did not answer within {self.timeout:g} s") from err
            raise EndpointError(f"cannot reach {self.endpoint}: {err}") from err

    def _read(self, response: Any) -> bytes:
        """The whole answer, within the time limit and the size limit.

        The socket timeout alone would not do: an endpoint that streams a huge
        answer never leaves the socket idle. Leaving the ``with`` block closes
        the connection, which stops the endpoint's work.
        """
        deadline = time.monotonic() + self.timeout
        chunks, size = [], 0
        while chunk := response.read(1 << 16):
            chunks.append(chunk)
            size += len(chunk)
            if time.monotonic() > deadline:
                raise EndpointTimeout(f"{self.endpoint} did not finish within {self.timeout:g} s")
            if size > MAX_ANSWER_BYTES:
                raise EndpointError(f"{self.endpoint} sent more than {MAX_ANSWER_BYTES >> 20} MB; narrow the query")
        return b"".join(chunks)

    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> Table:
        data = self._post(with_values(query, bindings), "application/sparql-results+json")
        result = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
        if not isinstance(result, ox.QuerySolutions):
            raise ValueError("not a SELECT query")
        columns = [v.value for v in result.variables]
        return Table(columns, [[solution[c] for c in columns] for solution in result])

    def ask(self, query: str, bindings: Mapping[str, Term] | None = None) -> bool:
        data = self._post(with_values(query, bindings), "application/sparql-results+json")
        return bool(ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON))

    def construct(self, query: str, bindings: Mapping[str, Term] | None = None) -> list[ox.Triple]:
        data = self._post(with_values(query, bindings), "application/n-triples")
        return [quad.triple for quad in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]

    def push(self, graph_file: Path, progress: Callable[[int, int], None] | None = None) -> None:
        """Replace the endpoint's default graph with ``graph_file`` (N-Triples) over the Graph Store Protocol."""
        data = graph_file.read_bytes()
        chunk = max(1, len(data) // 20)

        class Reader:
            def __init__(self) -> None:
                self.sent = 0

            def read(self, size: int = -1) -> bytes:
                size = chunk if size < 0 else min(size, chunk)
                piece = data[self.sent : self.sent + size]
                self.sent += len(piece)
                if progress and piece:
                    progress(self.sent, len(data))
                return piece

        url = f"{self.store_url}?default"
        request = urllib.request.Request(url, data=Reader(), method="PUT", headers={"Content-Type": "application/n-triples", "Content-Length": str(len(data))})  # type: ignore[arg-type]
        try:
            with urllib.request.urlopen(request, timeout=max(self.timeout, 600)) as response:
                response.read()
        except urllib.error.HTTPError as err:
            raise EndpointError(f"{url} answered {err.code}: {err.read().decode('utf-8', 'replace')[:300]}") from err
        except OSError as err:
            raise EndpointError(f"cannot reach {url}: {err}") from err


def default_store_url(endpoint: str) -> str:
    """Oxigraph serves queries at /query and the Graph Store Protocol at /store.

    >>> default_store_url("http://127.0.0.1:7878/query")
    'http://127.0.0.1:7878/store'
    """
    base = endpoint.rsplit("/", 1)[0] if endpoint.rstrip("/").endswith(("/query", "/sparql")) else endpoint.rstrip("/")
    return f"{base}/store"
