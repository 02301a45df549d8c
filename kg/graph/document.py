"""Document model -> triples for the report's structure, text and provenance."""

from __future__ import annotations

import hashlib

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from kg.graph.provenance import Locator
from kg.parse.inline import Inline
from kg.parse.model import Document, Enumeration, Figure, Footnote, Paragraph, Section
from kg.parse.report import locate
from kg.parse.statements import statement_kind
from kg.vocab import iris
from kg.vocab.namespace import WTV


def _int(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


def _nl(text: str) -> Literal:
    return Literal(text, lang="nl")


class StructureBuilder:
    """Adds the report, its sections and every text node, each with its place in the file."""

    def __init__(self, graph: Graph, doc: Document) -> None:
        self.g = graph
        self.doc = doc
        self.slug = doc.slug
        self.report = iris.report(doc.slug)
        self.locator = Locator(graph, doc.source, iris.source_file(doc.slug))
        self._sections_by_key = {s.key: s for s in doc.sections}

    def iri(self, kind: str, path: str) -> URIRef:
        return iris.part(self.slug, kind, path)

    def section_iri(self, key: str) -> URIRef:
        return self.iri("section", key)

    def build(self) -> None:
        self._report()
        for section in self.doc.sections:
            self._section(section)
        for paragraph in self.doc.paragraphs:
            self._paragraph(paragraph)
        for advice in self.doc.advice:
            node = self.iri("advice", advice.key)
            self._text_node(node, WTV.Advice, advice.text, advice.section, advice.ordinal)
        for enumeration in self.doc.enumerations:
            self._list(enumeration)
        for figure in self.doc.figures:
            self._figure(figure)
        for footnote in self.doc.footnotes:
            self._footnote(footnote)
        for entry in self.doc.bibliography:
            node = self.iri("bibentry", str(entry.ordinal))
            bib = next(s.key for s in self.doc.sections if s.role == "bibliography")
            self._text_node(node, WTV.BibliographyEntry, entry.text, bib, entry.ordinal)
        self.locator.mark_starts()

    def _report(self) -> None:
        g, meta, report = self.g, self.doc.meta, self.report
        file_iri = iris.source_file(self.slug)
        g.add((report, RDF.type, WTV.Report))
        g.add((report, DCTERMS.title, _nl(meta.title)))
        g.add((report, RDFS.label, _nl(meta.title)))
        g.add((report, WTV.subtitle, _nl(meta.subtitle)))
        g.add((report, DCTERMS.creator, Literal(meta.author)))
        g.add((report, DCTERMS.date, Literal(meta.date)))
        g.add((report, WTV.commission, _nl(meta.commission)))
        g.add((report, DCTERMS.source, file_iri))
        if self.doc.access_note:
            g.add((report, WTV.accessNote, _nl(self.doc.access_note)))
        g.add((file_iri, RDF.type, WTV.SourceFile))
        g.add((file_iri, RDFS.label, Literal(self.doc.file or f"{self.slug}.md")))
        digest = hashlib.sha256(self.doc.source.encode("utf-8")).hexdigest()
        g.add((file_iri, WTV.sha256, Literal(digest)))

    def _section(self, section: Section) -> None:
        g, node = self.g, self.section_iri(section.key)
        g.add((node, RDF.type, WTV.BibliographySection if section.role == "bibliography" else WTV.Section))
        g.add((node, DCTERMS.title, _nl(section.title)))
        g.add((node, RDFS.label, _nl(section.title)))
        g.add((node, WTV.level, _int(section.level)))
        g.add((node, WTV.position, _int(section.ordinal)))
        parent = self.section_iri(section.parent) if section.parent else self.report
        g.add((node, DCTERMS.isPartOf, parent))
        g.add((node, WTV.inReport, self.report))
        for key in self._enclosing(section):
            g.add((node, WTV.withinSection, self.section_iri(key)))
        self.locator.locate(node, locate(self.doc, section.heading.text))

    def _enclosing(self, section: Section) -> list[str]:
        """The section's key and its ancestors' keys, innermost first."""
        by_key = self._sections_by_key
        keys = [section.key]
        while by_key[keys[-1]].parent:
            keys.append(by_key[keys[-1]].parent)  # type: ignore[arg-type]
        return keys

    def _text_node(self, node: URIRef, cls: URIRef, inline: Inline, section: str, position: int) -> None:
        g = self.g
        g.add((node, RDF.type, cls))
        g.add((node, WTV.text, _nl(inline.plain)))
        g.add((node, WTV.inSection, self.section_iri(section)))
        g.add((node, WTV.inReport, self.report))
        g.add((node, WTV.position, _int(position)))
        self.locator.locate(node, locate(self.doc, inline.text))

    def _paragraph(self, paragraph: Paragraph) -> None:
        node = self.iri("paragraph", paragraph.key)
        self._text_node(node, WTV.Paragraph, paragraph.text, paragraph.section, paragraph.ordinal)
        if paragraph.figure:
            self.g.add((node, WTV.inFigure, self.iri("figure", paragraph.figure.removeprefix("figuur-"))))
        for sentence in paragraph.sentences:
            claim = self.iri("claim", f"{paragraph.key}/s{sentence.ordinal}")
            self._text_node(claim, WTV.Claim, Inline(sentence.text, sentence.markers), paragraph.section, sentence.ordinal)
            self.g.add((claim, WTV.inParagraph, node))
            self.g.add((claim, WTV.statementKind, Literal(statement_kind(sentence.text.text, paragraph.section))))
            for marker in sentence.markers:
                for number in marker.numbers:
                    self.g.add((claim, WTV.hasFootnote, self.iri("footnote", str(number))))

    def _list(self, enumeration: Enumeration) -> None:
        g, node = self.g, self.iri("list", enumeration.key)
        g.add((node, RDF.type, WTV.List))
        g.add((node, WTV.inSection, self.section_iri(enumeration.section)))
        g.add((node, WTV.inReport, self.report))
        g.add((node, WTV.position, _int(enumeration.ordinal)))
        if enumeration.lead_in:
            g.add((node, WTV.leadIn, self.iri("paragraph", enumeration.lead_in)))
        if enumeration.figure:
            g.add((node, WTV.inFigure, self.iri("figure", enumeration.figure.removeprefix("figuur-"))))
        for item in enumeration.items:
            item_node = self.iri("item", f"{enumeration.key}/i{item.ordinal}")
            text = Inline(item.text.text, item.text.markers)
            self._text_node(item_node, WTV.ListItem, text, enumeration.section, item.ordinal)
            g.add((item_node, WTV.inList, node))
            if item.title:
                g.add((item_node, DCTERMS.title, _nl(item.title)))
                g.add((item_node, RDFS.label, _nl(item.title)))
            if item.description:
                g.add((item_node, WTV.description, _nl(item.description.plain)))
                self.locator.locate(item_node, locate(self.doc, item.description.text), stem="description")

    def _figure(self, figure: Figure) -> None:
        g, node = self.g, self.iri("figure", str(figure.number))
        g.add((node, RDF.type, WTV.Figure))
        g.add((node, WTV.number, _int(figure.number)))
        g.add((node, WTV.caption, _nl(figure.caption.plain)))
        g.add((node, RDFS.label, _nl(figure.caption.plain)))
        g.add((node, WTV.inSection, self.section_iri(figure.section)))
        g.add((node, WTV.inReport, self.report))
        if figure.title:
            g.add((node, DCTERMS.title, _nl(figure.title)))
        self.locator.locate(node, locate(self.doc, figure.caption.text))

    def _footnote(self, footnote: Footnote) -> None:
        g, node = self.g, self.iri("footnote", str(footnote.number))
        g.add((node, RDF.type, WTV.Footnote))
        g.add((node, WTV.number, _int(footnote.number)))
        text = footnote.text.plain
        if footnote.items:
            text += " " + " ".join(f"- {item.plain}" for item in footnote.items)
        g.add((node, WTV.text, _nl(text)))
        g.add((node, WTV.inReport, self.report))
        self.locator.locate(node, footnote.fragments)
        for place in footnote.markers:
            g.add((node, WTV.inSection, self.section_iri(place.section)))
            g.add((self.host_iri(place.host), WTV.hasFootnote, node))
        self.locator.locate(node, [p.span for p in footnote.markers], prop=WTV.markerLocation, stem="marker")

    def host_iri(self, host: str) -> URIRef:
        """The node whose text holds a marker, from its document-model key."""
        if any(s.key == host for s in self.doc.sections):
            return self.section_iri(host)
        if host.startswith("figuur-"):
            return self.iri("figure", host.removeprefix("figuur-"))
        if "/list" in host:
            return self.iri("item", host)
        if any(a.key == host for a in self.doc.advice):
            return self.iri("advice", host)
        return self.iri("paragraph", host)
