"""Several app replicas (deploy/README.md, "Several replicas"), as far as one machine allows: two `kg app` processes on
loopback sharing one read-only Oxigraph server over the built store and one PostgreSQL for saved collections.

A trainer saves a collection on one replica; a colleague whose browser lands on the other opens the same collection
by its link, and that replica's pages answer from the shared SPARQL server. Needs Debian's Chromium, the Oxigraph
server from PyPI and a PostgreSQL server (``KG_TEST_POSTGRES``, which ``.ci/run`` starts): skipped without them,
except under CI, where they must be there.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from kg.settings import ROOT
from tests.helpers import CHROMIUM, ID, OXIGRAPH, drop_postgres_schemas, free_port, headless_chromium, postgres_schema, settle, wait_for

POSTGRES = os.environ.get("KG_TEST_POSTGRES", "")
NAME = "Les 3 replica"

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("replicas")]  # one Oxigraph, two apps, one browser
_MISSING = [
    what
    for what, there in (
        ("Debian's chromium", Path(CHROMIUM).exists()),
        ("the Oxigraph server (./run setup installs it)", Path(OXIGRAPH).exists()),
        ("a PostgreSQL server in KG_TEST_POSTGRES", bool(POSTGRES)),
    )
    if not there
]
if _MISSING:
    if os.environ.get("CI"):
        raise RuntimeError(f"CI must provide for the replica test (.ci/run does): {', '.join(_MISSING)}")
    pytest.skip(f"the replica test needs {', '.join(_MISSING)}: not found", allow_module_level=True)


def _wait_until_up(url: str, process: subprocess.Popen, log: Path, what: str) -> None:
    for _ in range(240):
        if process.poll() is not None:
            break
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise RuntimeError(f"{what} did not start:\n{log.read_text(encoding='utf-8', errors='replace')[-2000:]}")


@pytest.fixture(scope="module")
def replicas(tmp_path_factory) -> Iterator[tuple[str, str]]:
    """The built store behind one read-only Oxigraph server, and two apps that share it and one PostgreSQL schema;
    yields the two apps' base URLs."""
    out = tmp_path_factory.mktemp("replicas")
    subprocess.run([sys.executable, "-m", "kg.cli", "build", "--no-reason", "--out", str(out)], check=True, cwd=ROOT, capture_output=True)
    schema = f"t_{uuid.uuid4().hex[:16]}_replicas"  # a fresh schema each run: reruns and parallel runs never collide
    collections = postgres_schema(POSTGRES, schema)
    processes: list[subprocess.Popen] = []
    try:
        sparql = free_port()
        log = out / "oxigraph.log"
        serve = [OXIGRAPH, "serve-read-only", "--location", str(out / "store"), "--bind", f"127.0.0.1:{sparql}", "--union-default-graph"]
        processes.append(subprocess.Popen(serve, stdout=subprocess.DEVNULL, stderr=log.open("w")))
        _wait_until_up(f"http://127.0.0.1:{sparql}/", processes[-1], log, "the Oxigraph server")
        # No graph of their own: whatever the replicas show about the report, the shared server answered.
        env = {**os.environ, "KG_SPARQL_ENDPOINT": f"http://127.0.0.1:{sparql}/query", "KG_COLLECTIONS": collections, "KG_GRAPH": str(out / "none.nt")}
        bases = []
        for letter in "ab":
            port, log = free_port(), out / f"app-{letter}.log"
            command = [str(Path(sys.executable).parent / "kg"), "app", "--port", str(port)]
            processes.append(subprocess.Popen(command, cwd=out, env=env, stdout=subprocess.DEVNULL, stderr=log.open("w")))
            bases.append(f"http://127.0.0.1:{port}/")
            _wait_until_up(bases[-1] + "_stcore/health", processes[-1], log, f"app replica {letter.upper()}")
        yield bases[0], bases[1]
    finally:
        for process in reversed(processes):
            process.terminate()
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
        drop_postgres_schemas(POSTGRES, [schema])


@pytest.fixture(scope="module")
def browser():
    with headless_chromium() as instance:
        yield instance


def _fresh(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.errors = []
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    return context, tab


def test_a_collection_saved_on_one_replica_opens_on_the_other(replicas, browser):
    a, b = replicas
    trainer, tab = _fresh(browser)
    tab.goto(a + "lesmateriaal")
    settle(tab)
    box = tab.get_by_role("combobox", name="Thema", exact=True)
    box.click()
    box.fill("Veiligheidsparadox (begrip)")
    tab.locator("[role='option']", has_text="Veiligheidsparadox (begrip)").first.click()
    settle(tab)
    name = tab.get_by_label("Naam van de collectie")
    name.fill(NAME)
    name.press("Enter")
    settle(tab)
    tab.get_by_role("button", name="Opslaan", exact=True).click()
    settle(tab)
    wait_for(tab, "() => location.search.includes('collection=Les')", "the address bar to name the collection")
    assert not tab.errors, tab.errors
    trainer.close()

    colleague, other = _fresh(browser)
    other.goto(b + "lesmateriaal?collection=" + quote(NAME))
    settle(other)
    # A cold replica may still be drawing when the page first looks settled: these wait for what they look for.
    expect(other.locator("[data-testid='stMain']")).to_contain_text(f"Opgeslagen collectie ‘{NAME}’", timeout=30_000)
    expect(other.get_by_label("Titel van de hand-out")).to_have_value("Veiligheidsparadox", timeout=30_000)
    assert not other.errors, other.errors
    colleague.close()


def test_the_other_replica_answers_from_the_shared_sparql_server(replicas, browser):
    _, b = replicas
    context, tab = _fresh(browser)
    tab.goto(b + "entiteit?entity=" + quote(ID + "source/ogink-2019", safe=""))
    settle(tab)
    expect(tab.locator("h1, h2", has_text="Basisfuncties voor lokale teams in kaart").first).to_be_visible(timeout=30_000)
    tab.goto(b)
    settle(tab)
    expect(tab.locator("[data-testid='stMain']")).to_contain_text("Wijkteams werken aan veiligheid", timeout=30_000)
    assert not tab.errors, tab.errors
    context.close()
