"""What test modules share: the constants that name the real report, query rows, app pages, curated-layer variants,
free ports, process trees, a listening socket, a served endpoint.

Plain constants, functions and classes, imported by name; the fixtures live in conftest.py. The benchmarks
import the example bindings from here too, so this module stays light (AppTest is imported where a page opens).
"""

from __future__ import annotations

import contextlib
import html as html_module
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from rdflib import Graph

from kg.graph.assemble import asserted_graph
from kg.settings import ONTOLOGY, ROOT
from kg.sparql.embedded import EmbeddedStore

if TYPE_CHECKING:
    from streamlit.testing.v1 import AppTest

ID = "https://w3id.org/wijkteams-veiligheid/id/"  # every resource of the project is named under it
SLUG = "wijkteams-werken-aan-veiligheid"  # the real report's name, from its file name
REPORT_FILE = ROOT / "data" / f"{SLUG}.md"  # the report as received
REPORT_IRI = f"{ID}report/{SLUG}"  # the report itself, as the graph names it (``?report=``)
PARTS = f"{ID}{SLUG}/"  # where the IRIs of its sections, claims and advice start: PARTS + "claim/sociaal-netwerk/p1/s2"
ADVICE = PARTS + "advice/sociaal-netwerk/a1"  # the advice the tests open when any one will do
CURATED = ROOT / "data" / "curated.yaml"
ARGUMENT_MAP = ROOT / "data" / "argument" / f"{SLUG}.yaml"


def _push(name: str, ci: int, workstation: int) -> int:
    """How hard a robustness test pushes: ``$name`` if set, else the CI figure under CI, else the workstation's."""
    return int(os.environ.get(name) or (ci if os.environ.get("CI") else workstation))


# The escape test's disguised queries and the endpoint's soak. CI (.ci/run) tries all 10,000 and soaks with
# 1,000; ./run test on a workstation 1,000 and 300, so the whole suite takes minutes; --quick 100 and no soak.
ESCAPE_EXAMPLES = _push("KG_ESCAPE_EXAMPLES", ci=10_000, workstation=1_000)
SOAK_QUERIES = _push("KG_SOAK_QUERIES", ci=1_000, workstation=300)

# A representative value for every parameter name the queries use (their "#+ param" lines):
# what the benchmark times them with and what the store tests compare on.
EXAMPLE_BINDINGS = {
    "report": REPORT_IRI,
    "chapter": PARTS + "section/samen-bij-onveiligheid",
    "section": PARTS + "section/samen-bij-onveiligheid",
    "entity": ID + "source/ogink-2019",
    "node": PARTS + "claim/sociaal-netwerk/p1/s2",
    "claim": PARTS + "claim/sociaal-netwerk/p1/s2",
    "advice": ADVICE,
    "concept": ID + "concept/veiligheidsparadox",
    "theme": ID + "concept/veiligheidsparadox",
    "type": "https://w3id.org/wijkteams-veiligheid/ontology#Advice",
    "source": ID + "source/huber-2011",
}


def open_page(page: str, lang: str = "nl", **params: str) -> AppTest:
    """The app run once, as a link with ``?page=…&lang=…`` and these parameters would open it."""
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.query_params["page"] = page
    app.query_params["lang"] = lang
    for key, value in params.items():
        app.query_params[key] = value
    return app.run()


def html_of(app: AppTest) -> str:
    return "\n".join(h.proto.body for h in app.get("html"))


