"""SHACL validation of the built graph (pySHACL) and the reasoner's verdict."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Graph

from kg.codegen import ROOT

SHAPES = ROOT / "ontology" / "shapes.ttl"


@dataclass(frozen=True)
class Validation:
    conforms: bool
    report: Graph
    text: str


def validate(data: Graph, shapes: Path = SHAPES) -> Validation:
    """Check ``data`` against the project's shapes; closed-world, no inference."""
    shapes_graph = Graph().parse(shapes, format="turtle")
    conforms, report, text = shacl_validate(data, shacl_graph=shapes_graph, inference="none", advanced=True, allow_warnings=True)
    assert isinstance(report, Graph)
    return Validation(bool(conforms), report, str(text))
