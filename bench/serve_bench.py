"""Benchmark: `kg serve` next to Oxigraph's own server, on the same queries, under 20 concurrent clients.

Both servers get the same graph and the same request texts (the project's
queries with their example values, as the SPARQL protocol carries them: the
prefixes written out and bound values in a VALUES block). One run measures both
side by side and prints p50/p95 latency and throughput, with kg serve's ratio
to Oxigraph. kg serve does more per request — the guard's parse, a worker
process with no network, a row cap — so it is expected to be slower; the
question is by how much.

    .venv/bin/python bench/serve_bench.py [--requests 1000] [--clients 20]
"""

from __future__ import annotations

import argparse
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox

from kg.graph.pipeline import published_graph
from kg.graph.serialize import canonical_nt, write_atomic
from kg.sparql.catalogue import list_queries
from kg.sparql.remote import RemoteStore, request_text

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(port: int) -> None:
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


def examples() -> dict[str, str]:
    """The value every query parameter is timed with: the tests' example bindings (tests/helpers.py)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.helpers import EXAMPLE_BINDINGS

    return EXAMPLE_BINDINGS


def texts() -> list[tuple[str, str]]:
    """(name, request text) for every user-facing query, bound to its example values."""
    out = []
    for query in list_queries(with_pages=True):
        bindings = {p.name: ox.NamedNode(examples()[p.name]) for p in query.params if p.name in examples()}
        out.append((query.name, request_text(query.text, bindings)))
    return out


def ask(url: str, text: str) -> tuple[float, bool]:
    body = urllib.parse.urlencode({"query": text}).encode()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            ok = response.status == 200
    except (urllib.error.URLError, OSError):
        ok = False
    return time.perf_counter() - start, ok


def load(url: str, queries: list[tuple[str, str]], requests: int, clients: int) -> dict[str, float]:
    for _, text in queries:  # warm-up: every query once
        ask(url, text)
    jobs = [queries[n % len(queries)][1] for n in range(requests)]
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        results = list(pool.map(lambda text: ask(url, text), jobs))
    wall = time.perf_counter() - start
    latencies = sorted(seconds for seconds, _ in results)
    return {
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(0.95 * (len(latencies) - 1))] * 1000,
        "throughput": len(results) / wall,
        "failures": sum(1 for _, ok in results if not ok),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2, help="kg serve's query workers")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp())
    graph = work / "kg.nt"
    write_atomic({graph: canonical_nt(published_graph().graph)})
    queries = texts()
    ox_port, kg_port = _free_port(), _free_port()
    ox_args = [str(BIN / "oxigraph"), "serve", "--location", str(work / "ox"), "--bind", f"127.0.0.1:{ox_port}"]
    kg_args = [str(BIN / "kg"), "serve", "--graph", str(graph), "--port", str(kg_port), "--workers", str(args.workers)]
    oxigraph = subprocess.Popen(ox_args, stderr=subprocess.DEVNULL)
    served = subprocess.Popen(kg_args, stderr=subprocess.DEVNULL)
    try:
        _wait(ox_port)
        _wait(kg_port)
        RemoteStore(f"http://127.0.0.1:{ox_port}/query").push(graph)
        results = {
            "Oxigraph server": load(f"http://127.0.0.1:{ox_port}/query", queries, args.requests, args.clients),
            "kg serve": load(f"http://127.0.0.1:{kg_port}/sparql", queries, args.requests, args.clients),
        }
    finally:
        for process in (oxigraph, served):
            process.terminate()
            process.wait(15)
        shutil.rmtree(work, ignore_errors=True)
    print(f"{args.requests} requests from {args.clients} clients over {len(queries)} queries; kg serve with {args.workers} workers")
    print(f"{platform.processor() or platform.machine()}, Python {platform.python_version()}")
    print(f"{'server':<16}{'p50 ms':>10}{'p95 ms':>10}{'req/s':>10}{'failures':>10}")
    for name, r in results.items():
        print(f"{name:<16}{r['p50']:>10.1f}{r['p95']:>10.1f}{r['throughput']:>10.1f}{r['failures']:>10.0f}")
    base, ours = results["Oxigraph server"], results["kg serve"]
    print(f"{'kg serve / Oxigraph':<16}{ours['p50'] / base['p50']:>9.1f}x{ours['p95'] / base['p95']:>9.1f}x{ours['throughput'] / base['throughput']:>9.2f}x")


if __name__ == "__main__":
    main()
