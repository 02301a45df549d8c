"""A SPARQL 1.1 endpoint as a store (Fuseki, GraphDB, Virtuoso, Oxigraph server).

Queries go over the SPARQL 1.1 Protocol; the graph is loaded over the Graph
Store Protocol (``kg push``). The protocol has no parameter binding, so bound
values travel in a ``VALUES`` block and in place of their variables in the
query's patterns (:func:`with_values`), written from typed RDF terms (their
N-Triples form, escaped by pyoxigraph), never from text pasted into the query.
"""

from __future__ import annotations

import io
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from kg.sparql.binding import with_values
from kg.sparql.embedded import syntax_error
from kg.sparql.errors import EndpointError, EndpointTimeout, QuerySyntaxError
from kg.sparql.result import AnswersEveryForm, Result, Term, from_oxigraph
from kg.vocab.prefixes import PREFIXES

TIMEOUT = 60.0
MAX_ANSWER_BYTES = 512 << 20  # what an endpoint may send; it is read as it streams, and only the rows kept are held
ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"


def check_endpoint(url: str) -> str:
    """An endpoint address that is an http(s) URL, else a ValueError that says so.

    >>> check_endpoint("ftp://example.org/sparql")
    Traceback (most recent call last):
    ValueError: the SPARQL endpoint must be an http:// or https:// URL, got 'ftp://example.org/sparql'
    """
    parsed = urllib.parse.urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ValueError(f"the SPARQL endpoint must be an http:// or https:// URL, got {url!r}")
    return url


def prologue() -> str:
    """The PREFIX declarations the app's queries may rely on, as query text."""
    return "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())


def request_text(query: str, bindings: Mapping[str, Term] | None = None) -> str:
    """Exactly the text an endpoint receives for a query: the prologue, then the query with its values."""
    return prologue() + with_values(query, bindings)


