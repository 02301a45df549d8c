"""``kg serve``: the graph as a read-only SPARQL 1.1 endpoint on 127.0.0.1 for other tools.

Every query passes the same checks as the app's SPARQL page (kg.sandbox):
updates, SERVICE, LOAD and FROM are refused with 400, and queries run in
worker processes with a wall-clock limit and a row cap.
"""

from __future__ import annotations

import json
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from kg.results import to_json
from kg.sandbox import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT, Outcome, SandboxPool, to_table


def _payload(outcome: Outcome) -> tuple[int, str, bytes]:
    if outcome.kind == "refused":
        return 400, "text/plain; charset=utf-8", f"query refused: {outcome.message}".encode()
    if outcome.kind == "error":
        where = f"line {outcome.line}, column {outcome.column}: " if outcome.line else ""
        return 400, "text/plain; charset=utf-8", f"malformed query: {where}{outcome.message}".encode()
    if outcome.kind == "timeout":
        return 503, "text/plain; charset=utf-8", f"query stopped: {outcome.message}".encode()
    if outcome.kind == "ask":
        return 200, "application/sparql-results+json", json.dumps({"head": {}, "boolean": outcome.boolean}).encode()
    if outcome.kind == "construct":
        lines = [" ".join(str(term) for term in row) + " ." for row in to_table(outcome).rows]
        return 200, "application/n-triples", ("\n".join(lines) + "\n").encode()
    return 200, "application/sparql-results+json", to_json(to_table(outcome)).encode()


def make_handler(pool: SandboxPool, timeout: float, max_rows: int) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "kg-serve"

        def _answer(self, query: str | None) -> None:
            if not query:
                self._send(400, "text/plain; charset=utf-8", b"missing 'query' parameter")
                return
            self._send(*_payload(pool.run(query, timeout=timeout, max_rows=max_rows, lang="en")))

        def _send(self, status: int, content_type: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            parsed = urllib.parse.urlparse(self.path)
            if parsed.path not in ("/sparql", "/query"):
                self._send(404, "text/plain; charset=utf-8", b"the endpoint is /sparql")
                return
            self._answer(urllib.parse.parse_qs(parsed.query).get("query", [None])[0])

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length).decode("utf-8")
            if self.headers.get("Content-Type", "").startswith("application/sparql-query"):
                self._answer(body)
            else:
                self._answer(urllib.parse.parse_qs(body).get("query", [None])[0])

        def do_PUT(self) -> None:
            self._send(405, "text/plain; charset=utf-8", b"read-only endpoint")

        do_DELETE = do_PUT

        def log_message(self, format: str, *args: object) -> None:
            return

    return Handler


def serve(
    graph_file: Path, host: str = "127.0.0.1", port: int = 7879, *, timeout: float = DEFAULT_TIMEOUT, max_rows: int = DEFAULT_MAX_ROWS
) -> ThreadingHTTPServer:
    """A server ready to ``serve_forever()``; the caller owns its lifetime."""
    pool = SandboxPool(graph_file, workers=2)
    server = ThreadingHTTPServer((host, port), make_handler(pool, timeout, max_rows))
    server.pool = pool  # type: ignore[attr-defined]
    return server
