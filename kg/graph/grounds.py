"""What each advice rests on: one grounding per route by which a source reaches it, stated once by the build.

A source reaches an advice only through the argument map: a footnote in a
premise's own sentence, a footnote in the heading of a premise's section (the
author attributing that section to a work), a footnote the curated layer reads
as covering a premise ("Dit alles ..."), or a footnote in the advice itself.
A footnote elsewhere in a premise's paragraph covers its own sentence and does
not reach the advice.

Every view of "what does this advice rest on" (the evidence page, the map, the
references, the handouts, ``kg cite --advice``) reads these groundings or the
``wtv:restsOn`` links they imply, so they cannot disagree.
"""

from __future__ import annotations

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import PROV

from kg.parse.model import Document
from kg.vocab import iris
from kg.vocab.namespace import WTV

Route = tuple[URIRef, URIRef, URIRef]  # (route, carrier, footnote)


def _uris(graph: Graph, subject: URIRef, prop: URIRef) -> list[URIRef]:
    return sorted(o for o in graph.objects(subject, prop) if isinstance(o, URIRef))


def routes(graph: Graph, advice: URIRef) -> list[Route]:
    """Every footnote that belongs to an advice, with the premise (or the advice) that carries it and how."""
    found: list[Route] = [(WTV.AdviceFootnote, advice, note) for note in _uris(graph, advice, WTV.hasFootnote)]
    for premise in sorted(p for p in graph.subjects(WTV.supports, advice) if isinstance(p, URIRef)):
        found += [(WTV.PremiseFootnote, premise, note) for note in _uris(graph, premise, WTV.hasFootnote)]
        found += [(WTV.CoveringFootnote, premise, note) for note in sorted(n for n in graph.subjects(WTV.covers, premise) if isinstance(n, URIRef))]
        for section in _uris(graph, premise, WTV.inSection):
            found += [(WTV.HeadingFootnote, premise, note) for note in _uris(graph, section, WTV.hasFootnote)]
    return sorted(set(found))


def add_groundings(graph: Graph, doc: Document) -> None:
    """``wtv:restsOn`` from each advice to each source that reaches it, and a ``wtv:Grounding`` per route."""
    report = iris.report(doc.slug)
    for advice in doc.advice:
        node = iris.part(doc.slug, "advice", advice.key)
        origin = graph.value(iris.part(doc.slug, "inference", advice.key), PROV.wasDerivedFrom)
        grounds = sorted({(source, route, carrier, note) for route, carrier, note in routes(graph, node) for source in _uris(graph, note, WTV.cites)})
        for n, (source, route, carrier, note) in enumerate(grounds, start=1):
            grounding = iris.part(doc.slug, "grounding", f"{advice.key}/{n}")
            graph.add((node, WTV.restsOn, source))
            graph.add((grounding, RDF.type, WTV.Grounding))
            graph.add((grounding, WTV.groundedAdvice, node))
            graph.add((grounding, WTV.groundSource, source))
            graph.add((grounding, WTV.carrier, carrier))
            graph.add((grounding, WTV.viaFootnote, note))
            graph.add((grounding, WTV.route, route))
            graph.add((grounding, WTV.inReport, report))
            if isinstance(origin, URIRef):
                graph.add((grounding, PROV.wasDerivedFrom, origin))
