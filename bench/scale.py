"""Scale benchmark: the streaming build, the on-disk store and the Oxigraph server at N synthetic reports.

For each N (one run, all sizes): write a synthetic corpus (bench/corpus.py), then

- **build**: ``kg build --no-reason --no-files`` (the streaming build, two workers) in a child process:
  time, rate, and the peak memory of the whole build (the sum of the resident memory of the build and its
  workers, sampled every 0.2 s); then one report changed (rebuild time) and nothing changed (no-op time);
- **disk**: the published store and the ledger;
- **cold start**: the app (AppTest, a fresh interpreter) to its first page on the store, median of 3;
- **queries**: every query in queries/ (and queries/pages/), bound to the first report where it takes a
  report (and, up to ``--unbound-up-to``, unbound, marked ``[all]``), p50 and p95 of ``--runs`` runs, on the embedded store opened
  read-only and on ``oxigraph serve-read-only`` over the same folder; each query in a child process that
  is stopped at ``--query-timeout``;
- **pages**: every menu page's first render (fresh caches) and warm median, with no report chosen, on the store, and
  the page of a work every report cites (``bron (shared work)``);
- **baseline** (N <= ``--baseline-up-to``): today's in-memory design beside it: the whole graph built in
  memory (time, peak), the app's cold start on its N-Triples, and the same queries on an in-memory store.

    .venv/bin/python bench/scale.py --sizes 1 100 1000 10000 [--runs 5] [--query-timeout 30] [--json bench/scale.json] [--svg bench/scale.svg]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import select
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ID = "https://w3id.org/wijkteams-veiligheid/id/"
PAGE_BUDGET_S = 2.0


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _machine() -> str:
    """CPU model, cores and memory, from /proc."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), "?")
    mem = next((int(line.split()[1]) >> 20 for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), 0)
    return f"{cpu}, {os.cpu_count()} cores, {mem} GiB"


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _size(path: Path) -> int:
    path = path.resolve()
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.is_dir() else (path.stat().st_size if path.exists() else 0)


# -- memory of a process tree ------------------------------------------------


