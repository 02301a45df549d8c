"""Argument structure: claims support the advice that ends their passage; curated relations.

Reified as AIF nodes (``wtv:Inference`` = RA, ``wtv:Conflict`` = CA) next to
the direct ``wtv:supports`` / ``wtv:challenges`` links, so the argument exports
to AIF without loss.
"""

from __future__ import annotations

from typing import Any

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from kg.build import iris
from kg.build.curated import RELATIONS, CuratedError
from kg.namespace import WTV
from kg.parse.model import Document


def add_support(graph: Graph, doc: Document) -> None:
    paragraphs = {p.key: p for p in doc.paragraphs}
    for advice in doc.advice:
        advice_node = iris.part(doc.slug, "advice", advice.key)
        inference = iris.part(doc.slug, "inference", advice.key)
        graph.add((inference, RDF.type, WTV.Inference))
        graph.add((inference, WTV.conclusion, advice_node))
        graph.add((inference, WTV.inReport, iris.report(doc.slug)))
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
    """Relations, extra citations, item types and figure sources from the curated layer.

    These entries name parts of one report (``report:`` at the top of the
    file); other reports in the same build take only the shared entries.
    """
    if data.get("report", doc.slug) != doc.slug:
        return
    for n, rel in enumerate(data.get("relations") or [], start=1):
        where = f"curated relations[{n}]"
        source = _require(graph, iris.resolve(doc.slug, str(rel.get("from"))), str(rel.get("from")), where)
        target = _require(graph, iris.resolve(doc.slug, str(rel.get("to"))), str(rel.get("to")), where)
        kind = rel["relation"]
        graph.add((source, RELATIONS[kind], target))
        node = iris.part(doc.slug, "conflict" if kind != "elaborates" else "inference", f"curated-{n}")
        graph.add((node, RDF.type, WTV.Conflict if kind != "elaborates" else WTV.Inference))
        graph.add((node, WTV.premise, source))
        graph.add((node, WTV.conclusion, target))
        graph.add((node, WTV.inReport, iris.report(doc.slug)))
        if rel.get("note"):
            graph.add((node, RDFS.comment, Literal(rel["note"], lang="en")))
    for number, entry in sorted((data.get("footnotes") or {}).items()):
        footnote = _require(graph, iris.part(doc.slug, "footnote", str(number)), f"footnote/{number}", f"curated footnotes.{number}")
        for key in entry.get("also_cites") or []:
            graph.add((footnote, WTV.cites, _require(graph, iris.shared("source", key), f"source/{key}", f"curated footnotes.{number}")))
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
