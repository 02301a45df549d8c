"""Shared fixtures: the real report, parsed and built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from kg.codegen import ROOT
from kg.parse.model import Document
from kg.parse.report import read_report
from kg.parse.sources import Sources, reconcile
from kg.pipeline import Built, full_graph
from kg.store import EmbeddedStore

REPORT = ROOT / "data" / "wijkteams-werken-aan-veiligheid.md"


@pytest.fixture(scope="session")
def doc() -> Document:
    return read_report(REPORT)


@pytest.fixture(scope="session")
def sources(doc: Document) -> Sources:
    return reconcile(doc)


@pytest.fixture(scope="session")
def built() -> Built:
    """The full graph, with the types HermiT infers."""
    return full_graph()


@pytest.fixture(scope="session")
def graph(built: Built) -> Graph:
    return built.graph


@pytest.fixture(scope="session")
def store(graph: Graph) -> EmbeddedStore:
    return EmbeddedStore.from_graph(graph)


def rows(store: EmbeddedStore, query: str, **bindings: object) -> list[dict[str, str]]:
    from kg.results import to_records

    return to_records(store.select(query, bindings or None))  # type: ignore[arg-type]


@pytest.fixture
def report_copy(tmp_path: Path) -> Path:
    target = tmp_path / REPORT.name
    target.write_text(REPORT.read_text(encoding="utf-8"), encoding="utf-8")
    return target
