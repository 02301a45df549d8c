"""Separate the body from footnote blocks and rejoin what page breaks cut.

In the PDF conversion a page's footnotes (``---`` then ``<sup>N</sup> ...``)
sit between the last line of one page and the first line of the next, so a
paragraph, a list item or a single sentence can be split in two. This module
walks the raw blocks, moves footnote definitions aside and glues the body
back together, remembering every source range a block was made from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.parse.lexer import FOOTNOTE_DEF, Kind, RawBlock
from kg.parse.mapped import MappedText

URL_ONLY = re.compile(r"^\s*(<https?://[^>]*>|\[https?://.*\]\(.*\))\s*$", re.S)


@dataclass
class Block:
    kind: Kind
    text: MappedText
    line: int
    fragments: list[tuple[int, int]]
    continues_list: bool = False

    def extend(self, other: RawBlock) -> None:
        self.text = self.text.join(other.text, " ")
        self.fragments.append((other.start, other.end))


@dataclass
class FootnoteBlock:
    number: int
    text: MappedText
    line: int
    fragments: list[tuple[int, int]]
    items: list[MappedText] = field(default_factory=list)
    continued_later: bool = False

    def extend(self, other: RawBlock, *, later_page: bool = False) -> None:
        self.text = self.text.join(other.text, " ")
        self.fragments.append((other.start, other.end))
        self.continued_later = self.continued_later or later_page


@dataclass
class Body:
    blocks: list[Block]
    footnotes: list[FootnoteBlock]
    interruptions: list[tuple[int, int]]  # source ranges of footnote zones


def _opens_sublist(note: FootnoteBlock) -> bool:
    return bool(note.items) or note.text.text.rstrip().endswith(":")


def _starts_lowercase(text: str) -> bool:
    first = text.lstrip()[:1]
    return first.isalpha() and first.islower()


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.notes: list[FootnoteBlock] = []
        self.zones: list[tuple[int, int]] = []
        self.in_zone = False
        self.zone_note: FootnoteBlock | None = None

    def open_zone(self, raw: RawBlock) -> None:
        if not self.in_zone:
            self.zones.append((raw.start, raw.end))
            self.in_zone = True
            self.zone_note = None

    def grow_zone(self, raw: RawBlock) -> None:
        start, _ = self.zones[-1]
        self.zones[-1] = (start, raw.end)

    def take_note(self, raw: RawBlock) -> bool:
        """Absorb ``raw`` into the footnote zone; False when the body resumes."""
        if raw.kind is Kind.RULE:
            self.open_zone(raw)
            self.grow_zone(raw)
            return True
        if raw.kind is Kind.FOOTNOTE:
            self.open_zone(raw)
            self.grow_zone(raw)
            match = FOOTNOTE_DEF.match(raw.text.text)
            assert match is not None
            note = FootnoteBlock(int(match.group(1)), raw.text, raw.line, [(raw.start, raw.end)])
            self.notes.append(note)
            self.zone_note = note
            return True
        if not self.in_zone:
            return False
        if URL_ONLY.match(raw.text.text) and self.notes:
            # With no definition yet in this zone the URL ends a footnote
            # begun on an earlier page.
            target = self.zone_note or self.notes[-1]
            target.extend(raw, later_page=self.zone_note is None)
            self.grow_zone(raw)
            return True
        if raw.kind is Kind.ITEM and self.zone_note and _opens_sublist(self.zone_note):
            self.zone_note.items.append(raw.text)
            self.zone_note.fragments.append((raw.start, raw.end))
            self.grow_zone(raw)
            return True
        return False

    def take_body(self, raw: RawBlock, resumed: bool) -> None:
        last = self.blocks[-1] if self.blocks else None
        if resumed and last is not None and raw.kind is Kind.PARA and last.kind in (Kind.PARA, Kind.ITEM) and _starts_lowercase(raw.text.text):
            last.extend(raw)
            return
        block = Block(raw.kind, raw.text, raw.line, [(raw.start, raw.end)])
        block.continues_list = resumed and raw.kind is Kind.ITEM and last is not None and last.kind is Kind.ITEM
        self.blocks.append(block)


def separate(raw_blocks: list[RawBlock]) -> Body:
    """Split raw blocks into body blocks and footnote definitions.

    >>> from kg.parse.lexer import lex
    >>> src = "Een zin die\\n\\n---\\n\\n<sup>1</sup> Bron.\\n\\ndoorloopt.\\n"
    >>> body = separate(lex(src))
    >>> [b.text.text for b in body.blocks], [n.number for n in body.footnotes]
    (['Een zin die doorloopt.'], [1])
    """
    walker = _Walker()
    for raw in raw_blocks:
        was_in_zone = walker.in_zone
        if walker.take_note(raw):
            continue
        walker.in_zone = False
        walker.take_body(raw, resumed=was_in_zone)
    return Body(walker.blocks, walker.notes, walker.zones)
