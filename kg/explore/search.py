"""Full-text search that understands Dutch word forms.

Words are reduced with the Snowball Dutch stemmer (the 2024 algorithm, which
also removes the participle prefix ge-), so "gezinnen" and "gezin" share the
stem "zin". Dutch glues words together ("onveiligheid", "veiligheidsplan"),
so a query stem of four or more letters also matches inside a longer stem:
"veilig" (stem "veil") finds "veiligheid" ("veil"), "onveiligheid" ("onveil")
and "veiligheidsplan".
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

import snowballstemmer

WORD = re.compile(r"\w+", re.UNICODE)
MIN_INFIX = 4


_PER_THREAD = threading.local()


def _stemmer() -> snowballstemmer.stemmer:
    """This thread's Dutch stemmer.

    A Snowball stemmer keeps the word it works on inside itself, so two threads sharing one corrupt
    each other's words (an IndexError, or a wrong stem). The app builds search indexes in several
    sessions' threads at once, e.g. when a visitor switches report while the first index is built.
    """
    stemmer = getattr(_PER_THREAD, "stemmer", None)
    if stemmer is None:
        stemmer = _PER_THREAD.stemmer = snowballstemmer.stemmer("dutch")
    return stemmer


def stem(word: str) -> str:
    """The Snowball Dutch stem of a word, in lower case.

    >>> stem("gezinnen"), stem("gezin"), stem("veiligheid"), stem("onveiligheid")
    ('zin', 'zin', 'veil', 'onveil')
    """
    return str(_stemmer().stemWord(word.lower()))


@dataclass(frozen=True)
class Document:
    node: str
    kind: str
    text: str
    section: str = ""
    section_title: str = ""
    concepts: tuple[str, ...] = ()
    source_kind: str = ""


@dataclass
class Hit:
    document: Document
    score: float
    spans: list[tuple[int, int]] = field(default_factory=list)  # character ranges of matched words


def _matches(query_stem: str, word_stem: str) -> bool:
    if query_stem == word_stem:
        return True
    return len(query_stem) >= MIN_INFIX and query_stem in word_stem


class SearchIndex:
    """An in-memory index over a few thousand short texts. A text is also found by the title of its section, so
    "meldcode" finds the advice of "Signaleren en de Meldcode" although the advice does not say the word.

    >>> index = SearchIndex([Document("a", "claim", "De veiligheid van gezinnen."), Document("b", "advice", "Iets anders.", "s", "Meldcode")])
    >>> [h.document.node for h in index.search("veilig gezin")], [h.document.node for h in index.search("meldcode")]
    (['a'], ['b'])
    """

    def __init__(self, documents: list[Document]) -> None:
        self.documents = documents
        self._words = [[(m.start(), m.end(), stem(m.group())) for m in WORD.finditer(d.text)] for d in documents]
        self._titles = [{stem(w) for w in WORD.findall(d.section_title)} for d in documents]

    def search(self, query: str) -> list[Hit]:
        """Documents containing every query word (in any form), best first."""
        stems = [stem(w) for w in WORD.findall(query)]
        if not stems:
            return []
        hits = []
        for document, words, title in zip(self.documents, self._words, self._titles, strict=True):
            spans: list[tuple[int, int]] = []
            score = 0.0
            for query_stem in stems:
                found = [(s, e, ws) for s, e, ws in words if _matches(query_stem, ws)]
                in_title = any(_matches(query_stem, ts) for ts in title)
                if not found and not in_title:
                    break
                spans.extend((s, e) for s, e, _ in found)
                score += sum(1.0 if ws == query_stem else 0.6 for _, _, ws in found) + (0.5 if in_title else 0.0)
            else:
                bonus = 2.0 if document.kind in ("advice", "concept") else 0.0
                hits.append(Hit(document, score + bonus, sorted(set(spans))))
        return sorted(hits, key=lambda h: (-h.score, h.document.kind, h.document.node))


def marked(text: str, spans: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """Split ``text`` into (piece, is_match) runs for highlighting.

    >>> marked("een veilig huis", [(4, 10)])
    [('een ', False), ('veilig', True), (' huis', False)]
    """
    pieces: list[tuple[str, bool]] = []
    pos = 0
    for start, end in spans:
        if start < pos:
            continue
        if start > pos:
            pieces.append((text[pos:start], False))
        pieces.append((text[start:end], True))
        pos = end
    if pos < len(text):
        pieces.append((text[pos:], False))
    return pieces
