"""What runs inside a query process: cut off from the network first, then the graph, then one query at a time.

Kept small on purpose: a worker that replaces a dead one imports only this,
pyoxigraph and the store, so it is ready again in about a second.
"""

from __future__ import annotations

import contextlib
import ctypes
import signal
from collections.abc import Mapping
from pathlib import Path

from kg.sparql.embedded import EmbeddedStore
from kg.sparql.errors import EngineError, QueryMemoryError, QueryProblem, SandboxUnavailable
from kg.sparql.isolation import IsolationError, isolate
from kg.sparql.result import Result, Term

_state: dict[str, object] = {}


def start(graph_path: str, memory_bytes: int) -> None:
    """The worker's initializer. Never raises: a worker that cannot start says why on its first query."""
    try:
        isolate(memory_bytes)
    except IsolationError as err:
        _state["problem"] = SandboxUnavailable("query.unavailable", reason=err.strerror)
        return
    try:
        _state["store"] = EmbeddedStore.from_file(Path(graph_path))
    except (OSError, ValueError, MemoryError) as err:
        _state["problem"] = EngineError("query.no_graph", detail=str(err))


def run(query: str, bindings: Mapping[str, Term] | None, max_rows: int | None, max_bytes: int | None = None) -> Result:
    """One query in this worker, as a :class:`Result`; every failure as a :class:`QueryProblem`."""
    problem = _state.get("problem")
    if isinstance(problem, QueryProblem):
        raise problem
    store = _state["store"]
    assert isinstance(store, EmbeddedStore)
    # pebble's SIGTERM handler is Python code, which cannot run while the engine is busy in Rust:
    # a query past its time would then live on for pebble's three-second grace. During a query,
    # SIGTERM ends the worker at once; between queries pebble's own handler stands.
    previous = signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        return store.query(query, bindings, max_rows=max_rows, max_bytes=max_bytes)  # capped here, before it is sent back
    except QueryProblem:
        raise
    except MemoryError:
        raise QueryMemoryError() from None
    except (RuntimeError, OSError, ValueError) as err:  # raised while the engine evaluates, results included
        raise EngineError("query.failed", detail=str(err)[:300]) from None
    finally:
        signal.signal(signal.SIGTERM, previous)
        _give_back_memory()


def _give_back_memory() -> None:
    """Return the memory a query freed to the system: glibc keeps freed heap for reuse, so a worker that once
    made a large answer would hold it between queries (650 MB after a 5,000 × 74 KB answer)."""
    with contextlib.suppress(OSError, AttributeError):  # not glibc
        ctypes.CDLL(None).malloc_trim(0)
