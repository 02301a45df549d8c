"""W3C Web Annotation selectors that tie every text node to the report file."""

from __future__ import annotations

from rdflib import RDF, XSD, Graph, Literal, URIRef

from kg.parse.lexer import LineIndex
from kg.vocab.namespace import OA, WTV

CONTEXT = 32  # characters of prefix/suffix in a TextQuoteSelector


class Locator:
    """Adds ``wtv:location`` resources for ranges of one source file."""

    def __init__(self, graph: Graph, source: str, file_iri: URIRef) -> None:
        self.graph = graph
        self.source = source
        self.file = file_iri
        self.lines = LineIndex(source)
        self.starts: dict[URIRef, int] = {}

    def locate(self, node: URIRef, ranges: list[tuple[int, int]], prop: URIRef = WTV.location, stem: str = "loc") -> None:
        for k, (start, end) in enumerate(ranges, start=1):
            self._add(node, prop, URIRef(f"{node}/{stem}{k}"), start, end)
        if prop == WTV.location and ranges:
            first = min(start for start, _ in ranges)
            self.starts[node] = min(first, self.starts.get(node, first))

    def mark_starts(self) -> None:
        """Each located node's own first offset and line (call once, after every ``locate``),
        so queries sort in reading order without an aggregate over every location."""
        for node, start in self.starts.items():
            self.graph.add((node, WTV.offset, Literal(start, datatype=XSD.nonNegativeInteger)))
            self.graph.add((node, WTV.line, Literal(self.lines.line_of(start), datatype=XSD.integer)))

    def _add(self, node: URIRef, prop: URIRef, loc: URIRef, start: int, end: int) -> None:
        g = self.graph
        position, quote = URIRef(f"{loc}/position"), URIRef(f"{loc}/quote")
        g.add((node, prop, loc))
        g.add((loc, RDF.type, OA.SpecificResource))
        g.add((loc, OA.hasSource, self.file))
        g.add((loc, OA.hasSelector, position))
        g.add((loc, OA.hasSelector, quote))
        g.add((loc, WTV.line, Literal(self.lines.line_of(start), datatype=XSD.integer)))
        g.add((loc, WTV.endLine, Literal(self.lines.line_of(max(start, end - 1)), datatype=XSD.integer)))
        g.add((position, RDF.type, OA.TextPositionSelector))
        g.add((position, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)))
        g.add((position, OA.end, Literal(end, datatype=XSD.nonNegativeInteger)))
        g.add((quote, RDF.type, OA.TextQuoteSelector))
        g.add((quote, OA.exact, Literal(self.source[start:end])))
        g.add((quote, OA.prefix, Literal(self.source[max(0, start - CONTEXT) : start])))
        g.add((quote, OA.suffix, Literal(self.source[end : end + CONTEXT])))
