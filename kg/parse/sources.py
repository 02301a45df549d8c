"""One record per cited work, reconciled from the footnotes and "Bronnen".

The report cites the same work under several footnote numbers, with small
differences in spelling and URLs. Records are keyed by first author and year
(title similarity breaks ties); every printed variant and defect is kept,
nothing is silently corrected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from kg.messages import Message
from kg.parse.model import Document
from kg.parse.references import Reference, emphasis_runs, is_practice_knowledge, parse_reference, surname_key
from kg.parse.slug import slugify, unique

DOI_SYNTAX = re.compile(r"^10\.\d{4,9}/[^\s]+$")


@dataclass(frozen=True)
class Mention:
    footnote: int
    reference: Reference
    line: int
    secondary: bool = False


@dataclass(frozen=True)
class Defect:
    kind: str
    said: Message  # what is wrong, said in English for terminals and logs and in both languages in the graph
    line: int
    footnote: int | None = None

    @property
    def detail(self) -> str:
        return self.said.say("en")


def _defect(kind: str, line: int, footnote: int | None, **values: object) -> Defect:
    """A defect whose detail is the message ``defects.<kind>`` with these values."""
    return Defect(kind, Message(f"defects.{kind}", values), line, footnote)


def _where(footnote: int | None) -> Message:
    """Where a reference is printed: the bibliography, or a footnote."""
    return Message("defects.where.footnote", {"n": footnote}) if footnote is not None else Message("defects.where.bibliography")


@dataclass
class SourceRecord:
    key: str
    reference: Reference
    kind: str
    peer_reviewed: bool
    bib_line: int | None = None
    bib_ordinal: int | None = None
    mentions: list[Mention] = field(default_factory=list)
    defects: list[Defect] = field(default_factory=list)
    practice_footnote: int | None = None


@dataclass
class Sources:
    records: list[SourceRecord]
    cites: dict[int, list[str]]  # footnote number -> record keys, in order

    def get(self, key: str) -> SourceRecord:
        return next(r for r in self.records if r.key == key)


def guess_kind(ref: Reference) -> str:
    """The kind of work a printed reference describes (curated data may override).

    >>> guess_kind(parse_reference("Howe, D. (2010). The safety of children. Child Abuse Review, 19, 330-341. https://doi.org/10.1002/car.1136"))
    'JournalArticle'
    """
    title, container = ref.title.lower(), ref.container
    urls = " ".join(ref.urls)
    if "systematic review" in title:
        return "SystematicReview"
    if "Staatsblad" in container or ref.title.startswith("Wet "):
        return "Law"
    if re.search(r",\s*eds?\.|\(eds?\.\)|\bpp\.", container):
        return "BookChapter"
    if ref.doi and re.search(r"\d+\s*\(\d+\)|,\s*\d+,|\d+:\d+", container):
        return "JournalArticle"
    if "richtlijn" in title:
        return "Guideline"
    if "notitie" in title:
        return "InternalNote"
    if re.search(r"Routledge|University Press|\bed\.\)", f"{ref.title} {container}"):
        return "Book"
    if re.search(r"/(nieuws|artikel)/", urls):
        return "WebArticle"
    return "ResearchReport"


PEER_REVIEWED_KINDS = {"JournalArticle", "SystematicReview"}


def _norm_title(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", title.lower()).strip()


def _similar(a: str, b: str) -> float:
    return SequenceMatcher(None, _norm_title(a), _norm_title(b)).ratio()


def _record_key(ref: Reference, taken: set[str]) -> str:
    words = (ref.first_author_key or _norm_title(ref.title)).split()[:3]
    return unique(slugify("-".join([*words, ref.year or "nd"])), taken)


class _Reconciler:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.records: list[SourceRecord] = []
        self.cites: dict[int, list[str]] = {}
        self.taken: set[str] = set()

    def add_bibliography(self) -> None:
        for entry in self.doc.bibliography:
            ref = parse_reference(entry.text.plain, emphasis_runs(entry.raw))
            kind = guess_kind(ref)
            record = SourceRecord(_record_key(ref, self.taken), ref, kind, kind in PEER_REVIEWED_KINDS, entry.line, entry.ordinal)
            self.records.append(record)

    def match(self, ref: Reference) -> SourceRecord | None:
        candidates = [
            r for r in self.records if r.practice_footnote is None and r.reference.first_author_key == ref.first_author_key and r.reference.year == ref.year
        ]
        if not candidates:
            candidates = [
                r for r in self.records if r.practice_footnote is None and r.reference.year == ref.year and _similar(r.reference.title, ref.title) > 0.85
            ]
        return max(candidates, key=lambda r: _similar(r.reference.title, ref.title), default=None)

    def cite(self, number: int, ref: Reference, line: int, *, secondary: bool = False) -> None:
        record = self.match(ref)
        if record is None:
            kind = guess_kind(ref)
            record = SourceRecord(_record_key(ref, self.taken), ref, kind, kind in PEER_REVIEWED_KINDS)
            record.defects.append(_defect("missing-in-bibliography", line, number, n=number))
            self.records.append(record)
        record.mentions.append(Mention(number, ref, line, secondary))
        keys = self.cites.setdefault(number, [])
        if record.key not in keys:
            keys.append(record.key)

    def add_footnotes(self) -> None:
        for note in self.doc.footnotes:
            if is_practice_knowledge(note.text.plain):
                ref = Reference(note.text.plain, (), None, note.text.plain, "", (), None)
                record = SourceRecord(
                    unique(f"praktijkkennis-voetnoot-{note.number}", self.taken),
                    ref,
                    "PracticeAccount",
                    False,
                    practice_footnote=note.number,
                )
                self.records.append(record)
                self.cites[note.number] = [record.key]
                for item in note.items:
                    self.cite(note.number, parse_reference(item.plain), note.line, secondary=True)
                continue
            self.cite(note.number, parse_reference(note.text.plain, emphasis_runs(note.raw)), note.line)
            if "HYPERLINK" in note.raw:
                self.records[self._index(self.cites[note.number][0])].defects.append(_defect("hyperlink-artefact", note.line, note.number, n=note.number))

    def _index(self, key: str) -> int:
        return next(i for i, r in enumerate(self.records) if r.key == key)


EDITION_NOTE = re.compile(
    r"[\s.]*\((?:\d+(?:st|nd|rd|th)\s+ed|\d+e\s+(?:herziene\s+)?(?:druk|editie|versie))\.?\)\s*$|[\s.]+\d+e\s+(?:herziene\s+)?(?:druk|editie|versie)\.?\s*$",
    re.I,
)


def without_edition(title: str) -> str:
    """A title without an edition note: that one print names the edition is not a different title.

    >>> without_edition("The New Psychology of Health: Unlocking the Social Cure (1st ed.)")
    'The New Psychology of Health: Unlocking the Social Cure'
    >>> without_edition("Samen met ouders en jeugdige beslissen over passende hulp. 4e herziene versie")
    'Samen met ouders en jeugdige beslissen over passende hulp'
    """
    return EDITION_NOTE.sub("", title)


def _variant_defects(record: SourceRecord) -> None:
    ref = record.reference
    printed: list[tuple[Reference, int, int | None]] = [(ref, record.bib_line or 0, None)] if record.bib_line else []
    printed += [(m.reference, m.line, m.footnote) for m in record.mentions]
    for r, line, number in printed:
        for url in r.urls:
            if re.search(r"\s", url):
                record.defects.append(_defect("url-whitespace", line, number, where=_where(number), url=url))
        if r.doi and not DOI_SYNTAX.match(r.doi):
            record.defects.append(_defect("doi-syntax", line, number, where=_where(number), doi=r.doi))
    if not record.bib_line:
        return
    for m in record.mentions:
        if m.secondary:
            continue
        other = m.reference
        if other.urls and ref.urls and set(other.urls) != set(ref.urls):
            record.defects.append(_defect("url-variant", m.line, m.footnote, n=m.footnote, printed=", ".join(other.urls), listed=", ".join(ref.urls)))
        if other.urls and not ref.urls:
            record.defects.append(_defect("bibliography-lacks-url", record.bib_line, m.footnote, n=m.footnote, url=other.urls[0]))
        names = [surname_key(a) for a in other.authors]
        if names != [surname_key(a) for a in ref.authors]:
            record.defects.append(_defect("author-variant", m.line, m.footnote, n=m.footnote, printed="; ".join(other.authors), listed="; ".join(ref.authors)))
        mine, theirs = without_edition(other.title), without_edition(ref.title)
        if _norm_title(mine) != _norm_title(theirs) and _similar(mine, theirs) > 0.9:
            record.defects.append(_defect("title-variant", m.line, m.footnote, n=m.footnote, printed=other.title, listed=ref.title))


def reconcile(doc: Document) -> Sources:
    """Deduplicate the works the report cites and link footnotes to them."""
    rec = _Reconciler(doc)
    rec.add_bibliography()
    rec.add_footnotes()
    for record in rec.records:
        _variant_defects(record)
    return Sources(rec.records, rec.cites)
