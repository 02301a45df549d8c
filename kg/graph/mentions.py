"""Find concepts and named entities in the text by their own SKOS labels.

The labels live in the curated layer, so a new synonym is a data edit: this
module only reads whatever labels the graph holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import RDF, SKOS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from kg.vocab.namespace import WTV

LABELS = (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
TAGGED = (WTV.Paragraph, WTV.Claim, WTV.Advice, WTV.ListItem)


def label_pattern(labels: list[str]) -> re.Pattern[str] | None:
    """One regex for a set of labels; short all-capital labels match case-sensitively.

    >>> bool(label_pattern(["Veiligheidsplan", "AW"]).search("een veiligheidsplan"))
    True
    >>> bool(label_pattern(["AW"]).search("aw"))
    False
    """
    parts = []
    for label in sorted(set(labels), key=lambda s: (-len(s), s)):
        escaped = re.escape(label).replace(r"\ ", r"\s+")
        parts.append(escaped if label.isupper() and len(label) <= 6 else f"(?i:{escaped})")
    if not parts:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


Matcher = tuple[URIRef, re.Pattern[str], re.Pattern[str] | None]


def mentioned(text: str, pattern: re.Pattern[str], other_sense: re.Pattern[str] | None) -> bool:
    """Whether a label stands in ``text`` outside every phrase where it means something else.

    >>> mentioned("met respect voor autonomie van de inwoner", label_pattern(["autonomie"]), label_pattern(["respect voor autonomie"]))
    False
    >>> mentioned("het belang van autonomie", label_pattern(["autonomie"]), label_pattern(["respect voor autonomie"]))
    True
    """
    spans = [m.span() for m in other_sense.finditer(text)] if other_sense else []
    return any(not any(a <= m.start() and m.end() <= b for a, b in spans) for m in pattern.finditer(text))


def _patterns(graph: Graph, cls: URIRef) -> list[Matcher]:
    found: list[Matcher] = []
    for node in sorted(s for s in graph.subjects(RDF.type, cls) if isinstance(s, URIRef)):
        labels = [str(o) for p in LABELS for o in graph.objects(node, p) if isinstance(o, Literal)]
        pattern = label_pattern(labels)
        if pattern is not None:
            found.append((node, pattern, label_pattern([str(o) for o in graph.objects(node, WTV.otherSense)])))
    return found


WORD = re.compile(r"\w+")
Candidate = tuple[URIRef, Matcher]  # the property to state, and what to look for


@dataclass(frozen=True)
class Targets:
    """What to look for: per property, the targets and their patterns. A label can only match where its first
    word stands in the text as a word of its own, so ``by_first_word`` finds the few targets worth trying on a
    text (most texts name none); a label that does not start with a word is always tried."""

    by_property: list[tuple[URIRef, list[Matcher]]]
    by_first_word: dict[str, list[Candidate]]
    always: list[Candidate]

    def candidates(self, text: str) -> list[Candidate]:
        """The targets whose labels may stand in ``text``: a superset of those that do."""
        found = list(self.always)
        for word in set(WORD.findall(text.lower())):
            found += self.by_first_word.get(word, [])
        return found


def mention_targets(labels: Graph) -> Targets:
    """What to look for, from the labels in ``labels``: concepts (for ``dcterms:subject``), organisations and acts
    (for ``wtv:mentions``). Read once per build and used for every report."""
    by_property = [
        (DCTERMS.subject, _patterns(labels, SKOS.Concept)),
        (WTV.mentions, _patterns(labels, WTV.Organisation) + _patterns(labels, WTV.Legislation)),
    ]
    by_first_word: dict[str, list[Candidate]] = {}
    always: list[Candidate] = []
    for prop, matchers in by_property:
        for matcher in matchers:
            firsts = {WORD.match(str(o).lower()) for p in LABELS for o in labels.objects(matcher[0], p) if isinstance(o, Literal)}
            if None in firsts:
                always.append((prop, matcher))
                continue
            for first in {m.group(0) for m in firsts if m}:
                by_first_word.setdefault(first, []).append((prop, matcher))
    return Targets(by_property, by_first_word, always)


def add_mentions(graph: Graph, targets: Targets | None = None) -> None:
    """``dcterms:subject`` to concepts, ``wtv:mentions`` to organisations and acts, found by ``targets``
    (by default, by the labels ``graph`` itself holds).

    An advice is also about every concept its own section is named after: it concludes that section's
    passage, so "Het vraagt om stevige, veerkrachtige wijkteamprofessional" is about the safety paradox
    although it does not name it."""
    targets = mention_targets(graph) if targets is None else targets
    nodes = sorted({n for cls in TAGGED for n in graph.subjects(RDF.type, cls) if isinstance(n, URIRef)})
    sections = sorted(s for s in graph.subjects(RDF.type, WTV.Section) if isinstance(s, URIRef))
    for node in nodes + sections:
        text = " ".join(str(o) for p in (WTV.text, DCTERMS.title) for o in graph.objects(node, p))
        for prop, (target, pattern, other_sense) in targets.candidates(text):
            if mentioned(text, pattern, other_sense):
                graph.add((node, prop, target))
    for advice in sorted(a for a in graph.subjects(RDF.type, WTV.Advice) if isinstance(a, URIRef)):
        for section in list(graph.objects(advice, WTV.inSection)):
            for concept in list(graph.objects(section, DCTERMS.subject)):
                graph.add((advice, DCTERMS.subject, concept))
