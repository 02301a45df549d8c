"""The argument as triples: premises, schemes and tensions from the argument map, each link with its quote and provenance.

Reified as AIF nodes (``wtv:Inference`` = RA, ``wtv:Conflict`` = CA, one
``wtv:PremiseLink`` per premise with the words that justify it) next to the
direct ``wtv:supports`` / ``wtv:challenges`` / ``wtv:qualifies`` /
``wtv:undercuts`` links, so the argument exports to AIF without loss.

A report without an argument map gets the old section rule (every sentence of
an advice's passage supports it) as a placeholder, marked as derived by that
rule, so no one mistakes it for a reading.
"""

from __future__ import annotations

from typing import Any

from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg.graph.argmap import ArgumentMap, ArgumentMapError, problems
from kg.graph.curated import CuratedError
from kg.parse.model import Document
from kg.vocab import iris
from kg.vocab.namespace import WTV

RELATIONS = {"challenges": WTV.challenges, "qualifies": WTV.qualifies, "undercuts": WTV.undercuts, "concession": WTV.concededAgainst}
DILEMMA_NODES = {"autonomy-safety": WTV.AutonomyAgainstSafety, "development-safety": WTV.DevelopmentAgainstSafety}
SIDES = {"autonomy": WTV.autonomySide, "safety": WTV.safetySide, "development": WTV.developmentSide}
SIDE_WORDS = {"autonomy": WTV.autonomyWords, "safety": WTV.safetyWords, "development": WTV.developmentWords}


def scheme_iri(name: str) -> URIRef:
    """The ontology's individual for a scheme name of the map (``expert-opinion`` -> ``wtv:ExpertOpinion``)."""
    return WTV["".join(word.title() for word in name.split("-"))]


def _statement(doc: Document, ref: str) -> URIRef:
    node = iris.resolve(doc.slug, ref)
    assert node is not None, ref
    return node


def add_argument_map(graph: Graph, doc: Document, amap: ArgumentMap, source_path: str) -> None:
    """Premises and tensions as read by an editor; the map must already hold against the report."""
    found = problems(amap, doc)
    if found:
        raise ArgumentMapError(f"{source_path}: {found[0]}" + (f" (and {len(found) - 1} more)" if len(found) > 1 else ""))
    report = iris.report(doc.slug)
    origin = iris.part(doc.slug, "argument-map", "reading")
    graph.add((origin, RDF.type, WTV.ArgumentMap))
    graph.add((origin, DCTERMS.source, Literal(source_path)))
    graph.add((origin, WTV.inReport, report))
    for argument in amap.advice:
        advice = _statement(doc, argument.advice)
        key = argument.advice.removeprefix("advice/")
        inference = iris.part(doc.slug, "inference", key)
        graph.add((inference, RDF.type, WTV.Inference))
        graph.add((inference, WTV.conclusion, advice))
        graph.add((inference, WTV.inReport, report))
        graph.add((inference, PROV.wasDerivedFrom, origin))
        if argument.scheme:
            graph.add((inference, WTV.scheme, scheme_iri(argument.scheme)))
        for n, premise in enumerate(argument.premises, start=1):
            statement = _statement(doc, premise.source)
            link = iris.part(doc.slug, "premise", f"{key}/{n}")
            graph.add((statement, WTV.supports, advice))
            graph.add((inference, WTV.premise, statement))
            graph.add((link, RDF.type, WTV.PremiseLink))
            graph.add((link, WTV.premiseStatement, statement))
            graph.add((link, WTV.ofInference, inference))
            graph.add((link, WTV.quote, Literal(premise.quote, lang="nl")))
            graph.add((link, WTV.inReport, report))
            graph.add((link, PROV.wasDerivedFrom, origin))
            if premise.scheme:
                graph.add((link, WTV.scheme, scheme_iri(premise.scheme)))
            if premise.why:
                graph.add((link, WTV.calledOnBy, Literal(premise.why, lang="nl")))
        for n, rejection in enumerate(argument.rejected, start=1):
            aside = iris.part(doc.slug, "set-aside", f"{key}/{n}")
            graph.add((aside, RDF.type, WTV.SetAsidePremise))
            graph.add((aside, WTV.setAsideStatement, _statement(doc, rejection.source)))
            graph.add((aside, WTV.setAsideFor, inference))
            graph.add((aside, WTV.reason, Literal(rejection.why, lang="en")))
            graph.add((aside, WTV.inReport, report))
            graph.add((aside, PROV.wasDerivedFrom, origin))
    for n, tension in enumerate(amap.tensions, start=1):
        source, target = _statement(doc, tension.source), _statement(doc, tension.target)
        conflict = iris.part(doc.slug, "conflict", f"t{n}")
        graph.add((source, RELATIONS[tension.relation], target))
        graph.add((conflict, RDF.type, WTV.Conflict))
        graph.add((conflict, WTV.premise, source))
        graph.add((conflict, WTV.conclusion, target))
        graph.add((conflict, WTV.relation, Literal(tension.relation)))
        graph.add((conflict, WTV.quote, Literal(tension.quote, lang="nl")))
        graph.add((conflict, WTV.inReport, report))
        graph.add((conflict, PROV.wasDerivedFrom, origin))
        if tension.dilemma:
            graph.add((conflict, WTV.weighs, DILEMMA_NODES[tension.dilemma]))
        for side, ref in tension.sides:
            graph.add((conflict, SIDES[side], _statement(doc, ref)))
    for n, weighing in enumerate(amap.weighings, start=1):
        node = iris.part(doc.slug, "weighing", f"w{n}")
        graph.add((node, RDF.type, WTV.Weighing))
        graph.add((node, WTV.weighingStatement, _statement(doc, weighing.statement)))
        graph.add((node, WTV.weighs, DILEMMA_NODES[weighing.dilemma]))
        graph.add((node, WTV.inReport, report))
        graph.add((node, PROV.wasDerivedFrom, origin))
        for side, words in weighing.sides:
            graph.add((node, SIDE_WORDS[side], Literal(words, lang="nl")))


