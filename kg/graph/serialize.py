"""Deterministic, atomic output: the same graph gives the same bytes, every time.

Blank nodes (only in the ontology's class expressions) get canonical labels
(``rdflib.compare``); triples are sorted as canonical N-Triples, and every
other format is written from that sorted stream by pyoxigraph's serialisers,
which keep the input order.
"""

from __future__ import annotations

import heapq
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.plugins.serializers.nt import _nt_row, _quoteLiteral

from kg.vocab import iris
from kg.vocab.prefixes import PREFIXES

FORMATS = {
    "nt": ox.RdfFormat.N_TRIPLES,
    "ttl": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdf": ox.RdfFormat.RDF_XML,
}


@dataclass(frozen=True)
class GraphFile:
    """A kind of graph file the build writes or a command reads: its extension, and its name in each RDF library."""

    suffix: str
    oxigraph: ox.RdfFormat
    rdflib: str


GRAPH_FILES = (
    GraphFile(".nt", ox.RdfFormat.N_TRIPLES, "nt"),
    GraphFile(".nq", ox.RdfFormat.N_QUADS, "nquads"),
    GraphFile(".ttl", ox.RdfFormat.TURTLE, "turtle"),
    GraphFile(".trig", ox.RdfFormat.TRIG, "trig"),
)


def graph_format(path: Path) -> GraphFile:
    """The kind of a graph file, by its extension (.nt, .nq, .ttl, .trig).

    >>> graph_format(Path("build/kg.nq")).oxigraph.name
    'N-Quads'
    >>> graph_format(Path("kg.xml"))
    Traceback (most recent call last):
    ValueError: kg.xml: a graph file must end in .nt, .nq, .ttl, .trig
    """
    for kind in GRAPH_FILES:
        if path.suffix.lower() == kind.suffix:
            return kind
    raise ValueError(f"{path}: a graph file must end in {', '.join(k.suffix for k in GRAPH_FILES)}")


def nt_term(term: object) -> str:
    """A term as N-Triples writes it, as rdflib writes it (an IRI as it is, unchecked: the build's IRIs are its own)."""
    if type(term) is URIRef:
        return f"<{term}>"
    return _quoteLiteral(term) if isinstance(term, Literal) else term.n3()  # type: ignore[attr-defined]


def nt_lines(graph: Graph) -> list[str]:
    """A graph without blank nodes as N-Triples lines, exactly as rdflib writes them, in no order.

    rdflib's own row writer checks every IRI it writes; the build's IRIs are its own, so this writes them
    as they are, in half the time.

    >>> g = Graph()
    >>> g.add((URIRef("urn:a"), URIRef("urn:p"), Literal("zo", lang="nl"))) and None
    >>> nt_lines(g) == [_nt_row(t) for t in g]
    True
    """
    return [f"{nt_term(s)} <{p}> {nt_term(o)} .\n" for s, p, o in graph]


def canonical_nt(graph: Graph) -> bytes:
    """Sorted N-Triples with canonical blank-node labels.

    Only triples that touch a blank node take part in canonicalisation: a
    blank node's canonical label depends on those triples alone.
    """
    with_bnodes = Graph()
    lines = []
    # Rows are written straight from the triples: copying half a million triples into
    # a second rdflib Graph first would cost more than the rest of serialising.
    for triple in graph:
        if any(isinstance(t, BNode) for t in triple):
            with_bnodes.add(triple)
        else:
            lines.append(_nt_row(triple))
    lines.extend(_nt_row(triple) for triple in to_canonical_graph(with_bnodes))
    return "".join(sorted(set(lines))).encode("utf-8")


def report_graph(subject: str) -> str | None:
    """The named graph a subject (in N-Triples form) belongs to: its report's, or None for shared resources.

    >>> report_graph("<https://w3id.org/wijkteams-veiligheid/id/wwav/claim/a/p1/s1>")
    '<https://w3id.org/wijkteams-veiligheid/id/graph/wwav>'
    >>> report_graph("<https://w3id.org/wijkteams-veiligheid/id/source/ryan-2000>") is None
    True
    """
    slug = iris.report_slug(subject[1:-1]) if subject.startswith("<") else None
    return f"<{iris.report_graph(slug)}>" if slug else None


