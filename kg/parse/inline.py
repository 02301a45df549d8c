"""Inline Markdown of the conversion: emphasis, links, escapes, footnote markers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.parse.mapped import MappedText

LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\((?:[^()\s]|\([^()]*\))*\)")
AUTOLINK = re.compile(r"<(https?://[^>]*)>")
HYPERLINK_FIELD = re.compile(r'HYPERLINK\s+"[^"]*"')
STRONG = re.compile(r"\*\*(.+?)\*\*")
EMPHASIS = re.compile(r"(?<![\\*])\*(?!\s)([^*]+?)(?<![\s\\])\*")
STRAY_STARS = re.compile(r"(?<!\\)\*+")
ESCAPE = re.compile(r"\\+([_()*\[\]#.-])")
MARKER = re.compile(r"\s*<sup>\s*(\d+(?:\s*,\s*\d+)*)\s*</sup>")


@dataclass(frozen=True)
class Marker:
    """A footnote marker: the numbers it names and where it stood."""

    numbers: tuple[int, ...]
    index: int  # position in the cleaned text (the marker sat just before it)
    span: tuple[int, int]  # source range of the whole <sup>..</sup>


@dataclass(frozen=True)
class Inline:
    text: MappedText
    markers: tuple[Marker, ...]

    @property
    def plain(self) -> str:
        return self.text.text


def strip_markup(raw: MappedText) -> MappedText:
    """Remove links, emphasis and escapes, keeping footnote markers in place.

    >>> strip_markup(MappedText.from_source("*Zelf* [a\\\\_b](https://x) <https://y>", 0)).text
    'Zelf a_b https://y'
    """
    text = raw.sub(HYPERLINK_FIELD, "")
    text = text.unwrap(LINK).unwrap(AUTOLINK)
    text = text.unwrap(STRONG).unwrap(EMPHASIS).sub(STRAY_STARS, "")
    return text.unwrap(ESCAPE).collapse_space()


def extract_markers(text: MappedText) -> Inline:
    """Take ``<sup>N</sup>`` markers out of ``text`` and remember where they were.

    >>> inl = extract_markers(MappedText.from_source("mensen.<sup>7</sup> Het", 0))
    >>> inl.plain, inl.markers[0].numbers, inl.markers[0].index
    ('mensen. Het', (7,), 7)
    """
    out: list[MappedText] = []
    markers: list[Marker] = []
    pos = 0
    length = 0
    for m in MARKER.finditer(text.text):
        piece = text.slice(pos, m.start())
        out.append(piece)
        length += len(piece)
        numbers = tuple(int(n) for n in re.split(r"\s*,\s*", m.group(1)))
        span = text.source_range(m.start() + len(m.group(0)) - len(m.group(0).lstrip()), m.end())
        markers.append(Marker(numbers, length, span))
        pos = m.end()
    out.append(text.slice(pos, len(text)))
    joined = MappedText("".join(p.text for p in out), tuple(o for p in out for o in p.offsets))
    return Inline(joined, tuple(markers))


def clean(raw: MappedText) -> Inline:
    """Markup removed, whitespace collapsed, markers recorded.

    >>> clean(MappedText.from_source("#### *Reflectie op kwaliteit<sup>15</sup>*", 5)).plain
    '#### Reflectie op kwaliteit'
    """
    return extract_markers(strip_markup(raw))
