"""App benchmark: cold start to the first page, and each page's render time on the report.

Cold start runs in a fresh interpreter (imports, loading the graph, first
render). Page renders are medians of warm reruns in one process (the graph is
cached by st.cache_resource, as in the running app). Ratios are against the
budgets below.

    .venv/bin/python bench/app_bench.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
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
    runs = parser.parse_args().runs
    cold = subprocess.run([sys.executable, "-c", COLD.format(app=str(ROOT / "app.py"))], capture_output=True, text=True, cwd=ROOT, check=True)
    cold_s = float(cold.stdout.strip().splitlines()[-1])
    print(f"{'view':28} {'median':>10} {'budget':>10} {'ratio':>7}")
    print(f"{'cold start to first page':28} {cold_s * 1000:8.0f}ms {COLD_BUDGET_S * 1000:8.0f}ms {cold_s / COLD_BUDGET_S:7.2f}")
    for name, params in VIEWS.items():
        page = params.get("page", name)
        render(page, params)  # first render fills the per-page caches
        median = statistics.median(render(page, params) for _ in range(runs))
        print(f"{name:28} {median * 1000:8.0f}ms {PAGE_BUDGET_S * 1000:8.0f}ms {median / PAGE_BUDGET_S:7.2f}")


if __name__ == "__main__":
    main()
