"""Shared fixtures: the real report, parsed and built once per test session, and the processes that serve it.

Under pytest-xdist every worker is a session of its own, so "once per session" is once per worker.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rdflib import Graph

from kg.graph.pipeline import Published, published_graph
from kg.parse.model import Document
from kg.parse.report import read_report
from kg.parse.sources import Sources, reconcile
from kg.sparql.embedded import EmbeddedStore
from kg.sparql.sandbox import LocalSandbox
from tests.helpers import CURATED, REPORT_FILE, Listener, Served, drop_postgres_schemas, postgres_schema, tree_snapshot


@pytest.fixture(scope="session")
def doc() -> Document:
    return read_report(REPORT_FILE)


@pytest.fixture(scope="session")
def sources(doc: Document) -> Sources:
    return reconcile(doc)


@pytest.fixture(scope="session")
def built() -> Published:
    """The full graph without the reasoner: what every test but the ``reasoner`` ones needs, built without Java."""
    return published_graph(with_reasoner=False)


@pytest.fixture(scope="session")
def reasoned() -> Published:
    """The full graph with the types HermiT infers (Java); for tests marked ``reasoner``."""
    return published_graph()


@pytest.fixture(scope="session")
def reasoned_store(reasoned: Published) -> EmbeddedStore:
    return EmbeddedStore.from_graph(reasoned.graph)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without Java the ``reasoner`` tests are skipped, and only they; CI must have Java, so there they fail instead."""
    if shutil.which("java") or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason="Java is not installed: HermiT cannot run")
    for item in items:
        if "reasoner" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def graph(built: Published) -> Graph:
    return built.graph


@pytest.fixture(scope="session")
def store(graph: Graph) -> EmbeddedStore:
    return EmbeddedStore.from_graph(graph)


@pytest.fixture
def report_copy(tmp_path: Path) -> Path:
    target = tmp_path / REPORT_FILE.name
    target.write_text(REPORT_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    return target


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


@pytest.fixture(scope="module")
def listener_module():
    server = Listener()
    yield server
    server.close()


@pytest.fixture(scope="session")
def graph_nt(built: Published, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built graph as an N-Triples file outside the working tree.

    It asks for ``built``, not ``graph``: modules override ``graph`` (the fixture report's, the reasoned one) or
    parametrize a ``graph`` argument, and this file must stay the real report's for the whole session."""
    from kg.graph.serialize import canonical_nt, write_atomic

    path = tmp_path_factory.mktemp("graph") / "kg.nt"
    write_atomic({path: canonical_nt(built.graph)})
    return path


@pytest.fixture(scope="session")
def served(graph_nt: Path) -> Iterator[Served]:
    """One `kg serve` over the session's graph, with a short time limit and a small body limit, for the endpoint's tests."""
    server = Served(graph_nt, "--timeout", "2", "--workers", "2", "--max-body", "65536")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def sandbox(graph_nt: Path) -> Iterator[LocalSandbox]:
    """The app's sandbox over the session's graph, with one worker."""
    with LocalSandbox(graph_nt, workers=1) as pool:
        yield pool


@pytest.fixture(scope="session")
def two_reports_nt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A graph of two reports, the real one and a copy retitled "Tweede rapport", as an N-Triples file."""
    from kg.graph.assemble import asserted_graph
    from kg.graph.serialize import canonical_nt, write_atomic
    from kg.settings import ONTOLOGY

    folder = tmp_path_factory.mktemp("two-reports")
    second = folder / "tweede-rapport.md"
    second.write_text(REPORT_FILE.read_text(encoding="utf-8").replace("# *Wijkteams werken aan veiligheid*", "# *Tweede rapport*", 1), encoding="utf-8")
    path = folder / "kg.nt"
    write_atomic({path: canonical_nt(asserted_graph([REPORT_FILE, second], CURATED, ONTOLOGY))})
    return path


@pytest.fixture(scope="session", autouse=True)
def app_files(graph_nt: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """What the app reads and writes under test (AppTest, CLI defaults): the session's graph and a collections
    file, both outside the working tree, whose build/ and var/ are the app's defaults. For every session, so
    no test can reach those folders by forgetting to ask (it costs one build without the reasoner, ~3 s)."""
    saved = {name: os.environ.get(name) for name in ("KG_GRAPH", "KG_COLLECTIONS")}
    os.environ["KG_GRAPH"] = str(graph_nt)
    os.environ["KG_COLLECTIONS"] = str(tmp_path_factory.mktemp("collections") / "collections.sqlite")
    yield graph_nt
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def pytest_sessionstart(session: pytest.Session) -> None:
    if not hasattr(session.config, "workerinput"):  # the run's own process watches the tree; xdist's workers do not
        session.config.stash[_BEFORE] = tree_snapshot()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A test run leaves the working tree as it found it (build/, var/, data/ and the rest); a test that writes there fails the run."""
    before = session.config.stash.get(_BEFORE, None)
    if before is None:
        return
    after = tree_snapshot()
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    if changed:
        session.config.get_terminal_writer().line(f"tests changed the working tree: {', '.join(changed)}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_configure(config: pytest.Config) -> None:
    """Hypothesis keeps its caches (constants, Unicode tables, examples) in the temp folder, not in the checkout."""
    from hypothesis.configuration import set_hypothesis_home_dir

    set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "wijkteams-kg-hypothesis")


_BEFORE = pytest.StashKey[dict[str, tuple[int, int]]]()


@pytest.fixture(params=["sqlite", "postgresql"])
def collections_at(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[str], Path | str]]:
    """Fresh places for saved collections, one per name asked for, in each store: an SQLite file, or a schema of
    its own in the PostgreSQL server ``KG_TEST_POSTGRES`` names. Without that server the PostgreSQL variant is
    skipped, except under CI, where it must run (``.ci/run`` starts one)."""
    if request.param == "sqlite":
        yield lambda name="c": tmp_path / f"{name}.sqlite"
        return
    server = os.environ.get("KG_TEST_POSTGRES")
    if not server:
        if os.environ.get("CI"):
            raise RuntimeError("CI must run PostgreSQL for the collection-store tests: set KG_TEST_POSTGRES (.ci/run does)")
        pytest.skip("KG_TEST_POSTGRES is not set: no PostgreSQL server to test the collection store against")
    made: dict[str, str] = {}  # schema by name asked for
    urls: dict[str, str] = {}

    def at(name: str = "c") -> str:
        if name not in urls:
            made[name] = f"t_{uuid.uuid4().hex[:16]}_{name}"
            urls[name] = postgres_schema(server, made[name])
        return urls[name]

    yield at
    drop_postgres_schemas(server, made.values())
