"""Browser benchmark: the explorer as a person meets it, in Debian's Chromium through Playwright.

Every time runs until the page's **own content** is drawn: the element only that page draws once its
queries have answered (the overview's evidence table, an advice's premise cards, a search's marked hits,
a map's placed nodes), and no script left running. Waiting for Streamlit's frame alone reported fresh
loads about 2.6 times too short.

Measured, with p50 and p95 over ``--runs``, against the budgets of issue 17:

- restart: from starting the server (graph built) to the overview's content, beside a one-line Streamlit
  app started the same way (what Streamlit itself costs);
- sidebar click and in-app link: from the click to the next page's content;
- fresh load: a new tab opened on a page's address, to its content;
- one advice's map from a fresh address, until vis-network has placed its nodes;
- five sessions at once, each clicking through the menu: the clicks' p50 and p95.

With ``--baseline REF`` the same measures run in the same run against a second server started from a
temporary worktree of REF (its own build of the graph), alternating between the two so both meet the
same machine, and every line prints the ratio current / baseline. The load average is printed beside
the table: compare within a run, not across runs.

    .venv/bin/python bench/browser_bench.py [--runs 5] [--baseline HEAD~1]
"""

from __future__ import annotations

import argparse
import asyncio
import functools
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
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ID = "https://w3id.org/wijkteams-veiligheid/id/"
PARTS = ID + "wijkteams-werken-aan-veiligheid/"
ADVICE = PARTS + "advice/bevoegdheid/a1"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
BUDGETS = {"restart": 3.0, "sidebar click": 1.0, "in-app link": 1.0, "fresh load": 2.0, "one advice drawn": 2.0, "5 sessions (p95)": 1.5}

MAIN = "document.querySelector('[data-testid=\"stMain\"]')"


def has(selector: str) -> str:
    return f"{MAIN}.querySelector({selector!r})"


def says(text: str) -> str:
    return f"{MAIN}.innerText.includes({text!r})"


# What each page draws only when its own content is there (an element, or its own words beside it: a data
# grid alone is on several pages).
CONTENT = {
    "Overzicht": has("#evidence-levels"),
    "Lezen": has("p[id^='n-']"),
    "Onderbouwing": f"{has('[data-testid=stDataFrame]')} && {says('Bewijsprofielen')} && {has('table')}",
    "Bronnen": f"({has('ul.references')} || {has('[data-testid=stCode]')}) && {has('[data-testid=stDataFrame]')}",
    "Lesmateriaal": f"{has('[data-testid=stDataFrame]')} && {says('Kies een thema')}",
    # With a query its marked hits; opened from the menu (no query) its box.
    "Zoeken": f"(location.search.includes('q=') ? {has('mark')} : {has('[data-testid=stTextInput]')})",
    "Argumentnetwerk": "(() => { const f = document.querySelector('iframe'); const w = f && f.contentWindow;"
    " return w && w.network && Object.keys(w.network.body.nodes).length > 3; })()",
    "Entiteit": f"(location.search.includes('entity=') ? {has('h2')} : {has('[data-testid=stTextInput]')})",
    "Rapportcontrole": f"{has('[data-testid=stDataFrame]')} && {says('redacteur')}",
    "SPARQL": f"{has('iframe')} && {says('SPARQL')}",
    "Ontologie": f"{has('[data-testid=stExpander]')} && {says('Referentiedocumentatie')}",
    "Advies": has("article.premise"),
    "Sectie": f"{has('.advice')} && {has('ul.references')}",
    "Begrip": has("blockquote.passage"),
    "Bron": has("p.references"),
}
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
    "Advies": f"advies?entity={quote(ADVICE, safe='')}",
    "Sectie": f"sectie?entity={quote(PARTS + 'section/bevoegdheid', safe='')}",
    "Begrip": f"begrip?entity={quote(ID + 'concept/veiligheidsparadox', safe='')}",
    "Bron": f"bron?entity={quote(ID + 'source/huber-2011', safe='')}",
}
IN_MENU = [name for name in PAGES if name not in ("Advies", "Sectie", "Begrip", "Bron")]
# In-app links a reader follows: (from page, link text, the page it opens).
LINKS = [("Overzicht", "Bevoegdheid", "Sectie"), ("Sectie", "Lees het argument →", "Advies"), ("Advies", "Tierolf e.a. (2014)", "Bron")]
SETTLED = f"""{MAIN} && !document.querySelector('[data-testid="stSkeleton"]') && !document.querySelector('[data-stale="true"]')
    && !document.querySelector('[data-testid="stStatusWidget"]')"""
ONE_LINE_APP = 'import streamlit as st\nst.title("Hallo")\n'


