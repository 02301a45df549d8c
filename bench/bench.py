"""Benchmark: build time and the time of every query in queries/, as medians.

Prints one table with ratios against the targets of the knowledge-graph issue
(build < 2 s without the reasoner, every query < 50 ms) and against rdflib's
in-memory SPARQL engine as a baseline, measured in the same run.

    ./run bench [--runs N]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pyoxigraph
import rdflib

from kg.graph.pipeline import published_graph
from kg.graph.serialize import canonical_nt, render
from kg.sparql.catalogue import list_queries
from kg.sparql.embedded import EmbeddedStore
from kg.vocab.prefixes import PREFIXES

BUILD_TARGET_S = 2.0
QUERY_TARGET_MS = 50.0


def median_time(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def build_once() -> None:
    nt = canonical_nt(published_graph(with_reasoner=False).graph)
    for fmt in ("ttl", "jsonld"):
        render(nt, fmt)


def machine() -> str:
    return f"{platform.node() or 'host'} · {platform.machine()} · {os.cpu_count()} cores · Python {platform.python_version()}"


def examples() -> dict[str, str]:
    """The value every query parameter is timed with: the tests' example bindings (tests/helpers.py)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.helpers import EXAMPLE_BINDINGS

    return EXAMPLE_BINDINGS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    print(f"# kg benchmark {date.today()} — {machine()}")
    print(f"# rdflib {rdflib.__version__}, pyoxigraph {pyoxigraph.__version__}; medians of {runs} runs\n")

    build_s = median_time(build_once, runs)
    reasoned_s = median_time(lambda: published_graph(with_reasoner=True), max(1, runs // 3))
    graph = published_graph(with_reasoner=True).graph
    store = EmbeddedStore.from_graph(graph)
    print(f"{'step':40} {'median':>10} {'target':>10} {'ratio':>7}")
    print(f"{'build (parse+graph+serialise, no reasoner)':40} {build_s * 1000:8.0f}ms {BUILD_TARGET_S * 1000:8.0f}ms {build_s / BUILD_TARGET_S:7.2f}")
    print(f"{'build with HermiT':40} {reasoned_s * 1000:8.0f}ms {'-':>10} {'-':>7}")
    print()
    print(f"{'query':40} {'oxigraph':>10} {'target':>10} {'ratio':>7} {'rdflib':>10} {'speed-up':>9} {'rows':>5}")
    for query in list_queries(with_pages=True):
        names = [p.name for p in query.params]
        ox_bound = {n: pyoxigraph.NamedNode(examples()[n]) for n in names}
        rdflib_bound = {n: rdflib.URIRef(examples()[n]) for n in names}
        ox_s = median_time(lambda q=query, b=ox_bound: store.select(q.text, b), runs)
        rows = len(store.select(query.text, ox_bound).rows)
        try:
            rdflib_s = median_time(lambda q=query, b=rdflib_bound: list(graph.query(q.text, initNs=PREFIXES, initBindings=b)), 1)
            baseline = f" {rdflib_s * 1000:8.1f}ms {rdflib_s / ox_s:8.0f}x"
        except Exception as err:  # rdflib's engine fails on some valid queries; say so, keep measuring
            baseline = f" {'fails':>10} {type(err).__name__[:9]:>9}"
        print(f"{query.name:40} {ox_s * 1000:8.1f}ms {QUERY_TARGET_MS:8.0f}ms {ox_s * 1000 / QUERY_TARGET_MS:7.2f}{baseline} {rows:5d}")


if __name__ == "__main__":
    main()
