"""What one query, and one request to ``kg serve``, may take: the one set of defaults for the app, the command line and the endpoint."""

from __future__ import annotations

import resource
from dataclasses import dataclass, field

LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "[::1]")
MAX_TIMEOUT = 86_400.0  # a day: longer limits (inf, 1e300) overflow the timers a query runs under


@dataclass(frozen=True)
class Limits:
    """Defaults suit the app's SPARQL page and a desk-side endpoint for other tools.

    >>> Limits().timeout, Limits().max_rows, Limits.workers
    (10.0, 5000, 2)
    """

    timeout: float = 10.0  # wall-clock seconds per query
    max_rows: int = 5000  # rows kept of an answer; all are counted
    # Bytes of values kept of an answer, wherever it is read (a worker, or this process for a remote endpoint):
    # 5,000 rows of 74 KB each took two app sessions from 1.2 to 2.6 GB.
    max_bytes: int = 16 << 20
    workers: int = 2  # query worker processes
    max_body: int = 1 << 20  # bytes of a request to kg serve
    answers: int = 4  # answers kg serve holds at once (each capped at max_bytes, written out once)
    memory: int = 2048  # megabytes the serving process itself may take (its workers and parsers have their own)
    header_timeout: float = 10.0
    body_timeout: float = 10.0
    idle_timeout: int = 5
    allowed_hosts: tuple[str, ...] = LOCAL_HOSTS
    cors_origins: tuple[str, ...] = field(default=())


DEFAULTS = Limits()


def own_memory_limit() -> None:
    """Drop the data limit a process inherited from its parent (``kg serve --memory``): a query worker or a
    parser is bounded by its own address-space limit, and the parent's budget is the parent's."""
    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    resource.setrlimit(resource.RLIMIT_DATA, (hard, hard))
