"""Side-by-side benchmark at growing scale: rdflib, pyoxigraph (memory and disk), Oxigraph server.

For each N it builds a synthetic corpus of N reports (bench/corpus.py), then,
per engine in its own process (so peak memory is the engine's own): load
time, store size on disk, peak memory and the median time of every query in
queries/. One table, with ratios against rdflib; a log-log plot as SVG.

    .venv/bin/python bench/scale.py --sizes 1 10 100 1000 [--runs 3] [--query-timeout 30] [--svg bench/scale.svg]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ENGINES = ("rdflib", "oxigraph-memory", "oxigraph-disk", "oxigraph-server")


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _peak_mb() -> float:
    """This process's own peak resident memory. (ru_maxrss would include the parent's
    high-water mark, which survives exec on Linux; VmHWM starts afresh.)"""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _machine() -> str:
    """CPU model, cores and memory, from /proc."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), "?")
    mem = next((int(line.split()[1]) >> 20 for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), 0)
    return f"{cpu}, {os.cpu_count()} cores, {mem} GiB"


def _dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def _bindings(report: str) -> dict[str, str]:
    """A value for every query parameter: parts of the first synthetic report (see bench/corpus.py)."""
    base = "https://w3id.org/wijkteams-veiligheid/id/"
    return {
        "report": f"{base}report/{report}",
        "chapter": f"{base}{report}/section/hoofdstuk-1-van-rapport-1",
        "section": f"{base}{report}/section/onderdeel-1-2",
        "entity": f"{base}{report}/advice/onderdeel-1-2/a1",
        "node": f"{base}{report}/claim/onderdeel-1-1/p1/s1",
        "claim": f"{base}{report}/claim/onderdeel-1-1/p1/s1",
        "advice": f"{base}{report}/advice/onderdeel-1-2/a1",
        "concept": f"{base}concept/veiligheidsparadox",
        "theme": f"{base}concept/veiligheidsparadox",
    }


class QueryTimeout(Exception):
    pass


def _alarm(_signum: int, _frame: object) -> None:
    raise QueryTimeout


