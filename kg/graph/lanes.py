"""Worker processes for the build, each with a queue of its own.

A report's two passes (its claims, then its build) go to the same worker, which
keeps the few reports it parsed last: each report is parsed once. With one
lane, the work runs in the build's own process, with nothing to start.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

__all__ = ["BrokenProcessPool", "Lanes"]


class Lanes:
    """``count`` worker processes started with ``start(*args)``; with one, ``local()`` prepares this process instead."""

    def __init__(self, count: int, start: Callable[..., None], args: tuple[Any, ...], local: Callable[[], None]) -> None:
        self.count = max(1, count)
        self.pools: list[ProcessPoolExecutor] = []
        if self.count > 1:
            context = mp.get_context("spawn")  # a fresh interpreter: no threads or open store inherited
            self.pools = [ProcessPoolExecutor(1, mp_context=context, initializer=start, initargs=args) for _ in range(self.count)]
        else:
            local()
        self.in_flight = [0] * self.count

    def submit(self, lane: int, func: Callable[..., Any], *args: Any) -> Future[Any]:
        """Run ``func(*args)`` on lane ``lane``; in this process, at once."""
        self.in_flight[lane] += 1
        if self.pools:
            return self.pools[lane].submit(func, *args)
        future: Future[Any] = Future()
        try:
            future.set_result(func(*args))
        except BaseException as err:  # handed to the caller through the future, as a pool would
            future.set_exception(err)
        return future

    def finished(self, lane: int) -> None:
        self.in_flight[lane] -= 1

    def idlest(self) -> int:
        return min(range(self.count), key=lambda lane: self.in_flight[lane])

    def close(self) -> None:
        for pool in self.pools:
            pool.shutdown(cancel_futures=True)
