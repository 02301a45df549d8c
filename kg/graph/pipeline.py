"""The whole build, owned here: build, reason, write the store and the files, and read a built graph back.

The command line asks this module and nothing else of the graph layer:
:func:`build` streams the reports into ``build/`` (:mod:`kg.graph.stream`;
only what changed), :func:`published_graph` builds the whole graph in memory
(for a check, an export, a test), :func:`validate` checks a graph against the
shapes and the reasoner, and :func:`export` renders a graph in another format.
A build stopped by its input raises :class:`BuildError`, whose message says
what and where.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph

from kg.graph import stream
from kg.graph.assemble import asserted_graph
from kg.graph.curated import CuratedError
from kg.graph.reason import ReasonerError, Reasoning, materialise, reason, subclass_types
from kg.graph.serialize import canonical_nt, graph_format, render, write_atomic
from kg.graph.statistics import add_statistics
from kg.graph.stream import FILES_UP_TO, Outcome, Step
from kg.graph.validate import validate as shacl
from kg.parse.model import ReportError
from kg.settings import DATA, ONTOLOGY

CURATED = DATA / "curated.yaml"

Progress = Callable[[int, int], object]
__all__ = ["FILES_UP_TO", "BuildError", "Outcome", "Step", "build", "export", "in_memory", "published_graph", "read_graph", "validate", "write_atomic"]


class BuildError(ValueError):
    """A build, or a check of one, stopped by its input or by the reasoner; the message says what and where."""


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
    progress: Progress | None = None,
    texts: Mapping[Path, str] | None = None,
) -> Published:
    """Build the whole graph in memory; with the reasoner, add its inferred types (fails if inconsistent).

    ``texts`` holds reports already read, so no report is read twice."""
    graph = asserted_graph(reports or default_reports(), curated, ontology, progress, texts=texts)
    subclass_types(graph)
    result = None
    if with_reasoner:
        result = reason(graph, Graph().parse(ontology, format="turtle"))
        if not result.consistent:
            raise ReasonerError("HermiT finds the ontology with the data inconsistent")
        materialise(graph, result)
    add_statistics(graph)  # last, so inferred types are counted too
    return Published(graph, result)


@contextmanager
def _saying_where() -> Iterator[None]:
    """A report that cannot be read is named with its line; the reasoner's failure is one line too."""
    try:
        yield
    except ReportError as err:
        raise BuildError(f"{getattr(err, 'path', 'report')}: {err}") from None
    except ReasonerError as err:
        raise BuildError(str(err)) from None


def build(
    out: Path,
    reports: list[Path] | None = None,
    force: bool = False,
    *,
    curated: Path = CURATED,
    with_reasoner: bool = True,
    progress: Callable[[Step], object] | None = None,
    files: bool | None = None,
    workers: int = stream.WORKERS,
    argument_dir: Path | None = None,
) -> Outcome:
    """Build the graph into ``out``, each report on its own (:mod:`kg.graph.stream`): the on-disk store that
    readers open (``out/store``) and, up to a hundred reports (or as ``files`` says), ``kg.ttl``, ``kg.nt``,
    ``kg.jsonld`` and ``kg.nq`` of the whole graph.

    Only the reports that changed since the last build are rebuilt; with no change at all nothing is (unless
    ``force``). A report that cannot be built is named in the outcome and keeps what the last build made of it;
    the others are built. Readers see a new store, and new files, only once the build has finished."""
    try:
        return stream.build_reports(
            out,
            reports or default_reports(),
            curated=curated,
            ontology=ONTOLOGY,
            with_reasoner=with_reasoner,
            force=force,
            files=files,
            workers=workers,
            progress=progress,
            argument_dir=argument_dir,
        )
    except (stream.BuildStopped, CuratedError) as err:
        raise BuildError(str(err)) from None


def read_graph(path: Path) -> Graph:
    """A graph file of any kind the build writes (.nt, .nq, .ttl, .trig), or a store's folder, in memory; named
    graphs are merged into one."""
    if path.is_dir():
        return _stored_graph(path)
    fmt = graph_format(path).rdflib
    if not path.is_file():
        raise ValueError(f"{path}: not a graph file")
    try:
        if fmt in ("nquads", "trig"):
            dataset = Dataset()
            dataset.parse(path, format=fmt)
            graph = Graph()
            for quad in dataset.triples((None, None, None, None)):  # type: ignore[arg-type]
                graph.add(quad[:3])  # type: ignore[arg-type]
            return graph
        return Graph().parse(path, format=fmt)
    except Exception as err:
        raise ValueError(f"{path}: not a valid {fmt} file: {str(err).splitlines()[0] if str(err) else type(err).__name__}") from None


def _stored_graph(path: Path) -> Graph:
    """Every triple of an on-disk store (the union of its graphs), read into memory."""
    import pyoxigraph as ox

    try:
        store = ox.Store.read_only(str(path))
    except OSError as err:
        raise ValueError(f"{path}: not an Oxigraph store: {str(err).splitlines()[0]}") from None
    data = ox.serialize((quad.triple for quad in store), format=ox.RdfFormat.N_TRIPLES)
    return Graph().parse(data=data, format="nt")


def in_memory() -> Graph:
    """The published graph of the default inputs, built in memory and written nowhere: for a command that finds no built graph."""
    with _saying_where():
        return published_graph().graph


def export(graph_file: Path | None, fmt: str) -> bytes:
    """The graph in ``graph_file`` (or, given None, built :func:`in_memory`) in one of the formats :func:`kg.graph.serialize.render` writes.

    Given the store a build published, the build's own ``kg.nt`` beside it is read when it is there: it keeps
    every literal's datatype as built, where the store keeps an ``xsd:nonNegativeInteger`` as an ``xsd:integer``."""
    if graph_file is not None and graph_file.is_dir() and (graph_file.parent / "kg.nt").is_file():
        graph_file = graph_file.parent / "kg.nt"
    return render(canonical_nt(read_graph(graph_file) if graph_file else in_memory()), fmt)


@dataclass(frozen=True)
class Verdict:
    """A graph checked: against the SHACL shapes (``report`` says which shape and which node), and by HermiT
    (``consistent`` is None when the reasoner was not asked)."""

    conforms: bool
    report: str
    consistent: bool | None = None
    individuals: int = 0


def validate(
    graph_file: Path | None = None,
    reports: list[Path] | None = None,
    curated: Path = CURATED,
    *,
    with_reasoner: bool = True,
) -> Verdict:
    """Check the graph in ``graph_file``, or the one built in memory from the reports, against the shapes and (by default) the reasoner."""
    with _saying_where():
        graph = read_graph(graph_file) if graph_file else published_graph(reports, curated, with_reasoner=False).graph
        found = shacl(graph)
        if not with_reasoner:
            return Verdict(found.conforms, found.text)
        verdict = reason(graph, Graph().parse(ONTOLOGY, format="turtle"))
    return Verdict(found.conforms, found.text, verdict.consistent, verdict.individuals)
