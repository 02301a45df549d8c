"""Course material for trainers: what a theme collects, as plain items a handout is made from."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from kg.messages import in_language
from kg.sparql.named import ask, records
from kg.sparql.store import Store
from kg.vocab.prefixes import PREFIXES


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


def collect(store: Store, theme: str, lang: str = "nl", report: str | None = None) -> list[Item]:
    """Passages, advice, reflection questions, related concepts and sources for a concept or section IRI.

    Concepts are named and defined in ``lang`` (the report's own words stay as printed). With ``report``, a
    concept's passages, advice, questions and sources are that report's; without, every loaded report's."""
    is_concept = ask(store, "is-a", entity=theme, type=PREFIXES["skos"] + "Concept")
    text_rows = records(store, "theme-concept", concept=theme, report=report) if is_concept else records(store, "theme-section", section=theme)
    points = enumerations(store, report)
    items = [
        Item(r["kind"], r["node"], with_points(r["text"], points.get(r["node"], [])), r.get("sectionTitle") or r.get("section", ""), r.get("title", ""))
        for r in text_rows
    ]
    for row in records(store, "theme-concepts", theme=theme):
        items.append(Item("concept", row["concept"], in_language(row, "labelNl", "labelEn", lang), "", in_language(row, "definitionNl", "definitionEn", lang)))
    found = records(store, "sources-of-concept", concept=theme, report=report) if is_concept else records(store, "sources-of-section", section=theme)
    for source in dict.fromkeys(row["source"] for row in found):  # a source two reports cite is one item
        items.append(Item("source", source, "", "", ""))
    return items


def cited_sources(store: Store, items: list[Item]) -> list[str]:
    """The sources a handout must list: those its kept passages, advice, points and questions cite (with the
    footnote in their section's heading, and the sources each advice rests on), and the sources kept by hand."""
    found = {i.iri for i in items if i.keep and i.kind == "source"}
    for item in items:
        if item.keep and item.kind in ("passage", "advice", "question"):
            found |= {r["source"] for r in records(store, "sources-of-passage", node=item.iri)}
    return sorted(found)


def enumerations(store: Store, report: str | None = None) -> dict[str, list[str]]:
    """The points of each enumeration, under the paragraph that announces it (of one report, or of all)."""
    found: dict[str, list[str]] = {}
    for row in records(store, "passage-enumerations", report=report):
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
