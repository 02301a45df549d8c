"""Usage statistics of the ontology's terms, published with the graph as a VoID description.

How often each class and property is used is a count over every triple; at a
thousand reports a query that counts them takes seconds. Counted once at build
time and stated as VoID class and property partitions, the ontology page reads
them with a lookup per term.
"""

from __future__ import annotations

from collections import Counter

from rdflib import RDF, XSD, Graph, Literal, URIRef

from kg.namespace import ID, WTV

VOID = "http://rdfs.org/ns/void#"
DATASET = URIRef(f"{ID}dataset")


def _void(name: str) -> URIRef:
    return URIRef(VOID + name)


def add_statistics(graph: Graph) -> None:
    """State how many entities each ``wtv:`` class has and how many triples use each ``wtv:`` property."""
    namespace = str(WTV._NS)
    classes: Counter[URIRef] = Counter()
    properties: Counter[URIRef] = Counter()
    for _, predicate, obj in graph:
        if predicate == RDF.type and isinstance(obj, URIRef) and str(obj).startswith(namespace):
            classes[obj] += 1
        elif str(predicate).startswith(namespace):
            properties[predicate] += 1  # type: ignore[index]
    graph.add((DATASET, RDF.type, _void("Dataset")))
    for kind, counts, link, term_prop, measure in (
        ("class", classes, "classPartition", "class", "entities"),
        ("property", properties, "propertyPartition", "property", "triples"),
    ):
        for term, count in counts.items():
            partition = URIRef(f"{DATASET}/{kind}/{str(term)[len(namespace) :]}")
            graph.add((DATASET, _void(link), partition))
            graph.add((partition, _void(term_prop), term))
            graph.add((partition, _void(measure), Literal(count, datatype=XSD.integer)))