def _tree_rss(pid: int) -> int:
    """Resident memory (bytes) of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            children.setdefault(int(fields[1]), []).append(int(entry.name))
            rss[int(entry.name)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            continue
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += rss.get(current, 0)
        todo += children.get(current, [])
    return total


def _run_measured(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Run a command; its wall time, the peak memory (MB) of its process tree, and its standard output."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        child = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=out)
        peak = 0
        while child.poll() is None:
            peak = max(peak, _tree_rss(child.pid))
            time.sleep(0.2)
        elapsed = time.perf_counter() - start
        out.seek(0)
        text = out.read().decode()
    if child.returncode not in (0, 1):
        raise RuntimeError(f"{command} exited {child.returncode}")
    return elapsed, peak / 1e6, text


# -- children: one job each ----------------------------------------------------


def child_build(folder: Path, out: Path) -> None:
    from bench.corpus import shared_curated
    from kg.graph import pipeline

    paths = sorted(folder.glob("synthetisch-*.md"))
    outcome = pipeline.build(out, paths, curated=shared_curated(folder), with_reasoner=False, files=False)
    print(json.dumps({"built": len(outcome.built), "triples": outcome.triples, "failed": len(outcome.failed), "skipped": outcome.skipped}))


def child_baseline_build(folder: Path, out: Path) -> None:
    from bench.corpus import build_corpus

    paths = sorted(folder.glob("synthetisch-*.md"))
    print(json.dumps({"triples": build_corpus(paths, out)}))


COLD = """
import time
start = time.perf_counter()
from streamlit.testing.v1 import AppTest
app = AppTest.from_file({app!r}, default_timeout=600)
app.run()
assert not app.exception, app.exception
print(time.perf_counter() - start)
"""


def cold_start(graph: Path, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", COLD.format(app=str(ROOT / "app.py"))],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, "KG_GRAPH": str(graph)},
            timeout=900,
        )
        if done.returncode != 0:
            raise RuntimeError(done.stderr[-2000:])
        times.append(float(done.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


def bindings(store: Any, report: str) -> dict[str, str]:
    """A value for every query parameter: parts of the first synthetic report, a concept, and a work it shares with others."""
    shared = next(
        (
            str(r["s"].value)
            for r in store.query(
                f"SELECT ?s WHERE {{ <{ID}report/{report}> <https://w3id.org/wijkteams-veiligheid/ontology#referencesSource> ?s }}",
                use_default_graph_as_union=True,
            )
            if "gedeeld" in str(r["s"].value)
        ),
        f"{ID}source/x",
    )
    return {
        "report": f"{ID}report/{report}",
        "chapter": f"{ID}{report}/section/hoofdstuk-1-van-rapport-1",
        "section": f"{ID}{report}/section/onderdeel-1-2",
        "entity": f"{ID}{report}/advice/onderdeel-1-2/a1",
        "node": f"{ID}{report}/claim/onderdeel-1-1/p1/s1",
        "claim": f"{ID}{report}/claim/onderdeel-1-1/p1/s1",
        "advice": f"{ID}{report}/advice/onderdeel-1-2/a1",
        "concept": f"{ID}concept/veiligheidsparadox",
        "theme": f"{ID}concept/veiligheidsparadox",
        "type": "https://w3id.org/wijkteams-veiligheid/ontology#Advice",
        "source": shared,
    }


def cases(values: dict[str, str], unbound: bool = True) -> list[tuple[str, str, dict[str, str]]]:
    """Every query with its values: bound to the first report where it takes one, and once more unbound ([all])
    when ``unbound``."""
    from kg.sparql.catalogue import list_queries

    found = []
    for query in list_queries(with_pages=True):
        bound = {p.name: values[p.name] for p in query.params}
        found.append((query.name, query.text, bound))
        if unbound and "report" in bound:
            found.append((f"{query.name} [all]", query.text, {k: v for k, v in bound.items() if k != "report"}))
    return found


def child_queries(engine: str, graph: str, report: str, runs: int, skip: int, unbound: bool) -> None:
    """Open one engine, then time each case from ``skip`` on; one JSON line per case, flushed, so the parent can stop a slow one."""
    import pyoxigraph as ox

    from kg.sparql.embedded import EmbeddedStore
    from kg.sparql.remote import RemoteStore

    start = time.perf_counter()
    if engine == "server":
        store: Any = RemoteStore(graph, timeout=3600)
        values = bindings(ox.Store.read_only(os.environ["KG_BENCH_STORE"]), report)  # the same store the server reads
    else:
        store = EmbeddedStore.from_file(Path(graph))
        values = bindings(store._store, report)
    print(json.dumps({"ready": time.perf_counter() - start}), flush=True)
    for name, text, bound in cases(values, unbound)[skip:]:
        terms = {k: ox.NamedNode(v) for k, v in bound.items()}
        times = []
        rows = 0
        for _ in range(runs):
            begin = time.perf_counter()
            result = store.query(text, terms)
            times.append(time.perf_counter() - begin)
            rows = result.total
        print(json.dumps({"name": name, "times": times, "rows": rows}), flush=True)


def time_queries(
    engine: str, graph: str, report: str, runs: int, timeout: float, env: dict[str, str] | None = None, *, unbound: bool = True
) -> tuple[float, dict[str, Any]]:
    """Every case on one engine, each stopped at ``timeout`` (its child ended, a new one started for the rest)."""
    results: dict[str, Any] = {}
    ready = 0.0
    total = None
    done = 0
    while True:
        command = [sys.executable, __file__, "--child", "queries", "--engine", engine, "--graph", graph, "--report", report]
        command += ["--runs", str(runs), "--skip", str(done)] + ([] if unbound else ["--bound-only"])
        child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, env={**os.environ, **(env or {})}, text=True, bufsize=1)
        assert child.stdout is not None
        line = child.stdout.readline()
        if not line:
            raise RuntimeError(f"{engine}: the query child did not start")
        ready = max(ready, json.loads(line)["ready"])
        finished = False
        while True:
            limit = timeout * runs + 5
            readable, _, _ = select.select([child.stdout], [], [], limit)
            if not readable:
                names = _case_names(unbound)
                name = names[done] if done < len(names) else "?"
                _say(f"  {engine}: {name} passed {timeout:.0f} s; stopped")
                results[name] = None
                done += 1
                child.kill()
                child.wait()
                break
            line = child.stdout.readline()
            if not line:
                finished = True
                child.wait()
                break
            data = json.loads(line)
            results[data["name"]] = data
            done += 1
        total = total or len(_case_names(unbound))
        if finished or done >= total:
            if child.poll() is None:
                child.kill()
                child.wait()
            return ready, results


def _case_names(unbound: bool = True) -> list[str]:
    values = dict.fromkeys(("report", "chapter", "section", "entity", "node", "claim", "advice", "concept", "theme", "type", "source"), "")
    return [name for name, _, _ in cases(values, unbound)]


PAGES_CHILD = """
import json, time, sys
from streamlit.testing.v1 import AppTest
out = {}
for page in sys.argv[1].split(","):
    times = []
    for run in range(3):
        app = AppTest.from_file(%r, default_timeout=600)
        name, _, chosen = page.partition("?")
        app.query_params["page"] = name
        if chosen:
            key, _, value = chosen.partition("=")
            app.query_params[key] = value
        begin = time.perf_counter()
        app.run()
        times.append(time.perf_counter() - begin)
        if app.exception:
            times = None
            break
    out[page] = times
