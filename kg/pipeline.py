"""The whole build: parse, build, curate, reason, and where the files are."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from kg.build.graph import build_graph
from kg.build.statistics import add_statistics
from kg.codegen import ONTOLOGY, ROOT
from kg.reason import ReasonerError, Reasoning, materialise, reason

DATA = ROOT / "data"
CURATED = DATA / "curated.yaml"
BUILD_DIR = ROOT / "build"


def default_reports(data: Path = DATA) -> list[Path]:
    """Every report in data/: the Markdown files other than README.md."""
    return sorted(p for p in data.glob("*.md") if p.name.lower() != "readme.md")


@dataclass
class Built:
    graph: Graph
    reasoning: Reasoning | None


def full_graph(
    reports: list[Path] | None = None,
    curated: Path = CURATED,
    ontology: Path = ONTOLOGY,
    *,
    with_reasoner: bool = True,
    progress: Callable[[int, int], object] | None = None,
) -> Built:
    """Build the graph; with the reasoner, add its inferred types (fails if inconsistent)."""
    graph = build_graph(reports or default_reports(), curated, ontology, progress)
    result = None
    if with_reasoner:
        result = reason(graph, Graph().parse(ontology, format="turtle"))
        if not result.consistent:
            raise ReasonerError("HermiT finds the ontology with the data inconsistent")
        materialise(graph, result)
    add_statistics(graph)  # last, so inferred types are counted too
    return Built(graph, result)