def drawn(name: str) -> str:
    """The page's own content is there and nothing is still running."""
    return f"() => Boolean({CONTENT[name]}) && Boolean({SETTLED})"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _stats(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


class Server:
    """An app server from a checkout (this one, or a worktree of the baseline) on its own built graph."""

    def __init__(self, checkout: Path, graph: Path, script: str = "app.py") -> None:
        self.checkout, self.graph, self.script = checkout, graph, script
        self.port = _port()
        self.base = f"http://127.0.0.1:{self.port}/"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> float:
        """Start it; seconds until its health check answers."""
        command = [sys.executable, "-m", "streamlit", "run", self.script, "--server.headless", "true", "--server.port", str(self.port)]
        command += ["--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
        begin = time.perf_counter()
        env = {**os.environ, "KG_GRAPH": str(self.graph), "PYTHONPATH": str(self.checkout)}
        self.process = subprocess.Popen(command, cwd=self.checkout, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(1200):
            try:
                if urllib.request.urlopen(self.base + "_stcore/health", timeout=1).read() == b"ok":
                    return time.perf_counter() - begin
            except OSError:
                time.sleep(0.025)
        raise RuntimeError(f"streamlit did not start in {self.checkout}")

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(15)
            self.process = None


def build(checkout: Path, out: Path) -> Path:
    subprocess.run([sys.executable, "-m", "kg.cli", "build", "--no-reason", "--out", str(out)], check=True, cwd=checkout, capture_output=True,
                   env={**os.environ, "PYTHONPATH": str(checkout)})  # fmt: skip
    return out / "kg.nt"


@contextmanager
def baseline_checkout(ref: str | None) -> Iterator[Path | None]:
    """A temporary worktree of ``ref``, removed afterwards; None without a baseline."""
    if not ref:
        yield None
        return
    folder = Path(tempfile.mkdtemp(prefix="kg-bench-baseline-"))
    subprocess.run(["git", "worktree", "add", "--detach", str(folder), ref], cwd=ROOT, check=True, capture_output=True)
    try:
        yield folder
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(folder)], cwd=ROOT, capture_output=True)


def fresh(browser, server: Server, name: str) -> float:  # type: ignore[no-untyped-def]
    """A new tab on the page's address, until its own content is drawn."""
    tab = browser.new_page(viewport={"width": 1400, "height": 1000})
    start = time.perf_counter()
    tab.goto(server.base + PAGES[name])
    tab.wait_for_function(drawn(name), timeout=120_000, polling=25)
    elapsed = time.perf_counter() - start
    tab.close()
    return elapsed


def restart(browser, server: Server, name: str = "Overzicht") -> float:  # type: ignore[no-untyped-def]
    """From starting the server to the first page's content in a browser that asks as soon as it answers."""
    begin = time.perf_counter()
    server.start()
    tab = browser.new_page(viewport={"width": 1400, "height": 1000})
    tab.goto(server.base)
    if name in CONTENT:
        tab.wait_for_function(drawn(name), timeout=120_000, polling=25)
    else:  # the one-line app: its title
        tab.wait_for_function("() => document.querySelector('h1') !== null", timeout=120_000, polling=25)
    elapsed = time.perf_counter() - begin
    tab.close()
    return elapsed


def click(tab, name: str) -> float:  # type: ignore[no-untyped-def]
    """A menu click, until the chosen page's content is drawn (not the old page's)."""
    start = time.perf_counter()
    tab.locator("[data-testid='stSidebarNav'] a", has_text=name).first.click()
    tab.wait_for_url(lambda url: PAGES[name].split("?")[0] in url if PAGES[name] else True, timeout=120_000)
    _wait(tab, name)
    return time.perf_counter() - start


def _wait(tab, name: str) -> None:  # type: ignore[no-untyped-def]
    """Until the page's content is drawn; a page that never draws it fails the run with its name and address."""
    try:
        tab.wait_for_function(drawn(name), timeout=120_000, polling=25)
    except Exception as err:
        raise RuntimeError(f"{name} ({tab.url}) never drew its content") from err


def follow(tab, server: Server, origin: str, text: str, target: str) -> float:  # type: ignore[no-untyped-def]
    tab.goto(server.base + PAGES[origin])
    tab.wait_for_function(drawn(origin), timeout=120_000, polling=25)
    start = time.perf_counter()
    tab.locator("[data-testid='stMain'] a", has_text=text).first.click()
    tab.wait_for_url(f"**/{PAGES[target].split('?')[0]}**", timeout=120_000)
    tab.wait_for_function(drawn(target), timeout=120_000, polling=25)
    return time.perf_counter() - start


async def _session(playwright, server: Server, rounds: int) -> list[float]:  # type: ignore[no-untyped-def]
    browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    tab = await browser.new_page(viewport={"width": 1400, "height": 1000})
    await tab.goto(server.base)
    await tab.wait_for_function(drawn("Overzicht"), timeout=120_000, polling=25)
    times = []
    for _ in range(rounds):
        for name in IN_MENU[1:] + IN_MENU[:1]:
            start = time.perf_counter()
            await tab.locator("[data-testid='stSidebarNav'] a", has_text=name).first.click()
            await tab.wait_for_function(drawn(name), timeout=120_000, polling=25)
            times.append(time.perf_counter() - start)
    await browser.close()
    return times


def concurrent(server: Server, sessions: int, rounds: int) -> list[float]:
    """Several visitors at once, each clicking through the menu: every click's time."""
    from playwright.async_api import async_playwright

    async def run() -> list[float]:
        async with async_playwright() as playwright:
            found = await asyncio.gather(*(_session(playwright, server, rounds) for _ in range(sessions)))
        return [t for times in found for t in times]

    # Playwright's synchronous API holds this thread's event loop: the visitors run in a thread of their own.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, run()).result()


def timed(label: str, measure: Callable[[], float], runs: int) -> list[float]:
    """``runs`` times of one measure; on the baseline, a page or link it does not have yet gives no times
    (an older commit may lack the advice page) instead of ending the run. On the current checkout it fails."""
    try:
        return [measure() for _ in range(runs)]
    except Exception:
        if label == "current":
            raise
        return []


def measure(browser, servers: dict[str, Server], runs: int) -> list[tuple[str, str, str, list[float]]]:  # type: ignore[no-untyped-def]
    """Every measure on every server, alternating between them run by run."""
    found: list[tuple[str, str, str, list[float]]] = []
    for label, server in servers.items():
        tab = browser.new_page(viewport={"width": 1400, "height": 1000})
        tab.goto(server.base)
        tab.wait_for_function(drawn("Overzicht"), timeout=120_000, polling=25)
        for name in IN_MENU:  # warm the server's caches once, as a running app has them
            timed(label, functools.partial(click, tab, name), 1)
        clicks = {name: timed(label, functools.partial(click, tab, name), runs) for name in IN_MENU[1:] + IN_MENU[:1]}
        found += [("sidebar click", name, label, times) for name, times in clicks.items()]
        for a, b, c in LINKS:
            found.append(("in-app link", f"{a} → {c}", label, timed(label, functools.partial(follow, tab, server, a, b, c), runs)))
        tab.close()
    for name in PAGES:
        for label, server in servers.items():
            found.append(("fresh load", name, label, timed(label, functools.partial(fresh, browser, server, name), runs)))
    return found


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline", help="a git ref to measure beside the checkout, in the same run (e.g. HEAD~1)")
    parser.add_argument("--sessions", type=int, default=5)
    options = parser.parse_args()
    load_before = os.getloadavg()
    out = Path(tempfile.mkdtemp(prefix="kg-browser-bench-"))
    rows: list[tuple[str, str, str, list[float]]] = []
    with baseline_checkout(options.baseline) as other, sync_playwright() as pw:
        checkouts = {"current": ROOT, **({f"baseline {options.baseline}": other} if other else {})}
        graphs = {label: build(path, out / label.replace(" ", "-")) for label, path in checkouts.items()}
        (out / "one_line.py").write_text(ONE_LINE_APP)
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        servers = {label: Server(checkouts[label], graphs[label]) for label in checkouts}
        try:
            starts: dict[str, list[float]] = {label: [] for label in [*servers, "one-line app"]}
            for _ in range(options.runs):
                for label, server in servers.items():
                    starts[label].append(restart(browser, server))
                    server.stop()
                one = Server(out, graphs["current"], "one_line.py")
                starts["one-line app"].append(restart(browser, one, "one-line"))
                one.stop()
            rows += [("restart", "to first page", label, times) for label, times in starts.items()]
            for server in servers.values():
                server.start()
            rows += measure(browser, servers, options.runs)
            for label, server in servers.items():
                rows.append(("one advice drawn", "fresh URL", label, [fresh(browser, server, "Argumentnetwerk") for _ in range(options.runs)]))
            for label, server in servers.items():
                rows.append(("5 sessions (p95)", f"{options.sessions} × menu", label, concurrent(server, options.sessions, max(1, options.runs // 2))))
        finally:
            for server in servers.values():
                server.stop()
            browser.close()
    _print(rows, options, load_before)


def _print(rows: list[tuple[str, str, str, list[float]]], options: argparse.Namespace, load_before: tuple[float, float, float]) -> None:
    load_after = os.getloadavg()
    print(f"{platform.node()} · {os.cpu_count()} cores · Chromium {CHROMIUM} · {options.runs} runs")
    before, after = (" / ".join(f"{x:.2f}" for x in load) for load in (load_before, load_after))
    print(f"load average before {before}, after {after}")
    print(f"{'measure':<18}{'page':<26}{'server':<22}{'p50':>8}{'p95':>8}{'budget':>8}{'p50/budget':>11}{'vs baseline':>12}")
    base = {(m, p): _stats(v)[0] for m, p, label, v in rows if label.startswith("baseline") and v}
    for measure_name, page, label, values in rows:
        if not values:
            print(f"{measure_name:<18}{page:<26}{label:<22}{'(not in this version)':>27}")
            continue
        p50, p95 = _stats(values)
        budget = BUDGETS.get(measure_name, 0.0)
        shown = p95 if measure_name.startswith("5 sessions") else p50
        ratio = f"{p50 / base[(measure_name, page)]:.2f}" if label == "current" and (measure_name, page) in base else ""
        against = f"{shown / budget:>11.2f}" if budget and label != "one-line app" else f"{'':>11}"
        print(f"{measure_name:<18}{page:<26}{label:<22}{p50 * 1000:>6.0f}ms{p95 * 1000:>6.0f}ms{budget:>7.1f}s{against}{ratio:>12}")


if __name__ == "__main__":
    main()
