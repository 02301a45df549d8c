"""Run SPARQL typed by a user: read-only, no way out, bounded in time, rows and memory.

Two layers. The guard (:mod:`kg.sparql.guard`) refuses, on a real parse,
updates, ``SERVICE`` and dataset clauses before anything runs. Queries then run
in worker processes (pebble's process pool) that have no network at all and a
bounded address space. A query past its time limit is stopped by ending its
worker; a worker that dies (out of memory, a crash in the engine) is replaced
before the next query, so one bad query never holds up the others.

Both layers run the text the guard judged, its escapes expanded (decision
0014). On a remote endpoint only the guard stands in this process; the endpoint
must give the second layer itself (README, "A shared SPARQL server").
"""

from __future__ import annotations

import multiprocessing as mp
import signal
import threading
from collections.abc import Mapping
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from pebble import ProcessExpired, ProcessFuture, ProcessPool

from kg.sparql import worker
from kg.sparql.errors import EndpointTimeout, EngineError, QueryMemoryError, QuerySyntaxError, QueryTimeout, SandboxBusy
from kg.sparql.guard import guard
from kg.sparql.limits import MAX_TIMEOUT, Limits
from kg.sparql.remote import RemoteStore, prologue, request_text
from kg.sparql.result import Result, Term

MEMORY_LIMIT = 2 * 1024**3
# How long a query may wait for a free worker before it is turned away, so a burst of
# runaways makes the next callers wait a bounded time instead of an unbounded queue.
QUEUE_SECONDS = 15.0
# A Rust allocation failure aborts; the kernel's OOM killer sends SIGKILL.
MEMORY_SIGNALS = {-signal.SIGABRT, -signal.SIGKILL, -signal.SIGBUS}


class Sandbox:
    """Where typed queries run. ``run`` returns a :class:`Result` or raises a :class:`kg.sparql.errors.QueryProblem`."""

    def run(
        self,
        query: str,
        *,
        timeout: float | None = Limits.timeout,
        max_rows: int | None = Limits.max_rows,
        max_bytes: int | None = Limits.max_bytes,
        bindings: Mapping[str, Term] | None = None,
    ) -> Result:
        """The query's answer; every way it can fail is a :class:`kg.sparql.errors.QueryProblem`."""
        if timeout is not None and not 0 < timeout <= MAX_TIMEOUT:
            raise ValueError(f"a query's time limit must be above 0 and at most {MAX_TIMEOUT:g} s, not {timeout}")
        return self._run(query, timeout, (max_rows, max_bytes), dict(bindings or {}))

    def _run(self, query: str, timeout: float | None, caps: tuple[int | None, int | None], bindings: dict[str, Term]) -> Result:
        raise NotImplementedError

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release what the sandbox holds."""


class LocalSandbox(Sandbox):
    """Worker processes over the built graph file, each with its own copy, none with a network."""

    def __init__(self, graph_path: Path, *, workers: int = Limits.workers, memory_bytes: int = MEMORY_LIMIT, queue_seconds: float = QUEUE_SECONDS) -> None:
        self.graph_path = graph_path
        self.queue_seconds = queue_seconds
        self._settings = (workers, memory_bytes)
        self._lock = threading.Lock()
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPool:
        workers, memory_bytes = self._settings
        return ProcessPool(max_workers=workers, initializer=worker.start, initargs=(str(self.graph_path), memory_bytes), context=mp.get_context("spawn"))

    def _schedule(self, args: tuple[object, ...], timeout: float | None) -> ProcessFuture:
        """Hand the query to a worker. pebble gives up on the whole pool when an idle worker dies
        (killed from outside, say); then a fresh pool takes its place, so the next query still runs."""
        with self._lock:
            if not self._pool.active:
                self._pool.stop()
                self._pool = self._new_pool()
            try:
                return self._pool.schedule(worker.run, args=args, timeout=timeout)
            except RuntimeError:
                self._pool.stop()
                self._pool = self._new_pool()
                return self._pool.schedule(worker.run, args=args, timeout=timeout)

    def _run(self, query: str, timeout: float | None, caps: tuple[int | None, int | None], bindings: dict[str, Term]) -> Result:
        future = self._schedule((guard(query).text, bindings, *caps), timeout)
        try:
            return self._answer(future, timeout)
        except (TimeoutError, FutureTimeout):
            raise QueryTimeout(timeout or 0) from None
        except BrokenProcessPool:
            raise EngineError("query.workers_stopped") from None
        except ProcessExpired as err:
            if err.exitcode in MEMORY_SIGNALS:
                raise QueryMemoryError() from None
            raise EngineError("query.engine_stopped", code=err.exitcode) from None

    def _answer(self, future: ProcessFuture, timeout: float | None) -> Result:
        """The future's result; a query that never got a worker within QUEUE_SECONDS is withdrawn.
        Once running, pebble's own deadline ends it."""
        try:
            return future.result(timeout=self.queue_seconds + (timeout or 0))
        except (TimeoutError, FutureTimeout):
            if future.done():
                raise
            if future.cancel():
                raise SandboxBusy(self.queue_seconds) from None
            return future.result()

    def close(self) -> None:
        self._pool.stop()
        self._pool.join(timeout=10)


class RemoteSandbox(Sandbox):
    """The same guard and limits for a SPARQL endpoint: the checked text is the text sent.

    The wall-clock limit is a deadline on the whole answer: the connection is
    closed when it passes, which is how a client stops an endpoint's work
    (Oxigraph stops evaluating a query whose client has gone; Fuseki, GraphDB
    and Virtuoso also apply their own limits). The row cap is applied to the
    answer, with the total reported.
    """

    def __init__(self, endpoint: str) -> None:
        self.endpoint = endpoint

    def _run(self, query: str, timeout: float | None, caps: tuple[int | None, int | None], bindings: dict[str, Term]) -> Result:
        text = request_text(query, bindings)
        try:
            checked = guard(text)
        except QuerySyntaxError as err:  # point into the query as the user wrote it, not into the prologue
            shift = prologue().count("\n")
            raise err.at(max(1, err.line - shift) if err.line else None) from None
        try:
            return RemoteStore(self.endpoint, timeout=timeout or 3600).send(checked.text, max_rows=caps[0], max_bytes=caps[1])
        except EndpointTimeout:
            raise QueryTimeout(timeout or 0) from None
