"""Course material for trainers: what a theme collects, as plain items a handout is made from."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pyoxigraph as ox

from kg.messages import in_language
from kg.sparql.catalogue import load_query
from kg.sparql.result import to_records
from kg.sparql.store import Store

KIND_ORDER = {"passage": 0, "advice": 1, "question": 2}


@dataclass
class Item:
    kind: str  # passage | advice | question | concept | source
    iri: str
    text: str
    section: str = ""
    detail: str = ""  # concept definition, or a question's list title
    keep: bool = True

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def collect(store: Store, theme: str, lang: str = "nl") -> list[Item]:
    """Passages, advice, reflection questions, related concepts and sources for a concept or section IRI.

    Concepts are named and defined in ``lang`` (the report's own words stay as printed)."""
    is_concept = store.ask("ASK { ?t a skos:Concept }", {"t": ox.NamedNode(theme)})
    if is_concept:
        text_rows = to_records(store.select(load_query("theme-concept").text, {"concept": ox.NamedNode(theme)}))
    else:
        text_rows = to_records(store.select(load_query("theme-section").text, {"section": ox.NamedNode(theme)}))
    points = enumerations(store)
    items = [
        Item(r["kind"], r["node"], with_points(r["text"], points.get(r["node"], [])), r.get("section") or r.get("sectionTitle", ""), r.get("title", ""))
        for r in text_rows
    ]
    for row in to_records(store.select(load_query("theme-concepts").text, {"theme": ox.NamedNode(theme)})):
        items.append(Item("concept", row["concept"], in_language(row, "labelNl", "labelEn", lang), "", in_language(row, "definitionNl", "definitionEn", lang)))
    query = "sources-of-concept" if is_concept else "sources-of-section"
    name = "concept" if is_concept else "section"
    for row in to_records(store.select(load_query(query).text, {name: ox.NamedNode(theme)})):
        items.append(Item("source", row["source"], "", "", ""))
    return items


def cited_sources(store: Store, items: list[Item]) -> list[str]:
    """The sources a handout must list: those its kept passages, advice, points and questions cite (with the
    footnote in their section's heading, and the sources each advice rests on), and the sources kept by hand."""
    found = {i.iri for i in items if i.keep and i.kind == "source"}
    for item in items:
        if item.keep and item.kind in ("passage", "advice", "question"):
            found |= {r["source"] for r in to_records(store.select(load_query("sources-of-passage").text, {"node": ox.NamedNode(item.iri)}))}
    return sorted(found)


def enumerations(store: Store) -> dict[str, list[str]]:
    """The points of each enumeration, under the paragraph that announces it."""
    found: dict[str, list[str]] = {}
    for row in to_records(store.select(load_query("passage-enumerations").text)):
        found.setdefault(row["paragraph"], []).append(row["text"])
    return found


def with_points(text: str, points: list[str]) -> str:
    """A passage with its enumeration, so "daarbij gelden de volgende:" is followed by what follows.

    >>> with_points("Daarbij gelden de volgende:", ["twee personen;", "informatie delen."])
    'Daarbij gelden de volgende:\\n• twee personen;\\n• informatie delen.'
    """
    return "\n".join([text, *(f"• {p}" for p in points)])


def from_dicts(rows: list[dict[str, object]]) -> list[Item]:
    return [Item(**{k: v for k, v in row.items() if k in Item.__dataclass_fields__}) for row in rows]  # type: ignore[arg-type]
