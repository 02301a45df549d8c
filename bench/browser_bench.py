"""Browser benchmark: the explorer as a person meets it, in Debian's Chromium through Playwright.

Measures, against the budgets of issue 11, on the machine it runs on:

- cold start: from starting ``streamlit run app.py`` to the overview's first content;
- sidebar click to settled content, for every page (p50 and p95 over ``--runs``);
- a fresh URL load of every page in a new tab (p50 and p95);
- the network page with one advice drawn (until vis-network has placed its nodes),
  from a fresh URL also against a baseline server that inlines vis-network into
  every map, printed as a ratio.

"Settled" means Streamlit has drawn the page: no placeholder left and no script
running. One run prints every number with its ratio to the budget (under 1 is
within budget).

    .venv/bin/python bench/browser_bench.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ID = "https://w3id.org/wijkteams-veiligheid/id/"
ADVICE = ID + "wijkteams-werken-aan-veiligheid/advice/bevoegdheid/a1"
PAGES = {
    "Overzicht": "",
    "Lezen": "lezen",
    "Onderbouwing": "onderbouwing",
    "Bronnen": "bronnen",
    "Lesmateriaal": "lesmateriaal",
    "Zoeken": "zoeken?q=veilig",
    "Argumentnetwerk": "netwerk",
    "Entiteit": f"entiteit?entity={quote(ID + 'concept/veiligheidsparadox', safe='')}",
    "Rapportcontrole": "rapportcontrole",
    "SPARQL": "sparql",
    "Ontologie": "ontologie",
}
BUDGETS = {"cold start": 10.0, "sidebar click": 1.0, "fresh load": 2.0, "one advice drawn": 1.0}
SETTLED = """() => document.querySelector('[data-testid="stMain"]')
    && !document.querySelector('[data-testid="stSkeleton"]')
    && !document.querySelector('[data-stale="true"]')
    && !document.querySelector('[data-testid="stStatusWidget"]')"""
NODES = """() => { const f = document.querySelector('iframe'); const w = f && f.contentWindow;
    return w && w.network ? Object.keys(w.network.body.nodes).sort().join('|') : ''; }"""
CHANGED = """(before) => { const m = document.querySelector('[data-testid="stMain"]'); return m && m.innerText !== before; }"""
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _settle(tab) -> None:  # type: ignore[no-untyped-def]
    tab.wait_for_selector("[data-testid='stApp']", timeout=120_000)
    tab.wait_for_timeout(50)
    tab.wait_for_function(SETTLED, timeout=120_000, polling=25)


def _fresh_map(browser, base: str) -> float:  # type: ignore[no-untyped-def]
    """Seconds from opening one advice's map in a new tab until vis-network has placed its nodes."""
    fresh = browser.new_page(viewport={"width": 1400, "height": 1000})
    start = time.perf_counter()
    fresh.goto(base + f"netwerk?entity={quote(ADVICE, safe='')}")
    fresh.frame_locator("iframe").first.locator("canvas").wait_for(timeout=60_000)
    fresh.wait_for_function(
        "() => { const f = document.querySelector('iframe'); const w = f && f.contentWindow;"
        " return w && w.network && Object.keys(w.network.body.nodes).length > 3; }",
        timeout=60_000,
        polling=25,
    )
    elapsed = time.perf_counter() - start
    fresh.close()
    return elapsed


