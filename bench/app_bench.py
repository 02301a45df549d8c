"""App benchmark: cold start to the first page, and each page's render time on the report.

Cold start runs in a fresh interpreter (imports, loading the graph, first
render). Page renders are medians of warm reruns in one process (the graph is
cached by st.cache_resource, as in the running app). Ratios are against the
budgets below.

    .venv/bin/python bench/app_bench.py [--runs N] [--reports N]

With ``--reports N`` the app shows a synthetic corpus of N reports
(bench/corpus.py, built without the reasoner) instead of the real report, and
every view is measured twice: across all N reports (the default) and with the
first report chosen in the sidebar.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
COLD_BUDGET_S = 10.0
PAGE_BUDGET_S = 1.0
ID = "https://w3id.org/wijkteams-veiligheid/id/"
VIEWS = {
    "overzicht": {},
    "lezen": {"entity": ID + "wijkteams-werken-aan-veiligheid/claim/sociaal-netwerk/p1/s2"},
    "entiteit": {"entity": ID + "source/ogink-2019"},
    "zoeken": {"q": "veilig"},
    "netwerk": {"concept": ID + "concept/veiligheidsparadox"},
    "netwerk (heel rapport)": {"page": "netwerk"},
    "sparql": {},
    "ontologie": {},
}


def synthetic_views(report: str) -> dict[str, dict[str, str]]:
    """The same views on the first synthetic report, across all reports and with that report chosen."""
    chosen = {"report": f"{ID}report/{report}"}
    views = {
        "overzicht": {},
        "lezen": {"entity": f"{ID}{report}/claim/onderdeel-1-1/p1/s1"},
        "entiteit": {"entity": f"{ID}{report}/advice/onderdeel-1-2/a1"},
        "zoeken": {"q": "veilig"},
        "netwerk": {"concept": ID + "concept/veiligheidsparadox"},
        "netwerk (heel rapport)": {"page": "netwerk"},
        "onderbouwing": {},
        "bronnen": {},
        "sparql": {},
        "ontologie": {},
    }
    across = {f"{k} [all]": {"page": v.get("page", k), **v} for k, v in views.items()}
    return {**across, **{k: {"page": v.get("page", k), **v, **chosen} for k, v in views.items()}}


def synthetic_graph(n: int) -> tuple[Path, str]:
    """Build N synthetic reports into a temporary kg.nt; the graph file and the first report's slug."""
    sys.path.insert(0, str(ROOT))
    from bench.corpus import build_corpus, write_corpus

    folder = Path(tempfile.mkdtemp()) / f"corpus-{n}"
    paths = write_corpus(n, folder)
    print(f"building {n} synthetic reports", file=sys.stderr, flush=True)
    build_corpus(paths, folder / "kg.nt")
    return folder / "kg.nt", sorted(paths)[0].stem


COLD = """
import time
start = time.perf_counter()
from streamlit.testing.v1 import AppTest
app = AppTest.from_file({app!r}, default_timeout=300)
app.run()
assert not app.exception, app.exception
print(time.perf_counter() - start)
"""


def render(name: str, params: dict[str, str]) -> float:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    app.query_params["page"] = params.get("page", name)
    for key, value in params.items():
        app.query_params[key] = value
    start = time.perf_counter()
    app.run()
    elapsed = time.perf_counter() - start
    if app.exception:
        raise RuntimeError(f"{name}: {app.exception}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--reports", type=int, default=0, help="Measure on N synthetic reports instead of the real one.")
    args = parser.parse_args()
    runs, views = args.runs, VIEWS
    if args.reports:
        graph, first = synthetic_graph(args.reports)
        os.environ["KG_GRAPH"] = str(graph)  # the app reads it per call, so the cold start and this process both see it
        views = synthetic_views(first)
        print(f"# {args.reports} synthetic reports ({graph.stat().st_size >> 20} MB of N-Triples)")
    cold = subprocess.run([sys.executable, "-c", COLD.format(app=str(ROOT / "app.py"))], capture_output=True, text=True, cwd=ROOT, check=True)
    cold_s = float(cold.stdout.strip().splitlines()[-1])
    print(f"{'view':30} {'median':>10} {'budget':>10} {'ratio':>7}")
    print(f"{'cold start to first page':30} {cold_s * 1000:8.0f}ms {COLD_BUDGET_S * 1000:8.0f}ms {cold_s / COLD_BUDGET_S:7.2f}")
    for name, params in views.items():
        page = params.get("page", name)
        render(page, params)  # first render fills the per-page caches
        median = statistics.median(render(page, params) for _ in range(runs))
        print(f"{name:30} {median * 1000:8.0f}ms {PAGE_BUDGET_S * 1000:8.0f}ms {median / PAGE_BUDGET_S:7.2f}")


if __name__ == "__main__":
    main()
