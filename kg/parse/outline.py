"""Rebuild the report's real structure from the rejoined body blocks.

What the Markdown levels get wrong, and the rules used instead:

* Chapters are ``##`` headings. Below a chapter the conversion uses ``###``
  and ``####`` for siblings alike, so levels come from the typography of the
  original: an italic heading is a subsection of the nearest preceding
  non-italic heading in the chapter when that heading only introduces
  (at most one paragraph and no advice of its own); otherwise it is a
  section of the chapter.
* A ``##`` heading whose text ends in a ``Figuur N.`` caption is a figure
  box, not a chapter ("Visie"); so is a bold-only line ("Vijf profielen").
* A list is an enumeration when the paragraph before it announces it (ends
  with a colon) or when its items are numbered; otherwise each item is one
  of the author's advice arrows.
"""

from __future__ import annotations

import re

from kg.parse.blocks import Block
from kg.parse.inline import Inline, clean
from kg.parse.lexer import HEADING, Kind
from kg.parse.mapped import MappedText
from kg.parse.model import (
    Advice,
    Enumeration,
    Figure,
    Item,
    MarkerPlace,
    Paragraph,
    ReportError,
    Section,
)
from kg.parse.sentences import split_sentences
from kg.parse.slug import slugify, unique

CAPTION = re.compile(r"^Figuur\s+(\d+)\.")
BOX_TITLE = re.compile(r"^\*\*[^*]+\*\*$")
NUMBERED_ITEM = re.compile(r"^(\d+)\.\s+(.*)$", re.S)


def heading_level(block: Block) -> int:
    match = HEADING.match(block.text.text)
    return len(match.group(1)) if match else 0


def heading_style(block: Block) -> str:
    body = HEADING.sub(r"\2", block.text.text).lstrip()
    if body.startswith("**"):
        return "bold"
    return "italic" if body.startswith("*") else "plain"


def _drop_prefix(text: MappedText, pattern: str) -> MappedText:
    match = re.match(pattern, text.text)
    return text.slice(match.end(), len(text)) if match else text


def inline_of(block: Block) -> Inline:
    """The cleaned text of a block, without its heading hashes or bullet."""
    return clean(_drop_prefix(block.text, r"#{1,6}\s+|- "))


def is_caption(block: Block) -> bool:
    return block.kind is Kind.PARA and bool(CAPTION.match(inline_of(block).plain))


