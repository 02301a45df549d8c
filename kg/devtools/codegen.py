"""Generate :mod:`kg.vocab.namespace` from the ontology, so Python never spells an IRI."""

from __future__ import annotations

from pathlib import Path

from rdflib import OWL, RDF, Graph, URIRef

from kg.settings import ONTOLOGY, PACKAGE

WTV_IRI = "https://w3id.org/wijkteams-veiligheid/ontology#"
NAMESPACE_MODULE = PACKAGE / "vocab" / "namespace.py"

HEADER = '''"""Namespaces. GENERATED from ontology/wtv.ttl by `kg namespace`; do not edit.

A misspelt ``WTV`` term raises, because ``_fail = True``.
"""

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ID = Namespace("https://w3id.org/wijkteams-veiligheid/id/")
OA = Namespace("http://www.w3.org/ns/oa#")
DOCO = Namespace("http://purl.org/spar/doco/")
BIBO = Namespace("http://purl.org/ontology/bibo/")
CITO = Namespace("http://purl.org/spar/cito/")
FABIO = Namespace("http://purl.org/spar/fabio/")
BIRO = Namespace("http://purl.org/spar/biro/")
AIF = Namespace("http://www.arg.dundee.ac.uk/aif#")
PROV = Namespace("http://www.w3.org/ns/prov#")


class WTV(DefinedNamespace):
    """The project vocabulary, ``wtv:``."""

    _NS = Namespace("https://w3id.org/wijkteams-veiligheid/ontology#")
    _fail = True
'''


def ontology_terms(path: Path = ONTOLOGY) -> list[str]:
    """Local names of every class, property and named individual (argument schemes, dilemmas) the ontology declares."""
    graph = Graph().parse(path)
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, OWL.NamedIndividual)
    names = {str(s)[len(WTV_IRI) :] for kind in kinds for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef) and str(s).startswith(WTV_IRI)}
    return sorted(names)


def render_namespace(path: Path = ONTOLOGY) -> str:
    lines = [HEADER]
    lines += [f"    {name}: URIRef" for name in ontology_terms(path)]
    return "\n".join(lines) + "\n"


def write_namespace(path: Path = ONTOLOGY, target: Path = NAMESPACE_MODULE) -> None:
    target.write_text(render_namespace(path), encoding="utf-8")
