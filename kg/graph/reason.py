"""Inferred types: the subclass closure in Python, and OWL reasoning with HermiT (through owlready2).

Every build adds each node's superclasses in the ontology's namespace
(``subclass_types``, RDFS entailment, no Java), so queries that ask for a
``wtv:Source`` find a journal article with or without the reasoner. HermiT then
checks consistency and adds what only OWL can say: the defined classes
(``wtv:EvidenceBasedAdvice``, ``wtv:PeerReviewedSource``, ...).

HermiT's time grows faster than linearly with the number of individuals, so it
only sees the ontology plus the individuals the defined classes are about
(advice, claims, footnotes, sources, sections) and the links between them,
never the thousands of text selectors.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, URIRef

from kg.vocab.namespace import WTV

NOT_MATERIALISED = {WTV.TextNode}
SUBJECT_CLASSES = (WTV.Advice, WTV.Claim, WTV.Footnote, WTV.Source, WTV.Section)
LINKS = (WTV.hasFootnote, WTV.cites, WTV.supports, WTV.inSection, WTV.peerReviewed, WTV.restsOn)


def subclass_types(graph: Graph, hierarchy: Graph | None = None) -> int:
    """Type every node with the named superclasses (in the wtv namespace) of its classes, read from ``hierarchy``
    (by default ``graph`` itself); returns how many were added."""
    wtv = str(WTV._NS)
    classes = hierarchy if hierarchy is not None else graph
    ancestors: dict[URIRef, set[URIRef]] = {}
    added: set[tuple[URIRef, URIRef]] = set()
    for node, cls in graph.subject_objects(RDF.type):
        if not isinstance(node, URIRef) or not isinstance(cls, URIRef):
            continue
        if cls not in ancestors:
            ancestors[cls] = {
                s for s in classes.transitive_objects(cls, RDFS.subClassOf) if isinstance(s, URIRef) and str(s).startswith(wtv) and s != cls
            } - NOT_MATERIALISED
        added.update((node, sup) for sup in ancestors[cls])
    new = {(node, sup) for node, sup in added if (node, RDF.type, sup) not in graph}
    for node, sup in sorted(new):
        graph.add((node, RDF.type, sup))
    return len(new)


class ReasonerError(RuntimeError):
    """The reasoner could not run, or found the ontology with the data inconsistent."""


@dataclass(frozen=True)
class Reasoning:
    consistent: bool
    inferred: list[tuple[URIRef, URIRef]]  # (individual, class) not asserted before
    individuals: int


def _individuals(graph: Graph) -> set[URIRef]:
    found: set[URIRef] = set()
    for cls in SUBJECT_CLASSES:
        classes = set(graph.transitive_subjects(URIRef("http://www.w3.org/2000/01/rdf-schema#subClassOf"), cls))
        for c in classes:
            found.update(s for s in graph.subjects(RDF.type, c) if isinstance(s, URIRef))
    return found


def reasoning_input(graph: Graph, ontology: Graph) -> Graph:
    """The ontology plus the individuals and links the defined classes are about."""
    subset = Graph()
    subset += ontology
    individuals = _individuals(graph)
    for node in sorted(individuals):
        subset.add((node, RDF.type, OWL.NamedIndividual))
        for cls in graph.objects(node, RDF.type):
            subset.add((node, RDF.type, cls))
        for prop in LINKS:
            for obj in graph.objects(node, prop):
                if not isinstance(obj, URIRef) or obj in individuals:
                    subset.add((node, prop, obj))
    return subset


def run_hermit(subset: Graph) -> Reasoning:
    """Classify the individuals of ``subset`` with HermiT."""
    import owlready2

    logging.getLogger("owlready2").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "input.nt"
        subset.serialize(path, format="nt", encoding="utf-8")
        world = owlready2.World()
        onto = world.get_ontology(path.as_uri()).load()
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            return Reasoning(False, [], 0)
        except Exception as err:  # Java missing, HermiT crashed
            raise ReasonerError(f"HermiT could not run: {err}") from err
        asserted = {(s, o) for s, o in subset.subject_objects(RDF.type)}
        wtv = str(WTV._NS)
        inferred: set[tuple[URIRef, URIRef]] = set()
        count = 0
        for individual in world.individuals():
            count += 1
            node = URIRef(individual.iri)
            for cls in individual.is_a:
                for ancestor in getattr(cls, "ancestors", lambda: set())():
                    iri = getattr(ancestor, "iri", "")
                    if iri.startswith(wtv) and (node, URIRef(iri)) not in asserted and URIRef(iri) not in NOT_MATERIALISED:
                        inferred.add((node, URIRef(iri)))
        return Reasoning(True, sorted(inferred), count)


def reason(graph: Graph, ontology: Graph) -> Reasoning:
    return run_hermit(reasoning_input(graph, ontology))


def materialise(graph: Graph, reasoning: Reasoning) -> None:
    for node, cls in reasoning.inferred:
        graph.add((node, RDF.type, cls))
