"""Reconciled source records -> triples: sources, authors, defects, corrections, citations."""

from __future__ import annotations

from typing import Any

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV

from kg.graph.curated import CuratedError
from kg.graph.errata import FIELDS, Erratum, errata_for
from kg.messages import LANGUAGES, message
from kg.parse.model import Document
from kg.parse.sources import PEER_REVIEWED_KINDS, Defect, SourceRecord, Sources
from kg.vocab import iris
from kg.vocab.namespace import BIBO, WTV


def source_iri(doc: Document, record: SourceRecord) -> URIRef:
    if record.practice_footnote is not None:
        return iris.practice_source(doc.slug, record.practice_footnote)
    return iris.shared("source", record.key)


class SourceBuilder:
    def __init__(self, graph: Graph, doc: Document, sources: Sources, overrides: dict[str, Any], errata: list[Erratum] | None = None) -> None:
        self.g = graph
        self.doc = doc
        self.sources = sources
        self.overrides = overrides
        self.errata = errata or []

    def build(self) -> None:
        report = iris.report(self.doc.slug)
        known = {r.key for r in self.sources.records}
        for erratum in self.errata:
            if erratum.source not in known:
                raise CuratedError(f"errata: source '{erratum.source}' is not a work this report cites")
        for record in self.sources.records:
            self._source(record)
            # Stated once per report and work, so a query scoped to one report reaches its
            # sources with a single pattern instead of a union over entries and footnotes.
            self.g.add((report, WTV.referencesSource, source_iri(self.doc, record)))
        for number, keys in sorted(self.sources.cites.items()):
            footnote = iris.part(self.doc.slug, "footnote", str(number))
            for key in keys:
                self.g.add((footnote, WTV.cites, source_iri(self.doc, self.sources.get(key))))

    def _source(self, record: SourceRecord) -> None:
        g, node, ref = self.g, source_iri(self.doc, record), record.reference
        override = self.overrides.get(record.key) or {}
        kind = override.get("kind", record.kind)
        peer = override.get("peer_reviewed", kind in PEER_REVIEWED_KINDS if "kind" in override else record.peer_reviewed)
        g.add((node, RDF.type, WTV[kind]))
        title = ref.title if record.practice_footnote is None else f"Praktijkkennis (voetnoot {record.practice_footnote})"
        g.add((node, DCTERMS.title, Literal(title)))
        g.add((node, RDFS.label, Literal(self._label(record, override))))
        g.add((node, WTV.peerReviewed, Literal(bool(peer))))
        for lang in LANGUAGES:
            g.add((node, WTV.kindReason, Literal(self._kind_reason(kind, override, lang), lang=lang)))
        if record.practice_footnote is not None:
            g.add((node, DCTERMS.description, Literal(ref.text, lang="nl")))
        if ref.year:
            g.add((node, WTV.year, Literal(int(ref.year), datatype=XSD.integer)))
        if ref.container:
            g.add((node, WTV.container, Literal(ref.container)))
        if ref.doi:
            g.add((node, BIBO.doi, Literal(ref.doi)))
        for url in ref.urls or self._footnote_urls(record):
            g.add((node, WTV.printedUrl, Literal(url)))
        authors = override.get("authors") or list(ref.authors)
        if authors:
            g.add((node, WTV.authorList, Literal("; ".join(authors))))
        for n, name in enumerate(authors, start=1):
            author = URIRef(f"{node}/author/{n}")
            g.add((node, WTV.author, author))
            g.add((author, RDF.type, WTV.Author))
            g.add((author, FOAF.name, Literal(name)))
            g.add((author, WTV.position, Literal(n, datatype=XSD.integer)))
        if record.bib_ordinal is not None:
            g.add((iris.part(self.doc.slug, "bibentry", str(record.bib_ordinal)), WTV.describes, node))
        for n, defect in enumerate(record.defects, start=1):
            self._defect(node, n, defect, record)
        for n, erratum in enumerate(errata_for(record, self.errata), start=1):
            self._correction(node, n, erratum, record)

    @staticmethod
    def _kind_reason(kind: str, override: dict[str, Any], lang: str) -> str:
        """The editor's reason for a curated kind, else the rule by which the printed reference reads as this kind."""
        why = override.get("why")
        if isinstance(why, dict) and why.get(lang):
            return str(why[lang])
        return message(f"source_kind_rule.{kind}", lang)

    def _label(self, record: SourceRecord, override: dict[str, Any]) -> str:
        ref = record.reference
        if record.practice_footnote is not None:
            return f"Praktijkkennis (voetnoot {record.practice_footnote})"
        authors = override.get("authors") or list(ref.authors)
        first = authors[0].split(",")[0] if authors else ref.title
        etal = " e.a." if len(authors) > 2 else (f" & {authors[1].split(',')[0]}" if len(authors) == 2 else "")
        return f"{first}{etal} ({ref.year or 'z.j.'})"

    def _footnote_urls(self, record: SourceRecord) -> list[str]:
        return [url for m in record.mentions for url in m.reference.urls][:1]

    def _correction(self, node: URIRef, n: int, erratum: Erratum, record: SourceRecord) -> None:
        """The working form beside the printed one, with why, who read it so, and the defects it mends."""
        g, key = self.g, node.rsplit("/", 1)[-1]
        correction = iris.part(self.doc.slug, "correction", f"{key}/{n}")
        g.add((node, WTV.hasCorrection, correction))
        g.add((correction, RDF.type, WTV.Correction))
        g.add((correction, WTV.inReport, iris.report(self.doc.slug)))
        g.add((correction, WTV.correctedField, Literal(erratum.field)))
        g.add((correction, WTV.printedForm, Literal(erratum.printed)))
        g.add((correction, WTV.workingForm, Literal(erratum.working)))
        g.add((correction, RDFS.comment, Literal(erratum.why, lang="en")))
        g.add((correction, RDFS.comment, Literal(erratum.why_nl or erratum.why, lang="nl")))
        origin = iris.part(self.doc.slug, "errata", "editor" if erratum.origin == "editor" else "rule-url-whitespace")
        g.add((origin, RDF.type, PROV.Entity))
        g.add((correction, PROV.wasDerivedFrom, origin))
        for m, defect in enumerate(record.defects, start=1):
            if defect.kind in FIELDS[erratum.field] and erratum.printed in defect.detail:
                g.add((correction, WTV.corrects, iris.part(self.doc.slug, "defect", f"{key}/{m}")))
        if erratum.field == "url" and (node, WTV.workingUrl, None) not in g:
            g.add((node, WTV.workingUrl, Literal(erratum.working)))
        elif erratum.field == "title" and erratum.printed == record.reference.title:
            g.add((node, WTV.workingTitle, Literal(erratum.working)))
        elif erratum.field == "author":
            for author in g.objects(node, WTV.author):
                if (author, FOAF.name, Literal(erratum.printed)) in g:
                    g.add((author, WTV.workingName, Literal(erratum.working)))

    def _defect(self, node: URIRef, n: int, found: Defect, record: SourceRecord) -> None:
        # A defect is a fact about one report's printing of a (possibly shared) work, so it lives
        # in that report's namespace and named graph.
        g, defect = self.g, iris.part(self.doc.slug, "defect", f"{node.rsplit('/', 1)[-1]}/{n}")
        g.add((node, WTV.hasDefect, defect))
        g.add((defect, RDF.type, WTV.Defect))
        g.add((defect, WTV.inReport, iris.report(self.doc.slug)))
        g.add((defect, WTV.defectKind, Literal(found.kind)))
        g.add((defect, RDFS.comment, Literal(found.said.say("en"), lang="en")))
        g.add((defect, RDFS.comment, Literal(found.said.say("nl"), lang="nl")))
        g.add((defect, WTV.line, Literal(found.line, datatype=XSD.integer)))
        if found.footnote is not None:
            g.add((defect, WTV.defectIn, iris.part(self.doc.slug, "footnote", str(found.footnote))))
        elif record.bib_ordinal is not None:
            g.add((defect, WTV.defectIn, iris.part(self.doc.slug, "bibentry", str(record.bib_ordinal))))
