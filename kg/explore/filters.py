"""Narrowing a list by what a reader chose: the sources table and the search hits, by their facets.

The pages ask for the choices (in the address) and show what is left; which rows
are left is decided here, so the command line or a test can ask the same.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from kg.explore.search import Hit


def sources_matching(
    rows: list[dict[str, str]],
    *,
    within: Collection[str] | None = None,
    needle: str = "",
    kinds: Collection[str] = (),
    kind_of: Callable[[dict[str, str]], str] = lambda row: row.get("kind", ""),
) -> list[dict[str, str]]:
    """The rows of ``sources-table`` whose source is ``within`` (when given), whose label, title, authors or IRI
    contain ``needle`` (any case), and whose kind is one of ``kinds`` (when any).

    >>> rows = [{"source": "s/1", "label": "Ogink (2019)", "kind": "Rapport"}, {"source": "s/2", "label": "Li (2011)", "kind": "Artikel"}]
    >>> [r["source"] for r in sources_matching(rows, needle="ogink")], [r["source"] for r in sources_matching(rows, kinds=["Artikel"])]
    (['s/1'], ['s/2'])
    """
    needle = needle.strip().lower()
    return [
        r
        for r in rows
        if (within is None or r["source"] in within)
        and (not needle or needle in " ".join((r["label"], r.get("title", ""), r.get("authors", ""), r["source"])).lower())
        and (not kinds or kind_of(r) in kinds)
    ]


@dataclass(frozen=True)
class Facets:
    """What a search is narrowed to: kinds of document, section titles, concepts and kinds of source (none: all)."""

    kinds: Collection[str] = field(default=())
    sections: Collection[str] = field(default=())
    concepts: Collection[str] = field(default=())
    source_kinds: Collection[str] = field(default=())

    def admit(self, hit: Hit) -> bool:
        doc = hit.document
        return (
            (not self.kinds or doc.kind in self.kinds)
            and (not self.sections or doc.section_title in self.sections)
            and (not self.concepts or bool(set(self.concepts) & set(doc.concepts)))
            and (not self.source_kinds or doc.source_kind in self.source_kinds)
        )


def hits_matching(hits: list[Hit], facets: Facets) -> list[Hit]:
    """The hits the facets admit, in their order."""
    return [h for h in hits if facets.admit(h)]
