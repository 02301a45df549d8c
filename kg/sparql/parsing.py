"""Where the guard's parses run: processes that can be stopped, in two lanes, so one slow parse holds up no one else.

rdflib's parser is pure Python and cannot be interrupted from another thread:
a 99 KB ``FILTER(1||1||…)`` keeps a parser busy for two minutes. So each parse
runs in a process of a small pebble pool, ended when it passes its time limit
(pebble counts from the moment a worker takes the task, not from the moment it
was queued) and replaced. Queries whose estimated size is small take the light
lane, the rest the heavy lane, so heavy parses queue only behind each other and
use at most one core. A text already being parsed is not parsed twice: the
second caller waits for the first parse.
"""

from __future__ import annotations

import multiprocessing as mp
import resource
import threading
from collections.abc import Callable
from concurrent.futures import CancelledError, Future
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from pebble import ProcessExpired, ProcessPool

from kg.sparql.limits import own_memory_limit

PARSE_SECONDS = 5.0
# How long a parse may wait for a free parser before its caller is told to try again.
QUEUE_SECONDS = 20.0
PARSER_MEMORY = 1 << 30
LANES = {"light": 2, "heavy": 1}  # parser processes per lane

R = TypeVar("R")


class ParseTimeout(Exception):
    """The parse passed its time limit; its process was ended."""


class ParseBusy(Exception):
    """No parser came free in time, or the parser died under it (ended from outside, say); the text was not parsed."""


def _start(memory_bytes: int) -> None:
    """A parser process's initializer: a bounded address space, so a parse cannot take the machine's memory."""
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    own_memory_limit()


class _Lanes:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pools: dict[str, ProcessPool] = {}
        self._running: dict[tuple[str, str], Future[Any]] = {}

    def _pool(self, lane: str) -> ProcessPool:
        pool = self._pools.get(lane)
        if pool is None or not pool.active:
            if pool is not None:
                pool.stop()
            pool = ProcessPool(max_workers=LANES[lane], initializer=_start, initargs=(PARSER_MEMORY,), context=mp.get_context("spawn"))
            self._pools[lane] = pool
        return pool

    def submit(self, lane: str, function: Callable[[str], R], text: str, seconds: float) -> Future[R]:
        key = (function.__qualname__, text)
        with self._lock:
            running = self._running.get(key)
            if running is not None:
                return running  # type: ignore[return-value]
            future = self._pool(lane).schedule(function, args=(text,), timeout=seconds)
            self._running[key] = future
        future.add_done_callback(lambda _: self._forget(key))
        return future  # type: ignore[no-any-return]

    def _forget(self, key: tuple[str, str]) -> None:
        with self._lock:
            self._running.pop(key, None)

    def discard(self, lane: str) -> None:
        with self._lock:
            pool = self._pools.pop(lane, None)
        if pool is not None:
            pool.stop()

    def stop(self) -> None:
        with self._lock:
            for pool in self._pools.values():
                pool.stop()
            self._pools.clear()


_LANES = _Lanes()


def parse_in_lane(lane: str, function: Callable[[str], R], text: str, *, seconds: float = PARSE_SECONDS) -> R:
    """``function(text)`` in a parser process of ``lane``.

    ParseTimeout when the parse itself passes ``seconds`` (its process is
    ended); ParseBusy when no parser took it within QUEUE_SECONDS.
    """
    future = _LANES.submit(lane, function, text, seconds)
    try:
        try:
            return future.result(timeout=QUEUE_SECONDS)
        except TimeoutError:  # pebble's task timeout and a wait that ran out are both TimeoutError
            if future.done():
                raise ParseTimeout() from None
            if not future.running() and future.cancel():
                raise ParseBusy() from None
        try:
            return future.result()  # it is running now: pebble ends it within ``seconds``
        except TimeoutError:
            raise ParseTimeout() from None
    except BrokenProcessPool:
        _LANES.discard(lane)  # the next parse starts a fresh pool
        raise ParseBusy() from None
    except (ProcessExpired, CancelledError):
        raise ParseBusy() from None