class Outliner:
    """Walks body blocks of one chapter range and collects the nodes."""

    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = blocks
        self.sections: list[Section] = []
        self.paragraphs: list[Paragraph] = []
        self.advice: list[Advice] = []
        self.enumerations: list[Enumeration] = []
        self.figures: list[Figure] = []
        self.markers: list[MarkerPlace] = []
        self.marker_lines: dict[tuple[int, int], int] = {}
        self._taken: set[str] = set()
        self._section: Section | None = None
        self._chapter: Section | None = None
        self._container: Section | None = None
        self._box: Figure | None = None
        self._box_title: str | None = None
        self._pending: list[Block] = []
        self._previous_key: str | None = None
        self._passage: list[str] = []

    # -- headings -----------------------------------------------------------
    def _body_of(self, index: int) -> list[Block]:
        body = []
        for block in self.blocks[index + 1 :]:
            if block.kind is Kind.HEADING:
                break
            body.append(block)
        return body

    def _is_box_heading(self, index: int) -> bool:
        """A ``##`` inside a chapter whose text ends in a caption and after which the chapter goes on."""
        body = self._body_of(index)
        following = self.blocks[index + 1 + len(body)] if index + 1 + len(body) < len(self.blocks) else None
        return (
            self._chapter is not None
            and heading_level(self.blocks[index]) == 2
            and bool(body)
            and is_caption(body[-1])
            and following is not None
            and heading_level(following) > 2
        )

    def _introduces_only(self, index: int) -> bool:
        body = self._body_of(index)
        paras = [b for b in body if b.kind is Kind.PARA]
        return not any(b.kind is Kind.ITEM for b in body) and len(paras) <= 1

    def _open_section(self, index: int, block: Block) -> None:
        self._flush_list()
        heading = inline_of(block)
        title = heading.plain
        if not title:
            raise ReportError(block.line, "heading without a title")
        level, parent = self._place(index, block)
        key = unique(slugify(title), self._taken)
        section = Section(key, title, level, parent.key if parent else None, len(self.sections) + 1, block.line, heading)
        self.sections.append(section)
        self._register_markers(heading, section.key, section.key, block.line)
        self._section = section
        self._passage = []
        self._previous_key = None
        if level == 1:
            self._chapter, self._container = section, None
        elif level == 2 and heading_style(block) != "italic":
            self._container = section if self._introduces_only(index) else None

    def _place(self, index: int, block: Block) -> tuple[int, Section | None]:
        if heading_level(block) <= 2 or self._chapter is None:
            return 1, None
        if heading_style(block) == "italic" and self._container is not None:
            return 3, self._container
        return 2, self._chapter

    # -- markers ------------------------------------------------------------
    def _register_markers(self, inline: Inline, section: str, host: str, line: int) -> None:
        for marker in inline.markers:
            for number in marker.numbers:
                self.markers.append(MarkerPlace(number, marker.span, section, host))
                self.marker_lines[(number, marker.span[0])] = line

    # -- blocks -------------------------------------------------------------
    def _require_section(self, block: Block) -> Section:
        if self._section is None:
            raise ReportError(block.line, "text before the first chapter heading (##)")
        return self._section

    def _add_paragraph(self, block: Block) -> None:
        section = self._require_section(block)
        inline = inline_of(block)
        ordinal = sum(1 for p in self.paragraphs if p.section == section.key) + 1
        key = f"{section.key}/p{ordinal}"
        paragraph = Paragraph(key, section.key, ordinal, inline, split_sentences(inline), block.line)
        if self._box is not None:
            paragraph.figure = self._box.key
            self._box.content.append(key)
        self.paragraphs.append(paragraph)
        self._passage.append(key)
        self._register_markers(inline, section.key, key, block.line)
        self._previous_key = key

    def _add_caption(self, block: Block) -> None:
        section = self._require_section(block)
        inline = inline_of(block)
        match = CAPTION.match(inline.plain)
        assert match is not None
        number = int(match.group(1))
        key = f"figuur-{number}"
        if any(f.key == key for f in self.figures):
            raise ReportError(block.line, f"figure {number} captioned twice")
        figure = self._box or Figure(number, key, section.key, inline, block.line)
        self._rename_box(figure.key, key)
        figure.number, figure.key, figure.caption, figure.line = number, key, inline, block.line
        figure.title = self._box_title
        self.figures.append(figure)
        self._register_markers(inline, section.key, key, block.line)
        self._box, self._box_title = None, None
        self._previous_key = None

    def _rename_box(self, old: str, new: str) -> None:
        """Content met before its caption was filed under the box's provisional key."""
        for paragraph in self.paragraphs:
            if paragraph.figure == old:
                paragraph.figure = new
        for enumeration in self.enumerations:
            if enumeration.figure == old:
                enumeration.figure = new

    def _open_box(self, title: str, block: Block) -> None:
        section = self._require_section(block)
        self._box = Figure(0, f"box-{block.line}", section.key, Inline(MappedText.empty(), ()), block.line)
        self._box_title = title
        self._previous_key = None

    # -- lists --------------------------------------------------------------
    def _numbered(self) -> bool:
        first = self._pending[0]
        return bool(NUMBERED_ITEM.match(inline_of(first).plain))

    def _flush_list(self) -> None:
        if not self._pending:
            return
        items, self._pending = self._pending, []
        section = self._section
        assert section is not None
        lead = self._previous_key
        lead_text = next((p.text.plain for p in self.paragraphs if p.key == lead), "")
        numbered = bool(NUMBERED_ITEM.match(inline_of(items[0]).plain))
        if numbered or lead_text.rstrip().endswith(":"):
            self._add_enumeration(section, items, lead)
        else:
            self._add_advice(section, items)

    def _add_enumeration(self, section: Section, blocks: list[Block], lead: str | None) -> None:
        ordinal = sum(1 for e in self.enumerations if e.section == section.key) + 1
        key = f"{section.key}/list{ordinal}"
        items: list[Item] = []
        for block in blocks:
            inline = inline_of(block)
            if block.kind is Kind.PARA:
                if items:
                    previous = items[-1].description
                    items[-1].description = inline if previous is None else _concat(previous, inline)
                    self._register_markers(inline, section.key, f"{key}/i{len(items)}", block.line)
                continue
            item = Item(len(items) + 1, inline, block.line)
            match = NUMBERED_ITEM.match(inline.plain)
            if match:
                item.title = match.group(2).strip()
            items.append(item)
            self._register_markers(inline, section.key, f"{key}/i{item.ordinal}", block.line)
        figure = self._box.key if self._box is not None else None
        enumeration = Enumeration(key, section.key, ordinal, items, blocks[0].line, lead, figure)
        if self._box is not None:
            self._box.content.append(key)
        self.enumerations.append(enumeration)

    def _add_advice(self, section: Section, blocks: list[Block]) -> None:
        for block in blocks:
            inline = inline_of(block)
            ordinal = sum(1 for a in self.advice if a.section == section.key) + 1
            key = f"{section.key}/a{ordinal}"
            self.advice.append(Advice(key, section.key, ordinal, inline, block.line, list(self._passage)))
            self._register_markers(inline, section.key, key, block.line)
        self._passage = []

    # -- walk ---------------------------------------------------------------
    def walk(self) -> None:
        for index, block in enumerate(self.blocks):
            self._step(index, block)
        self._flush_list()

    def _in_profile_list(self, block: Block) -> bool:
        return bool(self._pending) and block.kind is Kind.PARA and self._numbered() and not is_caption(block)

    def _step(self, index: int, block: Block) -> None:
        if block.kind is Kind.HEADING:
            if self._is_box_heading(index):
                self._flush_list()
                self._open_box(inline_of(block).plain, block)
            else:
                self._open_section(index, block)
            return
        if block.kind is Kind.ITEM:
            if self._pending and self._numbered() and not NUMBERED_ITEM.match(inline_of(block).plain):
                self._flush_list()
            self._pending.append(block)
            return
        if self._in_profile_list(block):
            self._pending.append(block)
            return
        self._flush_list()
        if is_caption(block):
            self._add_caption(block)
        elif BOX_TITLE.match(block.text.text.strip()):
            self._open_box(inline_of(block).plain, block)
        else:
            self._add_paragraph(block)


def _concat(a: Inline, b: Inline) -> Inline:
    shift = len(a.text) + 1
    moved = tuple(type(m)(m.numbers, m.index + shift, m.span) for m in b.markers)
    return Inline(a.text.join(b.text), a.markers + moved)
