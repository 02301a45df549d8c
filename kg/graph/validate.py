"""SHACL validation of the built graph (pySHACL). The reasoner's verdict is :mod:`kg.graph.reason`'s; :func:`kg.graph.pipeline.validate` asks both."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from kg.settings import SHAPES


@dataclass(frozen=True)
class Validation:
    conforms: bool
    report: Graph
    text: str
    shapes: Graph

    def violated_shapes(self) -> set[str]:
        """Names of the node shapes with a violation (a property shape counts for its node shape)."""
        names = set()
        for shape in self.report.objects(None, SH.sourceShape):
            owners = [o for o in self.shapes.subjects(SH.property, shape) if isinstance(o, URIRef)]
            for owner in owners or ([shape] if isinstance(shape, URIRef) else []):
                names.add(str(owner).rsplit("#", 1)[-1])
        return names


def validate(data: Graph, shapes: Path = SHAPES) -> Validation:
    """Check ``data`` against the project's shapes; closed-world, no inference."""
    shapes_graph = Graph().parse(shapes, format="turtle")
    if not data.store.context_aware:
        # The build uses rdflib's lean SimpleMemory store; pySHACL needs a context-aware one.
        copy = Graph()
        copy += data
        data = copy
    conforms, report, text = shacl_validate(data, shacl_graph=shapes_graph, inference="none", advanced=True, allow_warnings=True)
    assert isinstance(report, Graph)
    return Validation(bool(conforms), report, str(text), shapes_graph)