print(json.dumps(out))
"""


def page_times(graph: Path, report: str) -> dict[str, Any]:
    """Each page with no report chosen: its first render in a process that has the store open (fresh page caches), then warm."""
    import pyoxigraph as ox

    from kg.ui.links import HIDDEN, PAGES

    names = [path for page, path in PAGES.items() if page not in HIDDEN]  # the menu's pages: what a visitor opens with nothing chosen
    # and the page of a work many reports cite, which lists where each report in view cites it
    store = ox.Store.read_only(str(graph))
    names.append(f"{PAGES['source']}?entity={bindings(store, report)['source']}")
    del store
    done = subprocess.run(
        [sys.executable, "-c", PAGES_CHILD % str(ROOT / "app.py"), ",".join(names)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "KG_GRAPH": str(graph)},
        timeout=3600,
    )
    if done.returncode != 0:
        return {"error": done.stderr[-1000:]}
    found = json.loads(done.stdout.strip().splitlines()[-1])
    return {f"{page.partition('?')[0]} (shared work)" if "?" in page else page: times for page, times in found.items()}


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve_read_only(store: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``oxigraph serve-read-only`` over the published store, answering over the union of its graphs."""
    port = _port()
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    server = subprocess.Popen(
        [binary, "serve-read-only", "--location", str(store.resolve()), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            time.sleep(0.1)
    return server, f"http://127.0.0.1:{port}/query"


def _stats(times: list[float] | None) -> tuple[float | None, float | None]:
    if not times:
        return None, None
    ordered = sorted(times)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(n: int, args: argparse.Namespace) -> dict[str, Any]:
    from bench.corpus import write_corpus

    folder = Path(tempfile.mkdtemp(prefix=f"kg-scale-{n}-"))
    result: dict[str, Any] = {"n": n, "load_before": _load()}
    try:
        _say(f"N={n}: writing the corpus")
        paths = write_corpus(n, folder / "corpus")
        out = folder / "build"
        _say(f"N={n}: streaming build")
        seconds, peak, text = _run_measured([sys.executable, __file__, "--child", "build", "--folder", str(folder / "corpus"), "--out", str(out)])
        built = json.loads(text.strip().splitlines()[-1])
        result["build"] = {"seconds": seconds, "rate": n / seconds, "peak_mb": peak, **built}
        changed = paths[len(paths) // 2]
        changed.write_text(changed.read_text(encoding="utf-8") + "\nEen nieuwe alinea over veiligheid.\n", encoding="utf-8")
        seconds, peak, _ = _run_measured([sys.executable, __file__, "--child", "build", "--folder", str(folder / "corpus"), "--out", str(out)])
        result["change_one"] = {"seconds": seconds, "peak_mb": peak}
        seconds, peak, _ = _run_measured([sys.executable, __file__, "--child", "build", "--folder", str(folder / "corpus"), "--out", str(out)])
        result["no_op"] = {"seconds": seconds, "peak_mb": peak}
        store = out / "store"
        result["disk_mb"] = {"store": _size(store) / 1e6, "ledger": _size(out / "registry.sqlite") / 1e6}
        _say(f"N={n}: cold start on the store")
        result["cold_store_s"] = cold_start(store)
        if args.build_only:
            result["load_after"] = _load()
            return result
        report = sorted(paths)[0].stem
        unbound = n <= args.unbound_up_to
        _say(f"N={n}: queries on the store")
        ready, queries = time_queries("disk", str(store), report, args.runs, args.query_timeout, unbound=unbound)
        result["disk"] = {"open_s": ready, "queries": queries}
        _say(f"N={n}: queries on oxigraph serve-read-only")
        server, endpoint = serve_read_only(store)
        try:
            ready, queries = time_queries("server", endpoint, report, args.runs, args.query_timeout, {"KG_BENCH_STORE": str(store.resolve())}, unbound=unbound)
            result["server"] = {"open_s": ready, "queries": queries}
        finally:
            server.terminate()
            server.wait(30)
        if not args.no_pages:
            _say(f"N={n}: pages with no report chosen")
            result["pages"] = page_times(store, report)
        if n <= args.baseline_up_to:
            _say(f"N={n}: baseline, the whole graph in memory")
            nt = folder / "baseline" / "kg.nt"
            nt.parent.mkdir()
            seconds, peak, _ = _run_measured([sys.executable, __file__, "--child", "baseline", "--folder", str(folder / "corpus"), "--out", str(nt)])
            result["baseline_build"] = {"seconds": seconds, "peak_mb": peak}
            result["cold_memory_s"] = cold_start(nt)
            ready, queries = time_queries("memory", str(nt), report, args.runs, args.query_timeout, unbound=unbound)
            result["memory"] = {"open_s": ready, "queries": queries}
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    result["load_after"] = _load()
    return result


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value * 1000:.1f}"


def report(results: list[dict[str, Any]], args: argparse.Namespace) -> None:
    print("\n## Build, store, cold start\n")
    columns = ["N", "triples", "build", "rate", "build peak", "one changed", "no-op", "store on disk", "ledger", "cold start (store)"]
    columns += ["baseline build / peak", "cold start (in memory)", "load avg before / after"]
    print("| " + " | ".join(columns) + " |")
    print("|---" * len(columns) + "|")
    for r in results:
        b = r["build"]
        base = r.get("baseline_build")
        print(
            f"| {r['n']:,} | {b['triples']:,} | {b['seconds']:.1f} s | {b['rate']:.1f}/s | {b['peak_mb']:.0f} MB | {r['change_one']['seconds']:.1f} s | "
            f"{r['no_op']['seconds']:.1f} s | {r['disk_mb']['store']:.0f} MB | {r['disk_mb']['ledger']:.0f} MB | {r['cold_store_s']:.2f} s | "
            + (f"{base['seconds']:.1f} s / {base['peak_mb']:.0f} MB | {r['cold_memory_s']:.2f} s" if base else "- | -")
            + f" | {r['load_before']} / {r['load_after']} |"
        )
    engines = [e for e in ("disk", "server", "memory") if any(e in r for r in results)]
    if not engines:
        return  # --build-only
    print("\n## Queries: p50 / p95 in ms (`[all]`: no report bound; `>`: stopped at the time limit)\n")
    head = " | ".join(f"N={r['n']:,} {e}" for r in results for e in engines if e in r)
    print(f"| query | {head} |")
    print("|---" * (1 + head.count("|") + 1) + "|")
    for name in _case_names():
        if not any(name in r[e]["queries"] for r in results for e in engines if e in r):
            continue  # unbound, and not timed at any of these sizes
        cells = []
        for r in results:
            for e in engines:
                if e not in r:
                    continue
                data = r[e]["queries"].get(name)
                if data is None:
                    cells.append(f">{args.query_timeout:.0f}s" if name in r[e]["queries"] else "-")
                    continue
                p50, p95 = _stats(data["times"])
                cells.append(f"{_ms(p50)} / {_ms(p95)}")
        print(f"| {name} | " + " | ".join(cells) + " |")
    if any("pages" in r for r in results):
        print("\n## Pages with no report chosen (store): first render / warm median, s\n")
        names = sorted({p for r in results for p in r.get("pages", {}) if p != "error"})
        print("| page | " + " | ".join(f"N={r['n']:,}" for r in results) + " |")
        print("|---" * (len(results) + 1) + "|")
        for page in names:
            cells = []
            for r in results:
                times = r.get("pages", {}).get(page)
                cells.append("fails" if times is None else f"{times[0]:.2f} / {statistics.median(times[1:] or times):.2f}")
            print(f"| {page} | " + " | ".join(cells) + " |")


def _svg(results: list[dict[str, Any]], path: Path) -> None:
    """The slowest bound query's p50 against N, per engine, both axes logarithmic."""
    import math

    colours = {"disk": "#4361ee", "server": "#e09f3e", "memory": "#2a9d8f"}
    points: dict[str, list[tuple[float, float]]] = {}
    for r in results:
        for engine in colours:
            if engine not in r:
                continue
            times = [_stats(d["times"])[0] for name, d in r[engine]["queries"].items() if d and "[all]" not in name]
            times = [t for t in times if t]
            if times:
                points.setdefault(engine, []).append((r["n"], max(times)))
    sizes = [r["n"] for r in results]
    every = [t for pts in points.values() for _, t in pts] or [1e-3]
    lo, hi = math.log10(min(every)) - 0.2, math.log10(max(every)) + 0.2
    nlo, nhi = math.log10(min(sizes)) - 0.1, math.log10(max(sizes)) + 0.1

    def xy(n: float, t: float) -> tuple[float, float]:
        return 60 + 480 * (math.log10(n) - nlo) / (nhi - nlo or 1), 320 - 280 * (math.log10(t) - lo) / (hi - lo or 1)

    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" width="660" height="380" font-family="sans-serif" font-size="11">',
        '<line x1="60" y1="320" x2="560" y2="320" stroke="#333"/><line x1="60" y1="20" x2="60" y2="320" stroke="#333"/>',
        '<text x="300" y="355">reports (N, log scale)</text><text x="5" y="15">slowest query bound to one report, p50 (s, log scale)</text>',
    ]
    for n in sizes:
        x, _ = xy(n, 10**lo)
        parts.append(f'<text x="{x:.0f}" y="335" text-anchor="middle">{n}</text>')
    for k in range(math.ceil(lo), math.floor(hi) + 1):
        _, y = xy(10**nlo, 10**k)
        parts.append(f'<text x="55" y="{y:.0f}" text-anchor="end">1e{k}</text>')
    labels = {"disk": "on-disk store", "server": "oxigraph serve-read-only", "memory": "in memory (before)"}
    for i, (engine, pts) in enumerate(sorted(points.items())):
        coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(n, t) for n, t in pts))
        parts.append(f'<polyline points="{coords}" fill="none" stroke="{colours[engine]}" stroke-width="2"/>')
        parts.append(f'<text x="565" y="{40 + 16 * i}" fill="{colours[engine]}">{labels[engine]}</text>')
    parts.append("</svg>")
    path.write_text("\n".join(parts), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 100, 1000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--query-timeout", type=float, default=30)
    parser.add_argument("--baseline-up-to", type=int, default=1000)
    parser.add_argument(
        "--unbound-up-to",
        type=int,
        default=100,
        help="time the queries unbound ([all]) up to this N; past it they grow with N by design (a page bounds them) and only fill the time limit",
    )
    parser.add_argument("--no-pages", action="store_true")
    parser.add_argument("--build-only", action="store_true", help="the build, the store and the cold start; no queries, no baseline")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "scale.json")
    parser.add_argument("--svg", type=Path, default=ROOT / "bench" / "scale.svg")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--engine", help=argparse.SUPPRESS)
    parser.add_argument("--graph", help=argparse.SUPPRESS)
    parser.add_argument("--report", help=argparse.SUPPRESS)
    parser.add_argument("--skip", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--bound-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "build":
        return child_build(args.folder, args.out)
    if args.child == "baseline":
        return child_baseline_build(args.folder, args.out)
    if args.child == "queries":
        return child_queries(args.engine, args.graph, args.report, args.runs, args.skip, not args.bound_only)

    import pyoxigraph
    import rdflib

    print(
        f"# kg scale benchmark {date.today()} — {platform.machine()}, {_machine()}, Python {platform.python_version()}, "
        f"rdflib {rdflib.__version__}, pyoxigraph {pyoxigraph.__version__}; query p50/p95 of {args.runs} runs, limit {args.query_timeout:.0f} s"
    )
    results = []
    for n in args.sizes:
        results.append(measure(n, args))
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")  # kept as it goes: a long run that stops keeps what it measured
    report(results, args)
    _svg(results, args.svg)
    _say(f"results: {args.json}, plot: {args.svg}")


if __name__ == "__main__":
    main()