def with_change(tmp_path: Path, change: Callable[[dict], object]) -> Path:
    """A copy of the curated layer with ``change`` applied to its data."""
    data = yaml.safe_load(CURATED.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "curated.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def build_with(path: Path) -> Graph:
    """The real report's graph over the curated layer at ``path``."""
    return asserted_graph([REPORT_FILE], path, ONTOLOGY)


def rows(store: EmbeddedStore, query: str, **bindings: object) -> list[dict[str, str]]:
    from kg.sparql.result import to_records

    return to_records(store.select(query, bindings or None))  # type: ignore[arg-type]


class Listener:
    """A TCP listener on 127.0.0.1 that counts connections and answers each with a marked error page.

    The mark lets a test check that no listener's answer ever reaches a user.
    """

    MARK = b"LISTENER-SECRET-BODY"

    def __init__(self) -> None:
        import threading

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            try:
                conn.settimeout(0.5)
                conn.recv(65536)
                conn.sendall(b"HTTP/1.1 500 Oops\r\nContent-Type: text/plain\r\nContent-Length: 20\r\nConnection: close\r\n\r\n" + self.MARK)
            except OSError:
                pass
            conn.close()

    def close(self) -> None:
        self.running = False
        self.thread.join(2)
        self.sock.close()


OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")  # the server from PyPI


def wait_for_http(url: str) -> None:
    """Until ``url`` answers (10 s at most)."""
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


@contextlib.contextmanager
def oxigraph_server(*options: str) -> Iterator[str]:
    """An Oxigraph server of its own on a free loopback port, with ``options``; yields its query URL."""
    port = free_port()
    process = subprocess.Popen([OXIGRAPH, "serve", "--bind", f"127.0.0.1:{port}", *options], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_http(f"http://127.0.0.1:{port}/")
        yield f"http://127.0.0.1:{port}/query"
    finally:
        process.terminate()
        process.wait(10)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = (entry / "stat").read_text().rsplit(")", 1)[1].split()[1]
            except OSError:
                continue
            if ppid == str(pid):
                found.append(int(entry.name))
    return found


def descendants(pid: int) -> list[int]:
    """Children, their children, and so on."""
    found, frontier = [], [pid]
    while frontier:
        below = children(frontier.pop())
        found += below
        frontier += below
    return found


def query_workers(pids: list[int]) -> list[int]:
    """Those of ``pids`` that are spawned worker processes (not multiprocessing's resource tracker)."""
    workers = []
    for pid in pids:
        try:
            if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes():
                workers.append(pid)
        except OSError:
            continue
    return workers


TOOL_CACHES = {".git", ".venv", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache"}  # tools' own, not the project's


def tree_snapshot() -> dict[str, tuple[int, int]]:
    """Every file of the working tree (tools' caches aside) with its size and modification time."""
    found = {}
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = sorted(d for d in subfolders if d not in TOOL_CACHES)
        for name in files:
            info = os.stat(os.path.join(folder, name))
            found[os.path.relpath(os.path.join(folder, name), ROOT)] = (info.st_size, info.st_mtime_ns)
    return found


class Served:
    """A `kg serve` process on a free port of 127.0.0.1."""

    def __init__(self, graph: Path, *extra: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        kg = str(Path(sys.executable).parent / "kg")
        args = [kg, "serve", "--graph", str(graph), "--port", str(self.port), *extra]
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        # Ready when it answers, not when it accepts: kg serve binds its port before its workers start.
        for _ in range(600):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.1)
        else:
            raise RuntimeError("kg serve did not start")
        if self.process.poll() is not None:
            raise RuntimeError(self.process.stderr.read().decode() if self.process.stderr else "kg serve did not start")

    def rss_kib(self) -> int:
        """Resident memory of the server and its workers together."""
        total = 0
        for pid in [self.process.pid, *descendants(self.process.pid)]:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS")))
        return total

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()


def http_get(url: str, query: str, headers: dict[str, str] | None = None) -> tuple[int, str, str]:
    """GET a SPARQL query; (status, media type, body), errors included."""
    request = urllib.request.Request(f"{url}?{urllib.parse.urlencode({'query': query})}", headers=headers or {})
    return http_open(request)


def http_open(request: urllib.request.Request) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get_content_type(), response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get_content_type(), err.read().decode()


def http_post(url: str, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> tuple[int, str, str]:
    return http_open(urllib.request.Request(url, data=body, headers={"Content-Type": content_type, **(headers or {})}))


def memory_heavy(rows: int = 5000) -> str:
    """A query of 30 KB-ish worth of its kind: ``rows`` rows of at least 74 KB each, made by doubling a string
    nine times (the review's 5,000 × 74 KB answer took two app sessions from 1.2 to 2.6 GB)."""
    doubling = " ".join(f"BIND(CONCAT(?a{n}, ?a{n}) AS ?a{n + 1})" for n in range(9))
    pad = "x" * 150
    return f'SELECT ?a9 WHERE {{ ?s ?p ?o FILTER(isLiteral(?o)) BIND(CONCAT(STR(?o), "{pad}") AS ?a0) {doubling} }} LIMIT {rows}'


def rss_kib(pid: int) -> int:
    """Resident memory of one process."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS")))


MACHINE_WORDS = [
    (re.compile(r"https?://w3id\.org"), "an IRI"),
    (re.compile(r"\b(?:claim|advice|item|paragraph|section|footnote)/[a-z0-9-]+/"), "a path"),
    (re.compile(r"\[\d+,\s*\d+\)"), "a character offset"),
    (re.compile(r"\b[a-z]+(?:-[a-z0-9]+){3,}\b"), "a slug"),
    (re.compile(r"\b(?:isPartOf|prefLabel|altLabel|inSection|hasFootnote|rdf:type|rdfs:label)\b"), "a raw predicate"),
]


def visible_text(app: AppTest) -> str:
    """What a person reads on an AppTest page: text elements, headings, notices and the text of our HTML (no
    attributes, no technical expander)."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "warning", "info", "error", "success"):
        parts += [str(e.value) for e in app.get(kind)]
    for block in app.get("html"):
        parts.append(html_module.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<style.*?</style>", " ", block.proto.body, flags=re.S))))
    return "\n".join(parts)


def machine_words(text: str) -> list[str]:
    """Each machine word found in a reader's text, with what it is. A source's own web address is for people
    (a working link in a reference); only our identifiers are not."""
    text = re.sub(r"(?:https?://|doi\.org/|www\.)(?!w3id\.org)\S+", " ", text)
    return [f"{what}: {m.group(0)}" for pattern, what in MACHINE_WORDS for m in pattern.finditer(text)]


FIXTURES = ROOT / "tests" / "fixtures"
SMALL_CURATED = FIXTURES / "klein-curated.yaml"


def small_corpus(n: int, folder: Path) -> list[Path]:
    """``n`` copies of the fixture report (the first under its own name, which its curated layer names): all cite
    Elwyn (2001); the even ones Ogink & Gijzel (2019) as the fixture does, the odd ones another work of the same
    authors and year, so a key is claimed by two works and the later one is named ``-2``."""
    folder.mkdir(parents=True, exist_ok=True)
    text = (FIXTURES / "klein-rapport.md").read_text(encoding="utf-8")
    paths = []
    for i in range(n):
        path = folder / ("klein-rapport.md" if i == 0 else f"klein-rapport-{i:03d}.md")
        copy = text if i % 2 == 0 else text.replace("*Basisfuncties voor lokale teams in kaart*", f"*Ander werk nummer {i}*")
        path.write_text(copy, encoding="utf-8")
        paths.append(path)
    return paths


def store_graph(location: Path) -> Graph:
    """Everything an on-disk store holds, as one rdflib graph (the union of its graphs)."""
    import pyoxigraph as ox

    store = ox.Store.read_only(str(location))
    data = ox.serialize((q.triple for q in store), format=ox.RdfFormat.N_TRIPLES)
    return Graph().parse(data=data, format="nt")


def as_oxigraph_holds_it(graph: Graph) -> Graph:
    """A graph as any Oxigraph store holds it (it keeps an ``xsd:nonNegativeInteger`` as an ``xsd:integer``), so a
    graph built in memory compares with a store's."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(input=graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return Graph().parse(data=ox.serialize((q.triple for q in store), format=ox.RdfFormat.N_TRIPLES), format="nt")


def store_quads(location: Path) -> set[str]:
    """The quads of an on-disk store without blank nodes (only the ontology has them), as N-Quads lines."""
    import pyoxigraph as ox

    store = ox.Store.read_only(str(location))
    return {str(q) for q in store if not any(isinstance(t, ox.BlankNode) for t in (q.subject, q.object))}


def postgres_schema(server: str, schema: str) -> str:
    """A URL of ``server`` whose tables live in a new, empty schema of their own (its ``search_path``), so tests
    that share one PostgreSQL server see nothing of each other."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(server, autocommit=True) as db:
        db.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    parts = urllib.parse.urlsplit(server)
    query = [*urllib.parse.parse_qsl(parts.query), ("options", f"-c search_path={schema}")]
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query, quote_via=urllib.parse.quote)))


def drop_postgres_schemas(server: str, schemas: Iterable[str]) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(server, autocommit=True) as db:
        for schema in schemas:
            db.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# As the machine's probe starts it: without the background-networking flags Chromium keeps dialling out and is refused.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
]


# A Streamlit page has drawn its content: something in the main area, no placeholder left, no script running.
SETTLED = """() => document.querySelector('[data-testid="stMain"]')
    && document.querySelector('[data-testid="stMain"]').innerText.trim() !== ''
    && !document.querySelector('[data-testid="stSkeleton"]')
    && !document.querySelector('[data-testid="stStatusWidget"]')"""
# Settled, and its text the same at three looks 150 ms apart: widgets that fill in after the first paint are in.
QUIET = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    const text = main ? main.innerText : '', seen = window.__kgQuiet || (window.__kgQuiet = {text: null, same: 0});
    seen.same = text === seen.text ? seen.same + 1 : 0;
    seen.text = text;
    return seen.same >= 3 && !document.querySelector('[data-testid="stStatusWidget"]');
}"""


def page_text(tab: Any) -> str:
    main = tab.locator("[data-testid='stMain']")
    return str(main.inner_text() if main.count() else tab.content())


def wait_for(tab: Any, expression: str, what: str, *, polling: float | str = "raf", explain: Callable[[Any], str] | None = None) -> None:
    """Wait up to 60 s for a JavaScript condition; on timeout, fail with what the page showed instead."""
    import pytest
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        tab.wait_for_function(expression, timeout=60_000, polling=polling)
    except PlaywrightTimeout:
        shown = explain(tab) if explain else f"address: {tab.url}\npage text:\n{page_text(tab)[:1500]}"
        pytest.fail(f"waited 60 s for {what}\n{shown}")


def settle(tab: Any, explain: Callable[[Any], str] | None = None) -> None:
    """Until the page has drawn its content (:data:`SETTLED`) and its text has stopped changing (:data:`QUIET`)."""
    tab.wait_for_selector("[data-testid='stApp']", timeout=60_000)
    tab.wait_for_timeout(300)  # the first rerun starts
    wait_for(tab, SETTLED, "the page to settle (no placeholder left, no script running)", explain=explain)
    tab.evaluate("() => { window.__kgQuiet = null; }")
    wait_for(tab, QUIET, "the page's text to stop changing", polling=150, explain=explain)


@contextlib.contextmanager
def headless_chromium() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (no browser download), closed when the block ends."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()