class RemoteStore(AnswersEveryForm):
    """Asks a SPARQL endpoint; ``store_url`` is its Graph Store Protocol address (for ``kg push``)."""

    def __init__(self, endpoint: str, *, store_url: str | None = None, timeout: float = TIMEOUT) -> None:
        self.endpoint = check_endpoint(endpoint)
        self.store_url = store_url or default_store_url(endpoint)
        self.timeout = timeout

    def send(self, text: str, *, max_rows: int | None = None, max_bytes: int | None = None) -> Result:
        """Send this exact text (prologue included) and read the answer, whatever its form, as it streams in:
        only the rows kept (``max_rows``, ``max_bytes``) are held, every one is counted."""
        body = urllib.parse.urlencode({"query": text}).encode("utf-8")
        request = urllib.request.Request(self.endpoint, data=body, headers={"Accept": ACCEPT, "Content-Type": "application/x-www-form-urlencoded"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                media = response.headers.get_content_type()
                return self._parse(io.BufferedReader(_Bounded(response, self), 1 << 16), media, max_rows, max_bytes)
        except urllib.error.HTTPError as err:
            detail = err.read(4096).decode("utf-8", "replace").strip()
            if err.code == 400:
                raise self._located(detail) from None
            raise EndpointError("query.endpoint.answered", endpoint=self.endpoint, code=err.code) from None
        except TimeoutError:
            raise EndpointTimeout("query.endpoint.late", endpoint=self.endpoint, seconds=self.timeout) from None
        except OSError as err:
            if isinstance(getattr(err, "reason", None), TimeoutError):
                raise EndpointTimeout("query.endpoint.late", endpoint=self.endpoint, seconds=self.timeout) from None
            raise EndpointError("query.endpoint.unreachable", endpoint=self.endpoint, reason=str(getattr(err, "reason", err))) from None

    def _parse(self, data: IO[bytes], media: str, max_rows: int | None, max_bytes: int | None) -> Result:
        try:
            if media in ("application/n-triples", "text/plain"):
                return from_oxigraph((q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)), max_rows, max_bytes)
            return from_oxigraph(ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON), max_rows, max_bytes)
        except (SyntaxError, ValueError) as err:
            raise EndpointError("query.endpoint.invalid", endpoint=self.endpoint, media=media, detail=str(err)[:200]) from None

    @staticmethod
    def _located(detail: str) -> QuerySyntaxError:
        """The endpoint's message, with the position in the query as the user wrote it."""
        return syntax_error(SyntaxError(detail[:1000]), shift=prologue().count("\n"))

    def query(self, query: str, bindings: Mapping[str, Term] | None = None, *, max_rows: int | None = None, max_bytes: int | None = None) -> Result:
        return self.send(request_text(query, bindings), max_rows=max_rows, max_bytes=max_bytes)

    def push(self, graph_file: Path, progress: Callable[[int, int], None] | None = None) -> None:
        """Replace the endpoint's default graph with ``graph_file`` (N-Triples) over the Graph Store Protocol."""
        self.put(graph_file.read_bytes(), None, progress)

    def drop(self, graph: str) -> None:
        """Remove the named graph ``graph`` from the endpoint (Graph Store Protocol DELETE); gone already is fine."""
        self._write(urllib.request.Request(self._graph_url(graph), method="DELETE"), missing_ok=True)

    def put(self, data: bytes, graph: str | None = None, progress: Callable[[int, int], None] | None = None) -> None:
        """Replace one graph of the endpoint (the default graph, or the named graph ``graph``) with N-Triples ``data``."""
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

        headers = {"Content-Type": "application/n-triples", "Content-Length": str(len(data))}
        self._write(urllib.request.Request(self._graph_url(graph), data=Reader(), method="PUT", headers=headers))  # type: ignore[arg-type]

    def _graph_url(self, graph: str | None) -> str:
        return f"{self.store_url}?default" if graph is None else f"{self.store_url}?graph={urllib.parse.quote(graph, safe='')}"

    def _write(self, request: urllib.request.Request, *, missing_ok: bool = False) -> None:
        """One Graph Store Protocol request; its refusal or an unreachable server as an EndpointError."""
        try:
            with urllib.request.urlopen(request, timeout=max(self.timeout, 600)) as response:
                response.read()
        except urllib.error.HTTPError as err:
            if not (missing_ok and err.code == 404):
                detail = err.read(300).decode("utf-8", "replace")
                raise EndpointError("query.endpoint.push_answered", url=request.full_url, code=err.code, detail=detail) from None
        except OSError as err:
            raise EndpointError("query.endpoint.push_unreachable", url=request.full_url, reason=str(err)) from None


class _Bounded(io.RawIOBase):
    """An answer read within the time limit and the size limit, as the parser asks for it.

    The socket timeout alone would not do: an endpoint that streams a huge
    answer never leaves the socket idle. Leaving the ``with`` block closes the
    connection, which stops the endpoint's work.
    """

    def __init__(self, response: Any, store: RemoteStore) -> None:
        self.response, self.store = response, store
        self.deadline = time.monotonic() + store.timeout
        self.size = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.response.read(min(len(buffer), 1 << 16))
        self.size += len(data)
        if time.monotonic() > self.deadline:
            raise EndpointTimeout("query.endpoint.unfinished", endpoint=self.store.endpoint, seconds=self.store.timeout)
        if self.size > MAX_ANSWER_BYTES:
            raise EndpointError("query.endpoint.too_large", endpoint=self.store.endpoint, mb=MAX_ANSWER_BYTES >> 20)
        buffer[: len(data)] = data
        return len(data)


def default_store_url(endpoint: str) -> str:
    """Oxigraph serves queries at /query and the Graph Store Protocol at /store.

    >>> default_store_url("http://127.0.0.1:7878/query")
    'http://127.0.0.1:7878/store'
    """
    base = endpoint.rsplit("/", 1)[0] if endpoint.rstrip("/").endswith(("/query", "/sparql")) else endpoint.rstrip("/")
    return f"{base}/store"
