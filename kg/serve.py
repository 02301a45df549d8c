"""``kg serve``: the graph as a read-only SPARQL 1.1 endpoint, on uvicorn and Starlette.

Every query passes the same guard and sandbox as the app's SPARQL page
(:mod:`kg.sparql.sandbox`): updates, SERVICE and dataset clauses are refused
with 400, and queries run in network-less worker processes with a wall-clock
limit and a row cap. Around that, the HTTP layer holds against clients that
misbehave: a body limit (413), header, body and idle timeouts, a ``Host``
allow-list against DNS rebinding, only the protocol's content types, and no
cross-origin use unless asked for.
"""

from __future__ import annotations

import asyncio
import resource
import urllib.parse
from typing import Any

import h11
import uvicorn
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from uvicorn.protocols.http.h11_impl import H11Protocol

from kg.sparql.errors import QueryProblem
from kg.sparql.guard import guard
from kg.sparql.limits import DEFAULTS, Limits
from kg.sparql.result import Result
from kg.sparql.sandbox import Sandbox
from kg.sparql.writers import negotiate

STATUS = {"refused": 400, "syntax": 400, "error": 400, "timeout": 503, "memory": 503, "unavailable": 503, "busy": 503}


class _Refuse(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


async def _body(request: Request, limits: Limits) -> bytes:
    """The request body, refused past the size limit (413) or the time limit (408)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limits.max_body:
        raise _Refuse(413, f"request body larger than {limits.max_body} bytes")
    chunks, size = [], 0
    try:
        async with asyncio.timeout(limits.body_timeout):
            async for chunk in request.stream():
                size += len(chunk)
                if size > limits.max_body:
                    raise _Refuse(413, f"request body larger than {limits.max_body} bytes")
                chunks.append(chunk)
    except TimeoutError:
        raise _Refuse(408, f"request body not received within {limits.body_timeout:g} s") from None
    return b"".join(chunks)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise _Refuse(400, "the request is not UTF-8") from None


async def _query_text(request: Request, limits: Limits) -> str:
    """The query of a SPARQL 1.1 Protocol request: GET ?query=, POST form, or POST application/sparql-query."""
    if request.method == "GET":
        params = urllib.parse.parse_qs(request.url.query, keep_blank_values=True)
    else:
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = _decode(await _body(request, limits))
        if media == "application/sparql-query":
            params = {"query": [body], **urllib.parse.parse_qs(request.url.query)}
        elif media == "application/x-www-form-urlencoded":
            params = urllib.parse.parse_qs(body, keep_blank_values=True)
        else:
            raise _Refuse(415, "send the query as application/sparql-query or application/x-www-form-urlencoded")
    if params.get("default-graph-uri") or params.get("named-graph-uri"):
        raise _Refuse(400, "query refused: default-graph-uri and named-graph-uri are not supported; the query runs over the whole graph")
    queries = params.get("query") or []
    if len(queries) != 1 or not queries[0].strip():
        raise _Refuse(400, "give exactly one 'query' parameter")
    return queries[0]


def _origin_allowed(request: Request, limits: Limits) -> bool:
    """Without CORS, only pages served from an allowed host may send queries from a browser."""
    origin = request.headers.get("origin")
    if origin is None or origin in limits.cors_origins:
        return True
    host = urllib.parse.urlsplit(origin).hostname or ""
    return host in limits.allowed_hosts or f"[{host}]" in limits.allowed_hosts


def make_app(sandbox: Sandbox, limits: Limits = DEFAULTS) -> Starlette:
    """The ASGI application: /sparql (and /query) over a sandbox."""

    # Answers held at once: each is capped (max_bytes) and written out once, so this bounds the process's memory.
    # The guard's parse comes before the gate, so a slow parse holds up no answer.
    gate = asyncio.Semaphore(limits.answers)

    async def sparql(request: Request) -> Response:
        try:
            if not _origin_allowed(request, limits):
                raise _Refuse(403, "cross-origin requests are off (kg serve --cors ORIGIN allows one)")
            text = await _query_text(request, limits)
            await run_in_threadpool(guard, text)
            async with gate:
                result = await run_in_threadpool(sandbox.run, text, timeout=limits.timeout, max_rows=limits.max_rows, max_bytes=limits.max_bytes)
                return _answer(request, result)
        except _Refuse as refusal:
            return PlainTextResponse(refusal.message + "\n", refusal.status)
        except QueryProblem as problem:
            headers = {"Retry-After": "5"} if problem.kind == "busy" else None
            return PlainTextResponse(problem.for_terminal() + "\n", STATUS.get(problem.kind, 500), headers)

    async def home(request: Request) -> Response:
        return PlainTextResponse("read-only SPARQL 1.1 endpoint: /sparql\n")

    middleware = [Middleware(TrustedHostMiddleware, allowed_hosts=list(limits.allowed_hosts))]
    if limits.cors_origins:
        middleware.append(
            Middleware(CORSMiddleware, allow_origins=list(limits.cors_origins), allow_methods=["GET", "POST"], allow_headers=["Content-Type", "Accept"])
        )
    routes = [Route("/", home, methods=["GET"]), Route("/sparql", sparql, methods=["GET", "POST"]), Route("/query", sparql, methods=["GET", "POST"])]
    return Starlette(routes=routes, middleware=middleware)


def _answer(request: Request, result: Result) -> Response:
    """The result in the type the client accepts, saying in headers what was left out."""
    fmt = negotiate(request.headers.get("accept"), result.form)
    if fmt is None:
        kinds = "SPARQL results JSON, XML, CSV or TSV" if result.form != "graph" else "N-Triples or Turtle"
        return PlainTextResponse(f"cannot answer in the requested type; this result is available as {kinds}\n", 406)
    headers = {"Vary": "Accept"}
    if result.capped:
        headers["X-Total-Rows"] = str(result.total)
    if result.cut_at_bytes:  # the rows sent stopped at the byte cap, not the row cap
        headers["X-Cut-At-Bytes"] = str(result.cut_at_bytes)
    return Response(fmt.write(result).encode("utf-8"), media_type=fmt.media_type, headers=headers)


def limit_memory(megabytes: int) -> None:
    """Bound this process's data (heap and private memory, thread stacks included): past it an allocation fails
    and that request gets 500, instead of the machine swapping. Child processes set their own limits."""
    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    wanted = megabytes << 20
    resource.setrlimit(resource.RLIMIT_DATA, (wanted if hard == resource.RLIM_INFINITY else min(wanted, hard), hard))


class HeaderDeadlineProtocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with a deadline on receiving a request's headers.

    uvicorn closes idle keep-alive connections but lets a client take forever
    to send headers, so a few hundred half-open connections (slowloris) would
    stay open for good. Here each request must finish its headers within
    ``header_timeout`` seconds of the connection opening or the previous
    response ending.
    """

    header_timeout = 10.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def _arm(self) -> None:
        self._armed_for = self.cycle
        self._deadline: asyncio.TimerHandle | None = self.loop.call_later(self.header_timeout, self._expire)

    def _disarm(self) -> None:
        if getattr(self, "_deadline", None) is not None:
            self._deadline.cancel()  # type: ignore[union-attr]
            self._deadline = None

    def _expire(self) -> None:
        if self.cycle is self._armed_for and not self.transport.is_closing():
            self.transport.close()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.cycle is not self._armed_for:  # a new request's headers are complete
            self._disarm()

    def on_response_complete(self) -> None:
        self._disarm()
        if not self.transport.is_closing() and self.conn.our_state is h11.DONE:
            self._arm()
        super().on_response_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)


def make_server(sandbox: Sandbox, host: str, port: int, limits: Limits = DEFAULTS, **config: Any) -> uvicorn.Server:
    """A uvicorn server for the endpoint, ready to ``run()``; the caller owns the sandbox."""
    protocol = type("Protocol", (HeaderDeadlineProtocol,), {"header_timeout": limits.header_timeout})
    settings = uvicorn.Config(
        make_app(sandbox, limits),
        host=host,
        port=port,
        http=protocol,
        lifespan="off",
        timeout_keep_alive=limits.idle_timeout,
        h11_max_incomplete_event_size=16 * 1024,
        log_level="warning",
        access_log=False,
        server_header=False,
        **config,
    )
    return uvicorn.Server(settings)
