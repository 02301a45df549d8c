"""Split the report into raw blocks, one per run of non-blank lines.

A raw block is contiguous in the source, so its text maps to source offsets
directly. Interpreting footnote zones and page breaks happens one step later
(:mod:`kg.parse.blocks`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from enum import Enum

from kg.parse.mapped import MappedText

HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
FOOTNOTE_DEF = re.compile(r"^<sup>(\d+)</sup>\s")
ITEM = re.compile(r"^- ")
RULE = re.compile(r"^-{3,}\s*$")


class Kind(Enum):
    HEADING = "heading"
    RULE = "rule"
    FOOTNOTE = "footnote"
    ITEM = "item"
    PARA = "para"


@dataclass(frozen=True)
class RawBlock:
    kind: Kind
    text: MappedText
    line: int  # 1-based line of the block's first character

    @property
    def start(self) -> int:
        return self.text.offsets[0]

    @property
    def end(self) -> int:
        return self.text.offsets[-1] + 1


class LineIndex:
    """Maps a character offset to its 1-based line number.

    >>> LineIndex("a\\nb\\nc").line_of(2)
    2
    """

    def __init__(self, source: str) -> None:
        self.starts = [0] + [i + 1 for i, ch in enumerate(source) if ch == "\n"]

    def line_of(self, offset: int) -> int:
        return bisect_right(self.starts, offset)


def _kind_of(line: str) -> Kind:
    if HEADING.match(line):
        return Kind.HEADING
    if RULE.match(line):
        return Kind.RULE
    if FOOTNOTE_DEF.match(line):
        return Kind.FOOTNOTE
    if ITEM.match(line):
        return Kind.ITEM
    return Kind.PARA


def _starts_block(kind: Kind) -> bool:
    return kind is not Kind.PARA


def lex(source: str) -> list[RawBlock]:
    """Cut ``source`` into raw blocks.

    A line that opens a block of its own kind (heading, rule, footnote
    definition, list item) ends the current block even without a blank line,
    as Markdown lets a list interrupt a paragraph.

    >>> [b.kind.value for b in lex("# T\\n\\ntext\\n- item\\nmore\\n")]
    ['heading', 'para', 'item']
    """
    index = LineIndex(source)
    blocks: list[RawBlock] = []
    cur: tuple[Kind, int, int] | None = None  # kind, start offset, end offset

    def flush() -> None:
        nonlocal cur
        if cur is not None:
            kind, start, end = cur
            text = MappedText.from_source(source[start:end], start)
            blocks.append(RawBlock(kind, text, index.line_of(start)))
        cur = None

    pos = 0
    for raw_line in source.splitlines(keepends=True):
        line = raw_line.rstrip("\r\n")
        start, end = pos, pos + len(line)
        pos += len(raw_line)
        if not line.strip():
            flush()
            continue
        kind = _kind_of(line)
        if cur is None or _starts_block(kind) or cur[0] in (Kind.HEADING, Kind.RULE):
            flush()
            cur = (kind, start, end)
        else:
            cur = (cur[0], cur[1], end)
    flush()
    return blocks
