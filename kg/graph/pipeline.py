"""The whole build, owned here: read the inputs once, build, reason, write the files, and read a built graph back.

The command line asks this module and nothing else of the graph layer:
:func:`build` writes ``build/`` (or skips it when no input changed),
:func:`validate` checks a graph against the shapes and the reasoner, and
:func:`export` renders a graph in another format. A build stopped by its input
raises :class:`BuildError`, whose message says what and where.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph

from kg.files import read_text
from kg.graph.assemble import asserted_graph
from kg.graph.reason import ReasonerError, Reasoning, materialise, reason, subclass_types
from kg.graph.serialize import canonical_nt, graph_format, render, write_atomic
from kg.graph.statistics import add_statistics
from kg.graph.validate import validate as shacl
from kg.parse.model import ReportError
from kg.settings import ARGUMENT_DIR, DATA, ONTOLOGY, PACKAGE, ROOT

CURATED = DATA / "curated.yaml"
STAMP = "kg.inputs"
OUTPUTS = ("ttl", "nt", "jsonld", "nq")
MAX_HASHED_BYTES = 256 << 20

Progress = Callable[[int, int], object]


class BuildError(ValueError):
    """A build, or a check of one, stopped by its input or by the reasoner; the message says what and where."""


def default_reports(data: Path = DATA) -> list[Path]:
    """Every report in data/: the Markdown files other than README.md."""
    return sorted(p for p in data.glob("*.md") if p.name.lower() != "readme.md")


def read_reports(paths: Iterable[Path]) -> dict[Path, str]:
    """Each report's text, read once (for the fingerprint and for the parser alike); a file that is not
    there, not a regular file, too large or not UTF-8 text stops here with what is wrong."""
    texts = {}
    for path in paths:
        if not path.exists():
            raise FileNotFoundError(f"no report at {path}")
        texts[path] = read_text(path, "report")
    return texts


def fingerprint(reports: Mapping[Path, str], curated: Path, *, with_reasoner: bool, ontology: Path = ONTOLOGY) -> str:
    """One hash of everything a build reads: the reports' texts, the curated layer, the argument maps, the
    ontology and the code that turns them into triples. Equal hashes mean byte-equal graphs (the build
    is deterministic), so an unchanged build can be skipped."""
    digest = hashlib.sha256(f"reasoner={with_reasoner}\n".encode())
    for path in sorted(reports):
        _add(digest, path, reports[path].encode("utf-8"))
    for path in [curated, ontology, *sorted(ARGUMENT_DIR.glob("*.yaml")), *sorted(PACKAGE.rglob("*.py"))]:
        # Only regular files of a sane size are read: a directory or a device given as the curated layer must
        # reach the build's own checks (which say what is wrong), not hang or exhaust memory here.
        readable = path.is_file() and path.stat().st_size <= MAX_HASHED_BYTES
        _add(digest, path, path.read_bytes() if readable else f"(not read: {path.is_file()})".encode())
    return digest.hexdigest()


def _add(digest: hashlib._Hash, path: Path, data: bytes) -> None:
    digest.update(str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path).encode() + b"\0")
    digest.update(data)
    digest.update(b"\0")


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
    """Build the graph; with the reasoner, add its inferred types (fails if inconsistent).

    ``texts`` holds reports already read (by :func:`read_reports`), so no report is read twice."""
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


@dataclass(frozen=True)
class Built:
    """What :func:`build` did: the files it wrote, or found up to date, and the graph's size (None when skipped)."""

    outputs: list[Path]
    triples: int | None

    @property
    def skipped(self) -> bool:
        return self.triples is None


def build(
    out: Path,
    reports: list[Path] | None = None,
    force: bool = False,
    *,
    curated: Path = CURATED,
    with_reasoner: bool = True,
    progress: Progress | None = None,
) -> Built:
    """Build the graph into ``out``: ``kg.ttl``, ``kg.nt``, ``kg.jsonld`` and ``kg.nq``, and the fingerprint of the inputs.

    When the fingerprint matches the last build's and every file is there, nothing is rebuilt (unless ``force``).
    The files are written only after the whole build succeeded, each replacing its predecessor atomically."""
    chosen = reports or default_reports()
    texts = read_reports(chosen)
    inputs = fingerprint(texts, curated, with_reasoner=with_reasoner)
    stamp, outputs = out / STAMP, [out / f"kg.{ext}" for ext in OUTPUTS]
    if not force and stamp.is_file() and stamp.read_text().strip() == inputs and all(p.exists() for p in outputs):
        return Built(outputs, None)
    with _saying_where():
        graph = published_graph(chosen, curated, with_reasoner=with_reasoner, progress=progress, texts=texts).graph
    nt = canonical_nt(graph)
    files = {path: render(nt, path.suffix[1:]) for path in outputs}
    files[stamp] = (inputs + "\n").encode()
    write_atomic(files)
    return Built(outputs, len(graph))


def read_graph(path: Path) -> Graph:
    """A graph file of any kind the build writes (.nt, .nq, .ttl, .trig); named graphs are merged into one."""
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


def in_memory() -> Graph:
    """The published graph of the default inputs, built in memory and written nowhere: for a command that finds no built graph."""
    with _saying_where():
        return published_graph().graph


def export(graph_file: Path | None, fmt: str) -> bytes:
    """The graph in ``graph_file`` (or, given None, built :func:`in_memory`) in one of the formats :func:`kg.graph.serialize.render` writes."""
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
