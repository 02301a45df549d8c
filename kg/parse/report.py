"""Report text -> :class:`~kg.parse.model.Document`. The parse step's entry point."""

from __future__ import annotations

import re
from pathlib import Path

from kg.files import read_text
from kg.parse.blocks import Block, FootnoteBlock, separate
from kg.parse.inline import clean
from kg.parse.lexer import Kind, LineIndex, lex
from kg.parse.mapped import MappedText
from kg.parse.model import BibEntry, Document, Footnote, Meta, ReportError, Section
from kg.parse.outline import Outliner, heading_level, inline_of
from kg.parse.slug import slugify

BIBLIOGRAPHY_TITLES = {"bronnen", "literatuur", "literatuurlijst", "referenties"}
MONTH_YEAR = re.compile(r"^(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)\s+\d{4}$", re.I)


def _meta(front: list[Block]) -> Meta:
    title = next((b for b in front if b.kind is Kind.HEADING and heading_level(b) == 1), None)
    if title is None:
        line = front[0].line if front else 1
        raise ReportError(line, "the report has no title line ('# Title') before its first chapter")
    paras = [inline_of(b).plain for b in front if b.kind is Kind.PARA]
    date = next((p for p in paras if MONTH_YEAR.match(p)), "")
    rest = [p for p in paras if p != date]
    padded = rest + [""] * 3
    return Meta(inline_of(title).plain, padded[0], date, padded[1], padded[2])


def _split_bibliography(blocks: list[Block]) -> tuple[list[Block], Block | None, list[Block]]:
    """Body blocks, the bibliography heading, and the bibliography's blocks."""
    for index, block in enumerate(blocks):
        if block.kind is Kind.HEADING and heading_level(block) == 2 and inline_of(block).plain.strip().lower() in BIBLIOGRAPHY_TITLES:
            rest = blocks[index + 1 :]
            end = next((i for i, b in enumerate(rest) if b.kind is Kind.HEADING and heading_level(b) <= 2), len(rest))
            return blocks[:index] + rest[end:], block, rest[:end]
    return blocks, None, []


def _footnotes(notes: list[FootnoteBlock], source: str) -> list[Footnote]:
    index = LineIndex(source)
    seen: dict[int, int] = {}
    footnotes = []
    for note in notes:
        if note.number in seen:
            raise ReportError(note.line, f"footnote {note.number} is defined twice (first on line {seen[note.number]})")
        seen[note.number] = note.line
        body = note.text.slice(len(re.match(r"<sup>\d+</sup>\s*", note.text.text).group(0)), len(note.text))  # type: ignore[union-attr]
        items = [clean(item.slice(2, len(item))) for item in note.items]
        raw = " ".join(source[s:e] for s, e in note.fragments)
        footnotes.append(Footnote(note.number, clean(body), raw, index.line_of(note.fragments[0][0]), list(note.fragments), items, note.continued_later))
    return footnotes


def parse_report(source: str, slug: str, file: str = "") -> Document:
    """Parse the report's Markdown into the document model; ``file`` is how the graph names the report's file.

    Raises :class:`ReportError` naming the line when the text cannot be read.

    >>> doc = parse_report("# T\\n\\n## H\\n\\nTekst.<sup>1</sup>\\n\\n<sup>1</sup> Bron (2020).\\n", "t")
    >>> [s.title for s in doc.sections], doc.footnotes[0].markers[0].host
    (['H'], 'h/p1')
    """
    blocks = separate(lex(source))
    first_chapter = next((i for i, b in enumerate(blocks.blocks) if b.kind is Kind.HEADING and heading_level(b) == 2), None)
    if first_chapter is None:
        raise ReportError(1, "the report has no chapter headings ('## Title')")
    meta = _meta(blocks.blocks[:first_chapter])
    body, bib_heading, bib_blocks = _split_bibliography(blocks.blocks[first_chapter:])
    outliner = Outliner(body)
    outliner.walk()
    sections = list(outliner.sections)
    bibliography: list[BibEntry] = []
    access_note = None
    if bib_heading is not None:
        heading = inline_of(bib_heading)
        sections.append(Section(slugify(heading.plain), heading.plain, 1, None, len(sections) + 1, bib_heading.line, heading, "bibliography"))
        for block in bib_blocks:
            if block.kind is Kind.ITEM:
                inline = clean(block.text.slice(2, len(block.text)))
                raw = source[block.fragments[0][0] : block.fragments[-1][1]]
                bibliography.append(BibEntry(len(bibliography) + 1, inline, raw, block.line))
            elif block.kind is Kind.PARA:
                access_note = inline_of(block).plain.lstrip("*").strip()
    footnotes = _footnotes(blocks.footnotes, source)
    by_number = {f.number: f for f in footnotes}
    for place in outliner.markers:
        if place.number not in by_number:
            line = outliner.marker_lines[(place.number, place.span[0])]
            raise ReportError(line, f"marker <sup>{place.number}</sup> has no footnote {place.number}")
        by_number[place.number].markers.append(place)
    return Document(
        slug=slug,
        source=source,
        meta=meta,
        sections=sections,
        paragraphs=outliner.paragraphs,
        advice=outliner.advice,
        enumerations=outliner.enumerations,
        figures=outliner.figures,
        footnotes=footnotes,
        bibliography=bibliography,
        access_note=access_note,
        interruptions=blocks.interruptions,
        file=file,
    )


def read_report(path: Path, file: str = "") -> Document:
    """Parse the report file at ``path``; its file name gives the slug, and names the file unless ``file`` does."""
    return parse_report(read_text(path, "report"), path.stem, file or path.name)


def locate(doc: Document, text: MappedText) -> list[tuple[int, int]]:
    """Source ranges of ``text``, split around the footnote blocks it spans.

    A paragraph rejoined across a page break gets two ranges, so each range's
    characters are exactly the report's.
    """
    start, end = text.source_range(0, len(text))
    ranges = []
    cursor = start
    for zs, ze in doc.interruptions:
        if start < zs and ze < end:
            ranges.append((cursor, _rstrip(doc.source, cursor, zs)))
            cursor = _lstrip(doc.source, ze, end)
    ranges.append((cursor, end))
    return ranges


def _rstrip(source: str, start: int, end: int) -> int:
    while end > start and source[end - 1].isspace():
        end -= 1
    return end


def _lstrip(source: str, start: int, end: int) -> int:
    while start < end and source[start].isspace():
        start += 1
    return start
