"""The ontology's reference documentation: one HTML page made by pyLODE, the usual tool for published OWL vocabularies.

A developer's step, like :mod:`kg.devtools.codegen`: ``kg reference`` writes
``docs/ontology.html`` and the app shows that file. pyLODE orders some parts
of its page by blank-node identifiers, which rdflib draws at random, so the
page is not byte-stable; ``kg reference --check`` asks instead that every term
of the ontology has its entry.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import OWL, RDF, Graph, Literal, URIRef

from kg.devtools.codegen import WTV_IRI
from kg.settings import ONTOLOGY, REFERENCE


def render_reference(ontology: Path = ONTOLOGY) -> str:
    """The pyLODE page of the ontology, in English: pyLODE runs every label of a term together ("GebrekDefect")
    and takes one at random as the anchor, so each term keeps only its English text where it has one.
    The Dutch labels and definitions are on the app's ontology page."""
    from pylode import OntPub

    graph = Graph().parse(ontology)
    for node, prop, value in list(graph):
        if isinstance(value, Literal) and value.language not in (None, "en") and _has_english(graph, node, prop):
            graph.remove((node, prop, value))
    return str(OntPub(ontology=graph).make_html())


def _has_english(graph: Graph, node: object, prop: object) -> bool:
    return any(isinstance(v, Literal) and v.language == "en" for v in graph.objects(node, prop))  # type: ignore[arg-type]


def write_reference(target: Path = REFERENCE) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_reference(), encoding="utf-8")
    return target


def missing_terms(page: str, ontology: Path = ONTOLOGY) -> list[str]:
    """The ontology's own classes and properties that have no entry (their IRI) on the page."""
    graph = Graph().parse(ontology)
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    terms = {str(s) for kind in kinds for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef) and str(s).startswith(WTV_IRI)}
    return sorted(t for t in terms if f"<code>{t}</code>" not in page)
