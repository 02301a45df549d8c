"""The whole build: parse, build, curate, reason, and where the files are."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from kg.graph.assemble import asserted_graph
from kg.graph.reason import ReasonerError, Reasoning, materialise, reason, subclass_types
from kg.graph.statistics import add_statistics
from kg.settings import ARGUMENT_DIR, DATA, ONTOLOGY, PACKAGE, ROOT

CURATED = DATA / "curated.yaml"
STAMP = "kg.inputs"
MAX_HASHED_BYTES = 256 << 20


def fingerprint(reports: Iterable[Path], curated: Path, *, with_reasoner: bool, ontology: Path = ONTOLOGY) -> str:
    """One hash of everything a build reads: the reports, the curated layer, the argument maps, the
    ontology and the code that turns them into triples. Equal hashes mean byte-equal graphs (the build
    is deterministic), so an unchanged build can be skipped."""
    digest = hashlib.sha256(f"reasoner={with_reasoner}\n".encode())
    code = sorted(PACKAGE.rglob("*.py"))
    inputs = [*sorted(reports), curated, ontology, *sorted(ARGUMENT_DIR.glob("*.yaml")), *code]
    for path in inputs:
        digest.update(str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path).encode() + b"\0")
        # Only regular files of a sane size are read: /dev/zero or a directory given as a report must reach
        # the build's own checks (which say what is wrong), not hang or exhaust memory here.
        readable = path.is_file() and path.stat().st_size <= MAX_HASHED_BYTES
        digest.update(path.read_bytes() if readable else f"(not read: {path.is_file()})".encode())
        digest.update(b"\0")
    return digest.hexdigest()


def default_reports(data: Path = DATA) -> list[Path]:
    """Every report in data/: the Markdown files other than README.md."""
    return sorted(p for p in data.glob("*.md") if p.name.lower() != "readme.md")


@dataclass
class Published:
    """The graph as written to build/ and served: asserted, with subclass types, inferred types (with the reasoner) and statistics."""

    graph: Graph
    reasoning: Reasoning | None


def published_graph(
    reports: list[Path] | None = None,
    curated: Path = CURATED,
    ontology: Path = ONTOLOGY,
    *,
    with_reasoner: bool = True,
    progress: Callable[[int, int], object] | None = None,
) -> Published:
    """Build the graph; with the reasoner, add its inferred types (fails if inconsistent)."""
    graph = asserted_graph(reports or default_reports(), curated, ontology, progress)
    subclass_types(graph)
    result = None
    if with_reasoner:
        result = reason(graph, Graph().parse(ontology, format="turtle"))
        if not result.consistent:
            raise ReasonerError("HermiT finds the ontology with the data inconsistent")
        materialise(graph, result)
    add_statistics(graph)  # last, so inferred types are counted too
    return Published(graph, result)
