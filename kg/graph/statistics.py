"""Usage statistics of the ontology's terms, published with the graph as a VoID description.

How often each class and property is used is a count over every triple; at a
thousand reports a query that counts them takes seconds. Counted once at build
time and stated as VoID class and property partitions, the ontology page reads
them with a lookup per term.
"""

from __future__ import annotations

from collections import Counter

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import VOID

from kg.vocab.namespace import ID, WTV

DATASET = URIRef(f"{ID}dataset")


def add_statistics(graph: Graph) -> None:
    """State how many entities each ``wtv:`` class has and how many triples use each ``wtv:`` property.

    >>> g = Graph()
    >>> g.add((URIRef("urn:a"), RDF.type, WTV.Advice)) and None
    >>> add_statistics(g)
    >>> g.value(URIRef(f"{DATASET}/class/Advice"), VOID.entities)
    rdflib.term.Literal('1', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
    """
    namespace = str(WTV._NS)
    classes: Counter[URIRef] = Counter()
    properties: Counter[URIRef] = Counter()
    for _, predicate, obj in graph:
        if predicate == RDF.type and isinstance(obj, URIRef) and str(obj).startswith(namespace):
            classes[obj] += 1
        elif str(predicate).startswith(namespace):
            properties[predicate] += 1  # type: ignore[index]
    graph.add((DATASET, RDF.type, VOID.Dataset))
    for kind, counts, link, term_prop, measure in (
        ("class", classes, VOID.classPartition, VOID["class"], VOID.entities),
        ("property", properties, VOID.propertyPartition, VOID.property, VOID.triples),
    ):
        for term, count in counts.items():
            partition = URIRef(f"{DATASET}/{kind}/{str(term)[len(namespace) :]}")
            graph.add((DATASET, link, partition))
            graph.add((partition, term_prop, term))
            graph.add((partition, measure, Literal(count, datatype=XSD.integer)))