def add_section_rule(graph: Graph, doc: Document) -> None:
    """The placeholder for a report without an argument map: every sentence of an advice's passage supports it."""
    report = iris.report(doc.slug)
    origin = iris.part(doc.slug, "argument-map", "section-rule")
    graph.add((origin, RDF.type, PROV.Entity))
    graph.add((origin, RDFS.comment, Literal("Placeholder: every sentence of the passage an advice concludes is taken to support it.", lang="en")))
    paragraphs = {p.key: p for p in doc.paragraphs}
    for advice in doc.advice:
        advice_node = iris.part(doc.slug, "advice", advice.key)
        inference = iris.part(doc.slug, "inference", advice.key)
        graph.add((inference, RDF.type, WTV.Inference))
        graph.add((inference, WTV.conclusion, advice_node))
        graph.add((inference, WTV.inReport, report))
        graph.add((inference, PROV.wasDerivedFrom, origin))
        for key in advice.passage:
            for sentence in paragraphs[key].sentences:
                claim = iris.part(doc.slug, "claim", f"{key}/s{sentence.ordinal}")
                graph.add((claim, WTV.supports, advice_node))
                graph.add((inference, WTV.premise, claim))


def _require(graph: Graph, node: URIRef | None, ref: str, where: str) -> URIRef:
    if node is None or (node, None, None) not in graph:
        raise CuratedError(f"{where}: '{ref}' names nothing in the report")
    return node


def add_curated(graph: Graph, doc: Document, data: dict[str, Any]) -> None:
    """Extra citations, item types and figure sources from the curated layer.

    These entries name parts of one report (``report:`` at the top of the
    file); other reports in the same build take only the shared entries.
    """
    if data.get("report", doc.slug) != doc.slug:
        return
    for number, entry in sorted((data.get("footnotes") or {}).items()):
        footnote = _require(graph, iris.part(doc.slug, "footnote", str(number)), f"footnote/{number}", f"curated footnotes.{number}")
        for key in entry.get("also_cites") or []:
            source = _require(graph, iris.shared("source", key), f"source/{key}", f"curated footnotes.{number}")
            graph.add((footnote, WTV.cites, source))
            graph.add((footnote, WTV.citesInWords, source))
        if entry.get("covers") and not entry.get("why"):
            raise CuratedError(f"curated footnotes.{number}: 'covers' needs 'why': what makes the footnote cover those sentences")
        for ref in entry.get("covers") or []:
            claim = _require(graph, iris.resolve(doc.slug, ref), ref, f"curated footnotes.{number}")
            if (claim, RDF.type, WTV.Claim) not in graph:
                raise CuratedError(f"curated footnotes.{number}: '{ref}' is not a sentence")
            graph.add((footnote, WTV.covers, claim))
    _add_concept_provenance(graph, doc, data.get("concepts") or [])
    for key, cls in sorted((data.get("enumerations") or {}).items()):
        enumeration = _require(graph, iris.part(doc.slug, "list", key), f"list/{key}", f"curated enumerations.{key}")
        for item in sorted(i for i in graph.subjects(WTV.inList, enumeration) if isinstance(i, URIRef)):
            graph.add((item, RDF.type, WTV[cls]))
    for number, entry in sorted((data.get("figures") or {}).items()):
        figure = _require(graph, iris.part(doc.slug, "figure", str(number)), f"figure/{number}", f"curated figures.{number}")
        key = entry.get("source")
        graph.add((figure, DCTERMS.source, _require(graph, iris.shared("source", key), f"source/{key}", f"curated figures.{number}")))
    for key in sorted(data.get("sources") or {}):
        _require(graph, iris.shared("source", key), f"source/{key}", f"curated sources.{key}")
    for entry in data.get("legislation") or []:
        if entry.get("source"):
            node = iris.shared("legislation", entry["id"])
            graph.add(
                (node, WTV.sameAs, _require(graph, iris.shared("source", entry["source"]), f"source/{entry['source']}", f"curated legislation {entry['id']}"))
            )


def _add_concept_provenance(graph: Graph, doc: Document, concepts: list[dict[str, Any]]) -> None:
    """Where each concept's definition comes from in the report, and any outside definition, marked with its source."""
    for n, entry in enumerate(concepts, start=1):
        where = f"curated concepts[{n}] ({entry.get('id', '?')})"
        concept = iris.shared("concept", str(entry.get("id")))
        for ref in entry.get("from") or []:
            graph.add((concept, WTV.definitionFrom, _require(graph, iris.resolve(doc.slug, ref), ref, where)))
        note = entry.get("note")
        if note:
            key = note.get("source")
            source = _require(graph, iris.shared("source", key), f"source/{key}", where)
            node = iris.shared("outside-definition", str(entry.get("id")))
            graph.add((concept, WTV.outsideDefinition, node))
            graph.add((node, RDF.type, WTV.OutsideDefinition))
            graph.add((node, DCTERMS.source, source))
            for lang in ("nl", "en"):
                if not note.get(lang):
                    raise CuratedError(f"{where}: note.{lang} is missing")
                graph.add((node, SKOS.definition, Literal(note[lang], lang=lang)))
