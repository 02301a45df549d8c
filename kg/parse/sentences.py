"""Dutch sentence splitting that keeps footnote markers with their sentence."""

from __future__ import annotations

import re

from kg.parse.inline import Inline
from kg.parse.model import Sentence

BOUNDARY = re.compile(r"(?<=[.!?])['’”\"]?\s+(?=[\"“'‘(]?[A-ZÀ-Ý0-9])")
# Abbreviations after which a capital does not start a new sentence.
ABBREVIATIONS = ("bijv.", "bv.", "o.a.", "e.d.", "d.w.z.", "m.b.t.", "t.a.v.", "nl.", "ca.", "zgn.", "dr.", "mr.", "prof.")
INITIAL = re.compile(r"(?:^|\s)[A-Z]\.$")


def _ends_with_abbreviation(text: str) -> bool:
    lowered = text.lower()
    return lowered.endswith(ABBREVIATIONS) or bool(INITIAL.search(text))


def split_sentences(inline: Inline) -> list[Sentence]:
    """Cut a paragraph into sentences; a marker belongs to the sentence it ends.

    >>> from kg.parse.inline import clean
    >>> from kg.parse.mapped import MappedText
    >>> p = clean(MappedText.from_source("Eén zin.<sup>7</sup> Nog o.a. Twee.", 0))
    >>> [(s.text.text, [m.numbers for m in s.markers]) for s in split_sentences(p)]
    [('Eén zin.', [(7,)]), ('Nog o.a. Twee.', [])]
    """
    text = inline.text
    bounds: list[tuple[int, int]] = []
    start = 0
    for m in BOUNDARY.finditer(text.text):
        end = m.start() + len(m.group(0)) - len(m.group(0).lstrip("'’”\""))
        if _ends_with_abbreviation(text.text[start:end]):
            continue
        bounds.append((start, end))
        start = m.end()
    if start < len(text.text):
        bounds.append((start, len(text.text)))
    sentences = []
    for ordinal, (s, e) in enumerate(bounds, start=1):
        piece = text.slice(s, e).strip()
        markers = tuple(mk for mk in inline.markers if s <= mk.index <= e)
        sentences.append(Sentence(ordinal, piece, markers))
    return sentences
