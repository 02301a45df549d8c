"""The parsed document model: what the report says, with where it says it.

Plain dataclasses; no RDF here. Keys are stable, readable paths
(``section/p2``) that the graph builder turns into IRIs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.parse.inline import Inline, Marker
from kg.parse.mapped import MappedText


class ReportError(ValueError):
    """The report cannot be read; says what and on which line."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Sentence:
    ordinal: int
    text: MappedText
    markers: tuple[Marker, ...]


@dataclass
class Section:
    key: str
    title: str
    level: int
    parent: str | None
    ordinal: int
    line: int
    heading: Inline
    role: str = "body"  # body | bibliography


@dataclass
class Paragraph:
    key: str
    section: str
    ordinal: int
    text: Inline
    sentences: list[Sentence]
    line: int
    figure: str | None = None


@dataclass
class Advice:
    key: str
    section: str
    ordinal: int
    text: Inline
    line: int
    passage: list[str] = field(default_factory=list)  # paragraph keys it concludes


@dataclass
class Item:
    ordinal: int
    text: Inline
    line: int
    title: str | None = None
    description: Inline | None = None


@dataclass
class Enumeration:
    key: str
    section: str
    ordinal: int
    items: list[Item]
    line: int
    lead_in: str | None = None  # paragraph key
    figure: str | None = None


@dataclass
class Figure:
    number: int
    key: str
    section: str
    caption: Inline
    line: int
    title: str | None = None
    content: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class MarkerPlace:
    number: int
    span: tuple[int, int]
    section: str
    host: str  # key of the node whose text holds the marker


@dataclass
class Footnote:
    number: int
    text: Inline
    raw: str
    line: int
    fragments: list[tuple[int, int]]
    items: list[Inline] = field(default_factory=list)
    continued_later: bool = False
    markers: list[MarkerPlace] = field(default_factory=list)


@dataclass
class BibEntry:
    ordinal: int
    text: Inline
    raw: str
    line: int


@dataclass
class Meta:
    title: str
    subtitle: str
    date: str
    author: str
    commission: str


@dataclass
class Document:
    slug: str
    source: str
    meta: Meta
    sections: list[Section]
    paragraphs: list[Paragraph]
    advice: list[Advice]
    enumerations: list[Enumeration]
    figures: list[Figure]
    footnotes: list[Footnote]
    bibliography: list[BibEntry]
    access_note: str | None
    interruptions: list[tuple[int, int]]
    fragments: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    file: str = ""  # how the graph names the file: "data/<name>.md" for the corpus; "" when parsed from a string

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)
