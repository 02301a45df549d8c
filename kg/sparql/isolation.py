"""Cut a query process off from the network and bound its memory, before it runs any query.

The worker enters a network namespace of its own (``unshare(CLONE_NEWNET)``,
with a user namespace when not root). In it no interface is up, not even
loopback: a connection to any address, 127.0.0.1 included, fails with
"network unreachable". Existing pipes to the parent keep working. Whatever the
guard misses, the engine then cannot connect anywhere.

Where the kernel does not allow it, :func:`isolate` says why, and the sandbox
refuses to run user SPARQL rather than run it with the network.
"""

from __future__ import annotations

import ctypes
import errno
import os
import resource
import socket

from kg.sparql.limits import own_memory_limit

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
PR_SET_NO_NEW_PRIVS = 38


class IsolationError(OSError):
    """The process could not be cut off from the network."""


def _unshare(flags: int) -> int:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(flags) == 0:
        return 0
    return ctypes.get_errno()


def _enter_network_namespace() -> None:
    failure = _unshare(CLONE_NEWNET)
    if failure in (errno.EPERM, errno.EINVAL):
        failure = _unshare(CLONE_NEWUSER | CLONE_NEWNET)
    if failure:
        raise IsolationError(failure, f"unshare(CLONE_NEWNET) failed: {os.strerror(failure)} (the kernel does not allow network namespaces here)")


def network_is_cut() -> bool:
    """True when this process can reach no address: a connection to loopback fails as unreachable, not refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(1)
        try:
            probe.connect(("127.0.0.1", 9))
        except OSError as err:
            return err.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH, errno.EACCES, errno.EPERM)
    return False


def isolate(memory_bytes: int) -> None:
    """Enter a namespace with no network, bound the address space, forbid new privileges; raise IsolationError if any part fails."""
    _enter_network_namespace()
    if not network_is_cut():
        raise IsolationError(errno.EPERM, "a network namespace was entered but loopback is still reachable")
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    own_memory_limit()
