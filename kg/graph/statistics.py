"""Usage statistics of the ontology's terms, published with the graph as a VoID description.

How often each class and property is used is a count over every triple; at a
thousand reports a query that counts them takes seconds. Counted once at build
time and stated as VoID class and property partitions, the ontology page reads
them with a lookup per term. A build that streams its reports counts each part
on its own (:func:`line_counts`) and adds the counts up.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import VOID

from kg.vocab.namespace import ID, WTV

DATASET = URIRef(f"{ID}dataset")
_NS = str(WTV._NS)
_TYPE = f"<{RDF.type}>"


def term_counts(graph: Graph) -> Counter[str]:
    """How many entities each ``wtv:`` class has (``class <iri>``) and how many triples use each ``wtv:`` property (``property <iri>``)."""
    counts: Counter[str] = Counter()
    for _, predicate, obj in graph:
        if predicate == RDF.type and isinstance(obj, URIRef) and str(obj).startswith(_NS):
            counts[f"class {obj}"] += 1
        elif str(predicate).startswith(_NS):
            counts[f"property {predicate}"] += 1
    return counts


def line_counts(lines: Iterable[str]) -> Counter[str]:
    """:func:`term_counts` of N-Triples lines, read from their text.

    >>> dict(line_counts([f'<urn:a> {_TYPE} <{WTV.Advice}> .', f'<urn:a> <{WTV.text}> "x" .', f'<urn:a> <{RDF.type}> <urn:C> .']))
    {'class https://w3id.org/wijkteams-veiligheid/ontology#Advice': 1, 'property https://w3id.org/wijkteams-veiligheid/ontology#text': 1}
    """
    counts: Counter[str] = Counter()
    prefix = f"<{_NS}"
    for line in lines:
        _, predicate, rest = line.split(" ", 2)
        if predicate == _TYPE:
            if rest.startswith(prefix):
                counts[f"class {rest[1 : rest.index('>')]}"] += 1
        elif predicate.startswith(prefix):
            counts[f"property {predicate[1:-1]}"] += 1
    return counts


def statistics_graph(counts: Mapping[str, int]) -> Graph:
    """The VoID description of these counts: a class partition per class, a property partition per property."""
    graph = Graph()
    graph.add((DATASET, RDF.type, VOID.Dataset))
    for entry, count in counts.items():
        if count <= 0:
            continue
        kind, term = entry.split(" ", 1)
        partition = URIRef(f"{DATASET}/{kind}/{term[len(_NS) :]}")
        graph.add((DATASET, VOID.classPartition if kind == "class" else VOID.propertyPartition, partition))
        graph.add((partition, VOID["class"] if kind == "class" else VOID.property, URIRef(term)))
        graph.add((partition, VOID.entities if kind == "class" else VOID.triples, Literal(count, datatype=XSD.integer)))
    return graph


def add_statistics(graph: Graph) -> None:
    """State how many entities each ``wtv:`` class has and how many triples use each ``wtv:`` property.

    >>> g = Graph()
    >>> g.add((URIRef("urn:a"), RDF.type, WTV.Advice)) and None
    >>> add_statistics(g)
    >>> g.value(URIRef(f"{DATASET}/class/Advice"), VOID.entities)
    rdflib.term.Literal('1', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
    """
    graph += statistics_graph(term_counts(graph))
