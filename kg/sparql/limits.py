"""What one query, and one request to ``kg serve``, may take: the one set of defaults for the app, the command line and the endpoint."""

from __future__ import annotations

from dataclasses import dataclass, field

LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "[::1]")


@dataclass(frozen=True)
class Limits:
    """Defaults suit the app's SPARQL page and a desk-side endpoint for other tools.

    >>> Limits().timeout, Limits().max_rows, Limits.workers
    (10.0, 5000, 2)
    """

    timeout: float = 10.0  # wall-clock seconds per query
    max_rows: int = 5000  # rows kept of an answer; all are counted
    workers: int = 2  # query worker processes
    max_body: int = 1 << 20  # bytes of a request to kg serve
    header_timeout: float = 10.0
    body_timeout: float = 10.0
    idle_timeout: int = 5
    allowed_hosts: tuple[str, ...] = LOCAL_HOSTS
    cors_origins: tuple[str, ...] = field(default=())


DEFAULTS = Limits()