def run_engine(engine: str, nt: Path, runs: int, query_timeout: int) -> dict[str, object]:
    """Load ``nt`` into one engine and time every query (run in a child process)."""
    import pyoxigraph as ox

    from kg.sparql.catalogue import list_queries
    from kg.sparql.embedded import EmbeddedStore
    from kg.sparql.remote import RemoteStore
    from kg.vocab.prefixes import PREFIXES

    workdir = Path(tempfile.mkdtemp())
    server = None
    start = time.perf_counter()
    if engine == "rdflib":
        import rdflib

        graph = rdflib.Graph().parse(nt, format="nt")

        def ask(text: str, bound: dict[str, str]) -> int:
            return len(list(graph.query(text, initNs=PREFIXES, initBindings={k: rdflib.URIRef(v) for k, v in bound.items()})))

        size = 0
    elif engine in ("oxigraph-memory", "oxigraph-disk"):
        store = ox.Store() if engine == "oxigraph-memory" else ox.Store(str(workdir / "store"))
        store.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
        embedded = EmbeddedStore(store)

        def ask(text: str, bound: dict[str, str]) -> int:
            return len(embedded.select(text, {k: ox.NamedNode(v) for k, v in bound.items()}).rows)

        size = _dir_size(workdir / "store") if engine == "oxigraph-disk" else 0
    else:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
        server = subprocess.Popen(
            [binary, "serve", "--location", str(workdir / "server"), "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        remote = RemoteStore(f"http://127.0.0.1:{port}/query", timeout=600)
        for _ in range(100):
            try:
                remote.ask("ASK {}")
                break
            except Exception:
                time.sleep(0.1)
        start = time.perf_counter()
        remote.push(nt)

        def ask(text: str, bound: dict[str, str]) -> int:
            return len(remote.select(text, {k: ox.NamedNode(v) for k, v in bound.items()}).rows)

        size = 0
    load = time.perf_counter() - start
    if engine == "oxigraph-server":
        size = _dir_size(workdir / "server")
    report = sorted(nt.parent.glob("synthetisch-*.md"))[0].stem if list(nt.parent.glob("synthetisch-*.md")) else "wijkteams-werken-aan-veiligheid"
    values = _bindings(report)
    queries: dict[str, float | None] = {}
    signal.signal(signal.SIGALRM, _alarm)
    cases = []
    for query in list_queries(with_pages=True):
        cases.append((query.name, query.text, {p.name: values[p.name] for p in query.params}))
        if any(p.name == "report" for p in query.params):
            # The same query across all N reports: what a caller gets without choosing a report.
            cases.append((f"{query.name} [all]", query.text, {p.name: values[p.name] for p in query.params if p.name != "report"}))
    for name, text, bound in cases:
        _say(f"  {engine}: {name}")
        times = []
        try:
            for _ in range(runs if engine != "rdflib" else 1):
                signal.alarm(query_timeout)  # stops rdflib (pure Python); a pyoxigraph call finishes first
                begin = time.perf_counter()
                ask(text, bound)
                times.append(time.perf_counter() - begin)
                signal.alarm(0)
            queries[name] = statistics.median(times)
        except QueryTimeout:
            queries[name] = None
        except Exception:
            signal.alarm(0)
            queries[name] = float("nan")
    if server is not None:
        server.terminate()
        server.wait(10)
    peak = _peak_mb()
    shutil.rmtree(workdir, ignore_errors=True)
    return {"load_s": load, "size_mb": size / 1e6, "peak_mb": peak, "queries": queries}


def _fmt(seconds: float | None, timeout: int) -> str:
    if seconds is None:
        return f">{timeout}s"
    if seconds != seconds:  # NaN: the engine failed on this query
        return "fails"
    return f"{seconds * 1000:.1f}ms"


def _svg(results: dict[int, dict[str, dict[str, object]]], path: Path) -> None:
    """Worst query time against N per engine, both axes logarithmic."""
    import math

    colours = {"rdflib": "#d00000", "oxigraph-memory": "#2a9d8f", "oxigraph-disk": "#4361ee", "oxigraph-server": "#e09f3e"}
    sizes = sorted(results)
    points: dict[str, list[tuple[float, float]]] = {}
    for n in sizes:
        for engine, data in results[n].items():
            # The scoped queries (the target); "[all]" rows span every report and grow with N by design.
            times = [t for name, t in data["queries"].items() if "[all]" not in name and isinstance(t, float) and t == t]  # type: ignore[union-attr]
            if times:
                points.setdefault(engine, []).append((n, max(times)))
    all_t = [t for pts in points.values() for _, t in pts] or [1e-3]
    lo, hi = math.log10(min(all_t)) - 0.2, math.log10(max(all_t)) + 0.2
    nlo, nhi = math.log10(min(sizes)) - 0.1, math.log10(max(sizes)) + 0.1

    def xy(n: float, t: float) -> tuple[float, float]:
        return 60 + 480 * (math.log10(n) - nlo) / (nhi - nlo or 1), 320 - 280 * (math.log10(t) - lo) / (hi - lo or 1)

    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="380" font-family="sans-serif" font-size="11">',
        '<line x1="60" y1="320" x2="560" y2="320" stroke="#333"/><line x1="60" y1="20" x2="60" y2="320" stroke="#333"/>',
        '<text x="300" y="355">reports (N, log scale)</text><text x="5" y="15">slowest query (s, log scale)</text>',
    ]
    for n in sizes:
        x, _ = xy(n, 10**lo)
        parts.append(f'<text x="{x:.0f}" y="335" text-anchor="middle">{n}</text>')
    for k in range(math.ceil(lo), math.floor(hi) + 1):
        _, y = xy(10**nlo, 10**k)
        parts.append(f'<text x="55" y="{y:.0f}" text-anchor="end">1e{k}</text>')
    for i, (engine, pts) in enumerate(sorted(points.items())):
        coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(n, t) for n, t in pts))
        parts.append(f'<polyline points="{coords}" fill="none" stroke="{colours[engine]}" stroke-width="2"/>')
        parts.append(f'<text x="570" y="{40 + 16 * i}" fill="{colours[engine]}">{engine}</text>')
    parts.append("</svg>")
    path.write_text("\n".join(parts), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100, 1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--query-timeout", type=int, default=30)
    parser.add_argument("--engines", nargs="+", default=list(ENGINES), choices=ENGINES)
    parser.add_argument("--svg", type=Path, default=ROOT / "bench" / "scale.svg")
    parser.add_argument("--engine", help=argparse.SUPPRESS)
    parser.add_argument("--nt", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.engine:  # child process: one engine on one graph
        print(json.dumps(run_engine(args.engine, args.nt, args.runs, args.query_timeout)))
        return

    import pyoxigraph
    import rdflib

    from bench.corpus import build_corpus, write_corpus

    print(
        f"# kg scale benchmark {date.today()} — {platform.machine()}, {_machine()}, Python {platform.python_version()}, "
        f"rdflib {rdflib.__version__}, pyoxigraph {pyoxigraph.__version__}; query medians of {args.runs} runs (rdflib: 1), limit {args.query_timeout}s"
    )
    results: dict[int, dict[str, dict[str, object]]] = {}
    rows = []
    for n in args.sizes:
        folder = Path(tempfile.mkdtemp()) / f"corpus-{n}"
        _say(f"N={n}: writing the corpus")
        paths = write_corpus(n, folder)
        _say(f"N={n}: building {n} reports")
        start = time.perf_counter()
        triples = build_corpus(paths, folder / "kg.nt", progress=lambda i, total: i % 100 == 0 and _say(f"  built {i}/{total}"))
        build_s = time.perf_counter() - start
        build_peak = _peak_mb()  # this process only builds, and sizes only grow, so its high-water mark is this build's
        results[n] = {}
        for engine in args.engines:
            _say(f"N={n}: {engine}: loading and querying")
            child = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--engine",
                    engine,
                    "--nt",
                    str(folder / "kg.nt"),
                    "--runs",
                    str(args.runs),
                    "--query-timeout",
                    str(args.query_timeout),
                ],
                stdout=subprocess.PIPE,  # the child's progress goes to this terminal's stderr
                text=True,
                cwd=ROOT,
                check=True,
            )
            results[n][engine] = json.loads(child.stdout.strip().splitlines()[-1])
        rows.append((n, triples, build_s, build_peak))
        shutil.rmtree(folder.parent, ignore_errors=True)
    print(f"\n{'N':>5} {'triples':>9} {'build / peak MB':>16}  " + "  ".join(f"{e:>30}" for e in args.engines))
    print(f"{'':>33}  " + "  ".join(f"{'load / peak MB / disk MB':>30}" for _ in args.engines))
    for n, triples, build_s, build_peak in rows:
        cells = [f"{results[n][e]['load_s']:.2f}s / {results[n][e]['peak_mb']:.0f} / {results[n][e]['size_mb']:.0f}" for e in args.engines]
        print(f"{n:>5} {triples:>9} {f'{build_s:.1f}s / {build_peak:.0f}':>16}  " + "  ".join(f"{c:>30}" for c in cells))
    print(f"\n{'N':>5} {'query':42} " + " ".join(f"{e:>16}" for e in args.engines) + "   ratio vs rdflib")
    for n, *_ in rows:
        for name in results[n][args.engines[0]]["queries"]:  # type: ignore[union-attr]
            times = [results[n][e]["queries"].get(name) for e in args.engines]  # type: ignore[union-attr]
            base = results[n].get("rdflib", {}).get("queries", {}).get(name)  # type: ignore[union-attr]
            ratios = [f"{base / t:.0f}x" if isinstance(base, float) and base == base and isinstance(t, float) and t and t == t else "-" for t in times]
            print(f"{n:>5} {name:42} " + " ".join(f"{_fmt(t, args.query_timeout):>16}" for t in times) + "   " + " ".join(ratios))
    _svg(results, args.svg)
    _say(f"plot: {args.svg}")


if __name__ == "__main__":
    main()
