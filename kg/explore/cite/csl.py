"""Sources as CSL-JSON items: the graph's sources (query ``sources-for-citation``), their printed "container"
(journal, volume, pages, place, publisher) split into CSL fields, sorted as a reference list."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from kg.explore.cite.names import initials_last, person
from kg.sparql.named import records
from kg.sparql.store import Store
from kg.vocab.iris import citation_key

CSL_TYPES = {
    "JournalArticle": "article-journal",
    "SystematicReview": "article-journal",
    "Book": "book",
    "BookChapter": "chapter",
    "Guideline": "report",
    "Law": "report",  # APA's legal form is US-specific; a Dutch act is cited with its Staatsblad number
    "PolicyDocument": "report",
    "ResearchReport": "report",
    "WebArticle": "webpage",
    "InternalNote": "manuscript",
    "PracticeAccount": "personal_communication",
}

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("januari", "january"),
            ("februari", "february"),
            ("maart", "march"),
            ("april",),
            ("mei", "may"),
            ("juni", "june"),
            ("juli", "july"),
            ("augustus", "august"),
            ("september",),
            ("oktober", "october"),
            ("november",),
            ("december",),
        ),
        start=1,
    )
    for name in names
}


@dataclass(frozen=True)
class Source:
    iri: str
    kind: str
    csl: dict[str, Any]


def container_fields(container: str, csl_type: str) -> dict[str, Any]:
    """Split the printed container into CSL fields.

    >>> container_fields("Children and Youth Services Review, 33(1), 139–148.", "article-journal")
    {'container-title': 'Children and Youth Services Review', 'volume': '33', 'issue': '1', 'page': '139–148'}
    >>> container_fields("Utrecht: NJi.", "report")
    {'publisher-place': 'Utrecht', 'publisher': 'NJi'}
    """
    text = container.strip().rstrip(".")
    if csl_type == "article-journal":
        match = re.match(r"^(?P<journal>.+?)[.,]?\s*(?P<volume>\d+)\s*(?:\((?P<issue>[^)]+)\)|:(?P<issue2>\d+))?[,:]\s*(?P<page>[\w–-]+)$", text)
        if match:
            fields = {"container-title": match["journal"].strip(" ,."), "volume": match["volume"]}
            if match["issue"] or match["issue2"]:
                fields["issue"] = match["issue"] or match["issue2"]
            fields["page"] = match["page"]
            return fields
        return {"container-title": text}
    if csl_type == "chapter":
        match = re.match(r"^(?P<editors>.+?),?\s*eds?\.\s*(?P<book>.+?)\s*pp\.\s*(?P<page>[\d–-]+)\.\s*(?P<place>[^:]+):\s*(?P<publisher>.+)$", text)
        if match:
            editors = [person(initials_last(e)) for e in re.split(r"\s+and\s+", match["editors"])]
            return {
                "editor": editors,
                "container-title": match["book"].strip(),
                "page": match["page"],
                "publisher-place": match["place"].strip(),
                "publisher": match["publisher"].strip(),
            }
    if csl_type == "book":
        edition = re.search(r"\((\d+)\w*\s+ed\.\)", text)
        text = re.sub(r"\(\d+\w*\s+ed\.\)\.?\s*", "", text).strip()
        fields = _place_publisher(text)
        return {**fields, "edition": edition.group(1)} if edition else fields
    gazette = re.match(r"^(?P<gazette>Staatsblad)\s+(?P<number>[\d-]+),\s*(?P<rest>.*)$", text)
    if gazette:
        return {"genre": gazette["gazette"], "number": gazette["number"], **_place_publisher(gazette["rest"])}
    return _place_publisher(text)


def _place_publisher(text: str) -> dict[str, str]:
    match = re.match(r"^(?P<place>[^:,]+)[:,]\s*(?P<publisher>.+)$", text)
    if match and len(match["place"].split()) <= 2:
        return {"publisher-place": match["place"].strip(), "publisher": match["publisher"].strip()}
    return {"publisher": text} if text else {}


def to_csl(row: dict[str, str]) -> dict[str, Any]:
    csl_type = CSL_TYPES.get(row["kind"], "document")
    item: dict[str, Any] = {"id": citation_key(row["source"]), "type": csl_type, "title": row["title"]}
    numbered = [a.partition("|") for a in row["authors"].split(" ;; ") if a]
    authors = [name for _, _, name in sorted(numbered, key=lambda a: int(a[0]))]
    if authors:
        item["author"] = [person(a) for a in authors]
    if row.get("year"):
        item["issued"] = {"date-parts": [[int(row["year"])]]}
    item.update(container_fields(row.get("container", ""), csl_type) if row.get("container") else {})
    if row.get("doi"):
        item["DOI"] = row["doi"]
    elif row.get("url"):
        item["URL"] = row["url"]
        accessed = accessed_on(row.get("accessNote", ""))
        if accessed:
            item["accessed"] = {"date-parts": [accessed]}
    if csl_type == "personal_communication":
        item["note"] = row.get("description", "")
    return item


def accessed_on(note: str) -> list[int] | None:
    """The date in a report's note on when its websites were consulted, as [year, month, day].

    >>> accessed_on("*De genoemde websites zijn geraadpleegd op 23 november 2022")
    [2022, 11, 23]
    >>> accessed_on("Websites consulted on 1 March 2023") is None, accessed_on("")
    (False, None)
    """
    match = re.search(r"\b(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})\b", note or "")
    if not match or match[2].lower() not in MONTHS:
        return None
    return [int(match[3]), MONTHS[match[2].lower()], int(match[1])]


def sources(store: Store, only: Iterable[str] | None = None, reports: Sequence[str] = ()) -> list[Source]:
    """The deduplicated sources (or the given IRIs), sorted as a reference list.

    A source several reports name is one reference, with the latest consultation note among them: among
    ``reports`` when given (the reports in view), each asked once, so a page of references costs the same at ten
    thousand reports as at ten. A source in ``only`` that none of them names is asked on its own.
    """
    if reports:
        rows = [row for report in dict.fromkeys(reports) for row in records(store, "sources-for-citation", report=report)]
        if only is not None:
            wanted = set(only)
            rows = [row for row in rows if row["source"] in wanted]
            rows += _asked_alone(store, wanted - {row["source"] for row in rows})
    elif only is None:
        rows = records(store, "sources-for-citation")
    else:
        rows = _asked_alone(store, set(only))
    latest: dict[str, dict[str, str]] = {}
    for row in rows:  # a row per report that names the source
        kept = latest.get(row["source"])
        if kept is None or _consulted(row) > _consulted(kept):
            latest[row["source"]] = row
    found = [Source(r["source"], r["kind"], to_csl(r)) for r in latest.values()]
    return sorted(found, key=lambda s: _sort_key(s.csl))


def _asked_alone(store: Store, iris: set[str]) -> list[dict[str, str]]:
    # One by one: the whole list takes seconds once a graph holds a thousand reports.
    return [row for iri in sorted(iris) for row in records(store, "sources-for-citation", source=iri)]


def _consulted(row: dict[str, str]) -> tuple[list[int], str]:
    """When a report's websites were consulted, as a date where its note gives one (so 9 November is before 23 November)."""
    note = row.get("accessNote", "")
    return accessed_on(note) or [], note


def _sort_key(item: dict[str, Any]) -> tuple[str, int, str]:
    first = (item.get("author") or [{}])[0]
    name = first.get("family") or first.get("literal") or item["title"]
    return name.lower(), (item.get("issued") or {"date-parts": [[0]]})["date-parts"][0][0], item["title"].lower()
