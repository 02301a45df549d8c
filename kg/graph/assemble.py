"""Report(s) + curated layer + ontology -> one rdflib Graph. The build step's entry point."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from rdflib import Graph

from kg.files import read_text
from kg.graph.argmap import load_argument_map
from kg.graph.argument import add_argument_map, add_curated, add_section_rule
from kg.graph.bibliography import SourceBuilder
from kg.graph.curated import CuratedError, check_kinds, concept_graph, load_curated
from kg.graph.document import StructureBuilder
from kg.graph.errata import curated_errata
from kg.graph.grounds import add_groundings
from kg.graph.mentions import Targets, add_mentions, mention_targets
from kg.graph.registry import SourceRegistry
from kg.parse.model import Document, ReportError
from kg.parse.report import parse_report
from kg.parse.sources import reconcile
from kg.settings import ARGUMENT_DIR, DATA, ROOT
from kg.vocab.prefixes import PREFIXES

T = TypeVar("T")


def bind_prefixes(graph: Graph) -> Graph:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def _curated_step(curated: Path, step: Callable[..., T], *args: Any) -> T:
    """One step over the curated layer; an entry of the wrong shape deep inside becomes a CuratedError naming the file."""
    try:
        return step(*args)
    except (TypeError, AttributeError, KeyError) as err:
        raise CuratedError(f"{curated}: an entry has an unexpected shape ({type(err).__name__}: {err})") from None


def _add_argument(graph: Graph, doc: Document, argument_dir: Path) -> None:
    """The report's argument map (``<argument_dir>/<report>.yaml``) if it has one, else the placeholder section rule."""
    path = argument_dir / f"{doc.slug}.yaml"
    if not path.exists():
        add_section_rule(graph, doc)
        return
    shown = path.relative_to(DATA.parent).as_posix() if path.is_relative_to(DATA.parent) else path.name  # the same in every checkout and install
    add_argument_map(graph, doc, load_argument_map(path), shown)


def file_label(path: Path) -> str:
    """How the graph names a report file, the same wherever the project lives (so builds stay byte-identical).

    The corpus is ``data/<name>``, in a checkout and in an installed package alike; another file in the
    checkout is named by its path there; a file elsewhere by its name alone.
    """
    resolved = path.resolve()
    for base, prefix in ((DATA.resolve(), "data/"), (ROOT.resolve(), "")):
        if resolved.is_relative_to(base):
            return prefix + resolved.relative_to(base).as_posix()
    return path.name


@dataclass(frozen=True)
class Base:
    """What every report of a build shares, read once: the curated layer, the ontology, the concept scheme, and
    what finds concepts, organisations and acts in a report's text."""

    curated: Path
    data: dict[str, Any]
    ontology_path: Path
    ontology: Graph
    concepts: Graph
    argument_dir: Path
    targets: Targets

    def graph(self) -> Graph:
        """The part of the graph no report owns: the ontology and the concept scheme (with named organisations and acts)."""
        # SimpleMemory keeps no per-triple contexts: adding half a million triples at a hundred reports
        # takes a quarter less time than in the default store, and the build needs no contexts.
        graph = Graph(store="SimpleMemory")
        graph += self.ontology
        graph += self.concepts
        return graph

    @property
    def curated_report(self) -> str | None:
        """The one report whose parts the curated layer names (``report:``), if it names one."""
        return self.data.get("report") or None


def load_base(curated: Path, ontology: Path, argument_dir: Path | None = None) -> Base:
    """Read the curated layer and the ontology once for a whole build; a curated entry of the wrong shape stops here."""
    data = load_curated(curated)
    _curated_step(curated, check_kinds, data)
    concepts = _curated_step(curated, concept_graph, data)
    return Base(curated, data, ontology, Graph().parse(ontology, format="turtle"), concepts, argument_dir or ARGUMENT_DIR, mention_targets(concepts))


def read_report(path: Path, text: str | None = None) -> Document:
    """A report parsed, named by its file; a report that cannot be read names its file and line."""
    try:
        return parse_report(text if text is not None else read_text(path, "report"), path.stem, file_label(path))
    except ReportError as err:
        err.path = str(path)  # type: ignore[attr-defined]  # which of several reports, for the message
        raise


def report_part(base: Base, doc: Document, registry: SourceRegistry) -> Graph:
    """One report's own triples and what it states about shared works, concepts and acts, built on its own
    (no ontology, no reasoning). ``registry`` gives its works their keys."""
    graph = Graph(store="SimpleMemory")
    sources = reconcile(doc)
    registry.assign(sources)
    StructureBuilder(graph, doc).build()
    data, curated = base.data, base.curated
    errata = curated_errata(data.get("errata")) if data.get("report", doc.slug) == doc.slug else []
    SourceBuilder(graph, doc, sources, data.get("sources") or {}, errata).build()
    _add_argument(graph, doc, base.argument_dir)
    _curated_step(curated, add_curated, graph, doc, data)
    add_groundings(graph, doc)
    add_mentions(graph, base.targets)
    return graph


def check_curated_report(base: Base, slugs: Iterable[str]) -> None:
    """The report the curated layer names must be among the reports built."""
    named, built = base.curated_report, set(slugs)
    if named and named not in built:
        raise CuratedError(f"{base.curated}: report '{named}' is not among the reports built ({', '.join(sorted(built))})")


def asserted_graph(
    reports: list[Path],
    curated: Path,
    ontology: Path,
    progress: Callable[[int, int], object] | None = None,
    argument_dir: Path | None = None,
    texts: Mapping[Path, str] | None = None,
) -> Graph:
    """The asserted graph in memory: ontology, every report, the curated layer (no reasoning).

    ``progress(done, total)`` is called after each report, for long builds.
    Each report's argument map is read from ``argument_dir`` (default ``data/argument/``).
    A report whose text is in ``texts`` is not read again.
    """
    base = load_base(curated, ontology, argument_dir)
    graph = base.graph()
    registry = SourceRegistry()
    slugs: list[str] = []
    for done, path in enumerate(reports, start=1):
        doc = read_report(path, texts.get(path) if texts else None)
        graph += report_part(base, doc, registry)
        slugs.append(doc.slug)
        if progress:
            progress(done, len(reports))
    check_curated_report(base, slugs)
    return bind_prefixes(graph)
