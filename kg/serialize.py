"""Deterministic, atomic output: the same graph gives the same bytes, every time.

Blank nodes (only in the ontology's class expressions) get canonical labels
(RDF dataset canonicalisation as implemented by ``rdflib.compare``); triples
are written in sorted order.
"""

from __future__ import annotations

import json
import os
import tempfile
from typing import Any
from pathlib import Path

from rdflib import BNode, Graph
from rdflib.compare import to_canonical_graph

from kg.build.graph import bind_prefixes

FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdf": "xml"}


def canonical(graph: Graph) -> Graph:
    """A copy with canonical blank-node labels and triples added in sorted order.

    Only triples that touch a blank node take part in canonicalisation: a
    blank node's canonical label depends on those triples alone.
    """
    with_bnodes, plain = Graph(), []
    for triple in graph:
        if any(isinstance(term, BNode) for term in triple):
            with_bnodes.add(triple)
        else:
            plain.append(triple)
    ordered = bind_prefixes(Graph())
    for triple in sorted([*plain, *to_canonical_graph(with_bnodes)], key=lambda t: tuple(x.n3() for x in t)):
        ordered.add(triple)
    return ordered


def _sort_json(value: Any, ordered: bool = False) -> Any:
    if isinstance(value, dict):
        return {k: _sort_json(v, ordered=k == "@list") for k, v in sorted(value.items())}
    if isinstance(value, list) and ordered:  # an RDF list keeps its order
        return [_sort_json(v) for v in value]
    if isinstance(value, list):
        items = [_sort_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def _stable_jsonld(graph: Graph) -> bytes:
    """JSON-LD with nodes and values in a fixed order (rdflib's own order varies)."""
    data = json.loads(graph.serialize(format="json-ld", encoding="utf-8"))
    return (json.dumps(_sort_json(data), ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def render(graph: Graph, fmt: str) -> bytes:
    """Serialise a canonical graph in one of :data:`FORMATS`."""
    if fmt == "nt":
        lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
        return ("\n".join(sorted(line for line in lines if line.strip())) + "\n").encode("utf-8")
    if fmt == "jsonld":
        return _stable_jsonld(graph)
    return graph.serialize(format=FORMATS[fmt], encoding="utf-8")


def write_atomic(files: dict[Path, bytes]) -> None:
    """Write every file, or none: each goes to a temporary name, then is renamed."""
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(tmp, 0o644)
            staged.append((Path(tmp), target))
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, target in staged:
        os.replace(tmp, target)
