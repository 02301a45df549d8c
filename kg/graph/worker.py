"""What a build worker does: read the shared inputs once, then build one report at a time, on its own.

A report is built into a graph of its own (:func:`kg.graph.assemble.report_part`),
typed with its classes' superclasses and, with the reasoner, with what HermiT
infers; then it is split into the triples it owns (its named graph) and the
ones it states about shared things (works, their authors, concepts), each as
sorted N-Triples lines. The same functions run in worker processes and, for a
build of one or two reports, in the build's own process.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, URIRef

from kg.graph.argmap import ArgumentMapError
from kg.graph.assemble import Base, load_base, read_report, report_part
from kg.graph.curated import CuratedError
from kg.graph.reason import ReasonerError, materialise, reason, subclass_types
from kg.graph.registry import Claim, SourceRegistry, claims
from kg.graph.serialize import nt_term
from kg.graph.statistics import line_counts
from kg.parse.model import Document, ReportError
from kg.parse.sources import reconcile
from kg.vocab import iris

_state: dict[str, object] = {}
PARSED_KEPT = 8  # what a worker parsed for its claims and has not built yet (the build keeps 4 tasks in flight per worker)

# What a report can get wrong: it is then skipped, named with its line, and the others are built.
REPORT_PROBLEMS = (ReportError, CuratedError, ArgumentMapError, ValueError, OSError, UnicodeError)


@dataclass(frozen=True)
class Failed:
    """A report that could not be built, and why (with its line where the report says where)."""

    path: str
    message: str
    fatal: bool = False  # the build cannot go on (the reasoner cannot run at all)


@dataclass(frozen=True)
class Claims:
    """The works a report cites, as the cross-report registry needs them before anything is built."""

    slug: str
    claims: list[Claim]


@dataclass(frozen=True)
class Part:
    """One report built: its own triples and the ones it states about shared things, as sorted N-Triples lines."""

    slug: str
    own: list[str]
    shared: list[str]
    counts: dict[str, int]


def start(curated: str, ontology: str, argument_dir: str | None, with_reasoner: bool) -> None:
    """The worker's initializer: the curated layer and the ontology, read once."""
    _state["base"] = load_base(Path(curated), Path(ontology), Path(argument_dir) if argument_dir else None)
    _state["reason"] = with_reasoner


def use(base: Base, with_reasoner: bool) -> None:
    """Build in this process, with inputs already read."""
    _state["base"] = base
    _state["reason"] = with_reasoner


def _base() -> Base:
    base = _state["base"]
    assert isinstance(base, Base)
    return base


def _failed(path: str, err: Exception) -> Failed:
    """Why a report failed, without its file's name (the failure carries it): ``line 16: ...``."""
    text = str(err)
    return Failed(path, text.removeprefix(f"{path}: "))


def _parsed(path: str) -> Document:
    """The report parsed, from the last few a pass parsed in this process when it is among them."""
    cache = _state.setdefault("parsed", {})
    assert isinstance(cache, dict)
    doc = cache.pop(path, None)
    return doc if isinstance(doc, Document) else read_report(Path(path))


def claims_of(path: str) -> Claims | Failed:
    """The works a report cites (identity and proposed key), in order; parsing only."""
    try:
        doc = read_report(Path(path))
    except REPORT_PROBLEMS as err:
        return _failed(path, err)
    cache = _state.setdefault("parsed", {})
    assert isinstance(cache, dict)
    cache[path] = doc
    while len(cache) > PARSED_KEPT:
        cache.pop(next(iter(cache)))
    return Claims(doc.slug, claims(reconcile(doc)))


def build(path: str, keys: dict[str, str]) -> Part | Failed:
    """One report, its shared works named by ``keys`` (identity -> key, as the whole build assigns them)."""
    base = _base()
    registry = SourceRegistry(keys)
    try:
        doc = _parsed(path)
        slug, graph = doc.slug, report_part(base, doc, registry)
        subclass_types(graph, base.ontology)
        if _state.get("reason"):
            _reason(graph, base)
    except ReasonerError as err:
        return Failed(path, str(err), fatal="could not run" in str(err))
    except REPORT_PROBLEMS as err:
        return _failed(path, err)
    return split(slug, graph, path)


def _reason(graph: Graph, base: Base) -> None:
    """The types HermiT infers for this report's individuals, with the ontology and the concept scheme beside them."""
    whole = base.graph()
    whole += graph
    result = reason(whole, base.ontology)
    if not result.consistent:
        raise ReasonerError("HermiT finds the ontology with the data inconsistent")
    materialise(graph, result)


def split(slug: str, graph: Graph, path: str = "") -> Part | Failed:
    """A report's graph as its own lines (subjects in its namespace) and its shared lines (all others)."""
    # A subject starts some fourteen lines and an IRI object several: each is written, and placed, once.
    subjects: dict[object, tuple[str, bool]] = {}
    objects: dict[object, str] = {}
    own: list[str] = []
    shared: list[str] = []
    for subject, predicate, obj in graph:
        if type(subject) is BNode or type(obj) is BNode:
            return Failed(path or slug, f"report '{slug}': its graph has a blank node, which a report built on its own cannot name the same way twice")
        start = subjects.get(subject)
        if start is None:
            # owned as kg.nq places it (serialize.report_graph)
            start = subjects[subject] = (f"{nt_term(subject)} <", iris.report_slug(str(subject)) == slug)
        written = (objects.get(obj) or objects.setdefault(obj, nt_term(obj))) if type(obj) is URIRef else nt_term(obj)
        (own if start[1] else shared).append(f"{start[0]}{predicate}> {written} .\n")
    own.sort()
    shared.sort()
    return Part(slug, own, shared, dict(line_counts(own)))
