"""Run a server with no way out: it answers on a local port but cannot open a connection anywhere.

    python3 deploy/no_egress.py 127.0.0.1:7878 -- oxigraph serve --location var/oxigraph --bind 127.0.0.1:7878

The explorer sends typed SPARQL to a remote endpoint after its guard has
refused SERVICE, FROM and updates; this is the second layer on the endpoint's
side (decision 0014), as the network-less workers are for the embedded store.
Oxigraph's server has no switch to turn federation off, so it runs in a network
namespace of its own: only loopback is up there, and that loopback is not the
machine's, so ``SERVICE <http://127.0.0.1:…>`` reaches nothing but the server
itself. This process opens the public port in the machine's namespace first,
then enters the new one, starts the server there and relays each connection to
it. Before starting the server it checks that an outside address is unreachable.

Standard library only, so it runs under any Python 3.11; Linux only. Exit
status 2 with one line when the namespace cannot be made.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import errno
import fcntl
import os
import signal
import socket
import struct
import subprocess
import sys
import time

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
PR_SET_PDEATHSIG = 1
SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1
PROBES = (("192.0.2.1", 80), ("1.1.1.1", 443))  # TEST-NET-1 and a public resolver: both must be unreachable


class NoIsolation(OSError):
    """The kernel would not give this process a network namespace of its own."""


def _unshare(flags: int) -> int:
    libc = ctypes.CDLL(None, use_errno=True)
    return 0 if libc.unshare(flags) == 0 else ctypes.get_errno()


def enter_namespace() -> None:
    """A network namespace with only loopback up (root, or a user namespace with the rights to raise it)."""
    failure = _unshare(CLONE_NEWNET)
    if failure in (errno.EPERM, errno.EINVAL):
        failure = _unshare(CLONE_NEWUSER | CLONE_NEWNET)
    if failure:
        raise NoIsolation(failure, f"unshare(CLONE_NEWNET) failed: {os.strerror(failure)}")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        request = struct.pack("16sh", b"lo", 0)
        flags = struct.unpack("16sh", fcntl.ioctl(sock, SIOCGIFFLAGS, request))[1]
        fcntl.ioctl(sock, SIOCSIFFLAGS, struct.pack("16sh", b"lo", flags | IFF_UP))
    for address in PROBES:
        with socket.socket() as probe:
            probe.settimeout(1)
            try:
                probe.connect(address)
            except OSError as err:
                if err.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
                    continue
            raise NoIsolation(errno.EPERM, f"{address[0]} is still reachable inside the namespace")


def _split(address: str) -> tuple[str, int]:
    host, _, port = address.rpartition(":")
    return host.strip("[]") or "127.0.0.1", int(port)


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(1 << 16):
            writer.write(data)
            await writer.drain()
        if writer.can_write_eof():
            writer.write_eof()
    except OSError:
        writer.close()  # one side gone: the other side is closed too, which stops the server's work


async def _relay(inner: tuple[str, int], client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
    try:
        server_reader, server_writer = await asyncio.open_connection(*inner)
    except OSError:
        client_writer.close()
        return
    await asyncio.gather(_pipe(client_reader, server_writer), _pipe(server_reader, client_writer))
    for writer in (server_writer, client_writer):
        writer.close()


async def _serve(public: socket.socket, inner: tuple[str, int], child: subprocess.Popen[bytes]) -> int:
    server = await asyncio.start_server(lambda r, w: _relay(inner, r, w), sock=public)
    loop = asyncio.get_running_loop()
    stop = loop.create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, lambda: stop.done() or stop.set_result(None))
    async with server:
        while not stop.done() and child.poll() is None:
            await asyncio.wait([stop], timeout=0.5)
    return child.poll() or 0


def _die_with_parent() -> None:
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[1] != "--":
        print("usage: no_egress.py HOST:PORT -- COMMAND [ARG...]  (COMMAND listens on 127.0.0.1:PORT inside)", file=sys.stderr)
        return 2
    host, port = _split(argv[0])
    public = socket.create_server((host, port), family=socket.AF_INET6 if ":" in host else socket.AF_INET, reuse_port=False)
    try:
        enter_namespace()
    except NoIsolation as err:
        print(f"no_egress: {err.strerror}; not starting the server with a network", file=sys.stderr)
        return 2
    child = subprocess.Popen(argv[2:], preexec_fn=_die_with_parent)  # the server must not outlive its relay
    inner = ("127.0.0.1", port)
    for _ in range(300):
        with contextlib.suppress(OSError), socket.create_connection(inner, timeout=0.2):
            break
        if child.poll() is not None:
            return child.returncode or 1
        time.sleep(0.1)
    try:
        return asyncio.run(_serve(public, inner, child))
    finally:
        child.terminate()
        try:
            child.wait(10)
        except subprocess.TimeoutExpired:
            child.kill()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