def _start(graph: Path, port: int, *options: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1"]
    command += options
    return subprocess.Popen(command, cwd=ROOT, env={**os.environ, "KG_GRAPH": str(graph)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _healthy(base: str) -> None:
    for _ in range(600):
        try:
            if urllib.request.urlopen(base + "_stcore/health", timeout=1).read() == b"ok":
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("streamlit did not start")


def _stats(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    out = Path(tempfile.mkdtemp(prefix="kg-browser-bench-"))
    subprocess.run([sys.executable, "-m", "kg.cli", "build", "--out", str(out)], check=True, cwd=ROOT, capture_output=True)
    port = _port()
    base = f"http://127.0.0.1:{port}/"
    rows: list[tuple[str, str, float, float, float]] = []
    ratios: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        begin = time.perf_counter()
        server = _start(out / "kg.nt", port)
        try:
            _healthy(base)
            tab = browser.new_page(viewport={"width": 1400, "height": 1000})
            tab.goto(base)
            _settle(tab)
            cold = time.perf_counter() - begin
            rows.append(("cold start", "overview", cold, cold, BUDGETS["cold start"]))
            clicks: dict[str, list[float]] = {name: [] for name in PAGES}
            for _ in range(runs):
                for name in PAGES:
                    before = tab.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').innerText")
                    start = time.perf_counter()
                    tab.locator("[data-testid='stSidebarNav'] a", has_text=name).first.click()
                    tab.wait_for_function(CHANGED, arg=before, timeout=120_000, polling=25)  # the new page's content, not the old one's
                    _settle(tab)
                    clicks[name].append(time.perf_counter() - start)
            for name, times in clicks.items():
                p50, p95 = _stats(times)
                rows.append(("sidebar click", name, p50, p95, BUDGETS["sidebar click"]))
            for name, path in PAGES.items():
                times = []
                for _ in range(runs):
                    fresh = browser.new_page(viewport={"width": 1400, "height": 1000})
                    start = time.perf_counter()
                    fresh.goto(base + path)
                    _settle(fresh)
                    times.append(time.perf_counter() - start)
                    fresh.close()
                p50, p95 = _stats(times)
                rows.append(("fresh load", name, p50, p95, BUDGETS["fresh load"]))
            # The same fresh URL on a second server that inlines vis-network into every map (the way
            # before static/ served it): runs alternate between the two, so both see the same machine.
            inline_port = _port()
            inline_base = f"http://127.0.0.1:{inline_port}/"
            inline_server = _start(out / "kg.nt", inline_port, "--server.enableStaticServing", "false")
            try:
                _healthy(inline_base)
                _fresh_map(browser, inline_base)  # its first drawing fills the server's cache, as the other's was
                drawn, inlined = [], []
                for _ in range(runs):
                    drawn.append(_fresh_map(browser, base))
                    inlined.append(_fresh_map(browser, inline_base))
            finally:
                inline_server.terminate()
                inline_server.wait(15)
            p50, p95 = _stats(drawn)
            baseline = _stats(inlined)
            rows.append(("one advice drawn", "fresh URL", p50, p95, BUDGETS["fresh load"]))
            rows.append(("  baseline", "vis inlined", *baseline, BUDGETS["fresh load"]))
            ratios.append(f"one advice drawn from a fresh URL, served vis-network / inlined (p50): {p50 / baseline[0]:.2f}")
            # On the open network page: choose another advice, until its map is placed.
            tab.goto(base + "netwerk")
            _settle(tab)
            switched = []
            others = ["Het vraagt vakmanschap", "Het samen beslissen", "De wijkteamprofessional bespreekt altijd", "Reflectie moet"]
            for n in range(runs):
                target = others[n % len(others)]
                before = tab.evaluate(NODES)
                start = time.perf_counter()
                box = tab.get_by_role("combobox", name="Eén advies", exact=True)
                box.click()
                box.fill(target)
                tab.locator("[role='option']", has_text=target).first.click()
                tab.wait_for_function(f"() => {{ const k = ({NODES})(); return k && k !== {before!r}; }}", timeout=60_000, polling=25)
                switched.append(time.perf_counter() - start)
            p50, p95 = _stats(switched)
            rows.append(("one advice drawn", "choose advice", p50, p95, BUDGETS["one advice drawn"]))
        finally:
            server.terminate()
            server.wait(15)
            browser.close()
    print(f"{platform.node()} · {os.cpu_count()} cores · Chromium {CHROMIUM} · {runs} runs")
    print(f"{'measure':<18}{'page':<18}{'p50':>9}{'p95':>9}{'budget':>9}{'p50/budget':>12}")
    for measure, page, p50, p95, budget in rows:
        print(f"{measure:<18}{page:<18}{p50 * 1000:>7.0f}ms{p95 * 1000:>7.0f}ms{budget:>8.1f}s{p50 / budget:>12.2f}")
    for line in ratios:
        print(line)


if __name__ == "__main__":
    main()
