"""W3C Web Annotation selectors that tie every text node to the report file."""

from __future__ import annotations

from rdflib import RDF, XSD, Graph, Literal, URIRef

from kg.parse.lexer import LineIndex
from kg.vocab.namespace import OA, WTV

CONTEXT = 32  # characters of prefix/suffix in a TextQuoteSelector

# Every location adds fourteen triples, and a report has thousands of locations: its terms are looked up once
# here, since each ``OA.x`` builds and checks a new IRI (a fifth of the time a build spent locating).
_SPECIFIC, _HAS_SOURCE, _HAS_SELECTOR = OA.SpecificResource, OA.hasSource, OA.hasSelector
_POSITION, _START, _END = OA.TextPositionSelector, OA.start, OA.end
_QUOTE, _EXACT, _PREFIX, _SUFFIX = OA.TextQuoteSelector, OA.exact, OA.prefix, OA.suffix
_LOCATION, _LINE, _END_LINE = WTV.location, WTV.line, WTV.endLine


class Locator:
    """Adds ``wtv:location`` resources for ranges of one source file."""

    def __init__(self, graph: Graph, source: str, file_iri: URIRef) -> None:
        self.graph = graph
        self.source = source
        self.file = file_iri
        self.lines = LineIndex(source)
        self.starts: dict[URIRef, int] = {}

    def locate(self, node: URIRef, ranges: list[tuple[int, int]], prop: URIRef = _LOCATION, stem: str = "loc") -> None:
        for k, (start, end) in enumerate(ranges, start=1):
            self._add(node, prop, URIRef(f"{node}/{stem}{k}"), start, end)
        if prop == _LOCATION and ranges:
            first = min(start for start, _ in ranges)
            self.starts[node] = min(first, self.starts.get(node, first))

    def mark_starts(self) -> None:
        """Each located node's own first offset and line (call once, after every ``locate``),
        so queries sort in reading order without an aggregate over every location."""
        for node, start in self.starts.items():
            self.graph.add((node, WTV.offset, Literal(start, datatype=XSD.nonNegativeInteger)))
            self.graph.add((node, WTV.line, Literal(self.lines.line_of(start), datatype=XSD.integer)))

    def _add(self, node: URIRef, prop: URIRef, loc: URIRef, start: int, end: int) -> None:
        add, source = self.graph.add, self.source
        position, quote = URIRef(f"{loc}/position"), URIRef(f"{loc}/quote")
        add((node, prop, loc))
        add((loc, RDF.type, _SPECIFIC))
        add((loc, _HAS_SOURCE, self.file))
        add((loc, _HAS_SELECTOR, position))
        add((loc, _HAS_SELECTOR, quote))
        add((loc, _LINE, Literal(self.lines.line_of(start), datatype=XSD.integer)))
        add((loc, _END_LINE, Literal(self.lines.line_of(max(start, end - 1)), datatype=XSD.integer)))
        add((position, RDF.type, _POSITION))
        add((position, _START, Literal(start, datatype=XSD.nonNegativeInteger)))
        add((position, _END, Literal(end, datatype=XSD.nonNegativeInteger)))
        add((quote, RDF.type, _QUOTE))
        add((quote, _EXACT, Literal(source[start:end])))
        add((quote, _PREFIX, Literal(source[max(0, start - CONTEXT) : start])))
        add((quote, _SUFFIX, Literal(source[end : end + CONTEXT])))