def to_nquads(nt: bytes) -> bytes:
    """Each report's triples in its own named graph; ontology, concepts and shared sources in the default graph."""
    out = []
    for line in nt.decode("utf-8").splitlines():
        graph = report_graph(line.split(" ", 1)[0])
        out.append(f"{line[:-2]} {graph} ." if graph else line)
    return ("\n".join(sorted(out)) + "\n").encode("utf-8")


def render(nt: bytes, fmt: str) -> bytes:
    """Serialise sorted N-Triples in one of :data:`FORMATS`, keeping their order."""
    if fmt == "nt":
        return nt
    if fmt == "nq":
        return to_nquads(nt)
    triples = (quad.triple for quad in ox.parse(nt, format=ox.RdfFormat.N_TRIPLES))
    prefixes = PREFIXES if FORMATS[fmt] is not ox.RdfFormat.N_TRIPLES else None
    data = ox.serialize(triples, format=FORMATS[fmt], prefixes=prefixes)
    assert data is not None
    return data


def write_atomic(files: dict[Path, bytes]) -> None:
    """Write every file, or none: each goes to a temporary name, then is renamed."""
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(name, 0o644)
            staged.append((Path(name), target))
    except BaseException:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, target in staged:
        os.replace(temporary, target)


MERGE_FAN_IN = 256  # sorted chunks read at once; more are merged in rounds, so open files stay few


def merged(chunks: Sequence[Callable[[], Iterable[str]]], scratch: Path) -> Iterator[str]:
    """The sorted union of sorted chunks of N-Triples lines, each line once, read a line at a time.

    >>> list(merged([lambda: ["a\\n", "c\\n"], lambda: ["b\\n", "c\\n"]], Path(".")))
    ['a\\n', 'b\\n', 'c\\n']
    """
    if len(chunks) > MERGE_FAN_IN:
        rounds: list[Callable[[], Iterable[str]]] = []
        for start in range(0, len(chunks), MERGE_FAN_IN):
            fd, name = tempfile.mkstemp(dir=scratch, prefix=".merge.", suffix=".nt")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.writelines(merged(chunks[start : start + MERGE_FAN_IN], scratch))
            rounds.append(_consumed(Path(name)))
        yield from merged(rounds, scratch)
        return
    previous = None
    for line in heapq.merge(*(chunk() for chunk in chunks)):
        if line != previous:
            yield line
            previous = line


def _consumed(path: Path) -> Callable[[], Iterator[str]]:
    """A temporary file's lines, the file removed once read."""

    def lines() -> Iterator[str]:
        try:
            with path.open(encoding="utf-8") as handle:
                yield from handle
        finally:
            path.unlink(missing_ok=True)

    return lines


def write_graph_files(targets: Mapping[str, Path], chunks: Sequence[Callable[[], Iterable[str]]]) -> None:
    """``kg.nt``, ``kg.nq``, ``kg.ttl`` and ``kg.jsonld`` (the keys of ``targets``) of the union of sorted chunks of
    N-Triples lines, byte for byte what :func:`render` writes of the whole graph, without holding the graph in
    memory. All are replaced together, only once all are written."""
    folder = targets["nt"].parent
    folder.mkdir(parents=True, exist_ok=True)
    staged = {ext: Path(tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")[1]) for ext, path in targets.items()}
    try:
        with staged["nt"].open("w", encoding="utf-8") as nt, staged["nq"].open("w", encoding="utf-8") as nq:
            for line in merged(chunks, folder):
                nt.write(line)
                graph = report_graph(line.split(" ", 1)[0])
                nq.write(f"{line[:-3]} {graph} .\n" if graph else line)
        for ext in ("ttl", "jsonld"):
            triples = (quad.triple for quad in ox.parse(path=staged["nt"], format=ox.RdfFormat.N_TRIPLES))
            ox.serialize(triples, staged[ext], format=FORMATS[ext], prefixes=PREFIXES)
        for path in staged.values():
            os.chmod(path, 0o644)
    except BaseException:
        for path in staged.values():
            path.unlink(missing_ok=True)
        raise
    for ext, path in staged.items():
        os.replace(path, targets[ext])
