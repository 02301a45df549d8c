"""Find concepts and named entities in the text by their own SKOS labels.

The labels live in the curated layer, so a new synonym is a data edit: this
module only reads whatever labels the graph holds.
"""

from __future__ import annotations

import re

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


def add_mentions(graph: Graph) -> None:
    """``dcterms:subject`` to concepts, ``wtv:mentions`` to organisations and acts.

    An advice is also about every concept its own section is named after: it concludes that section's
    passage, so "Het vraagt om stevige, veerkrachtige wijkteamprofessional" is about the safety paradox
    although it does not name it."""
    targets = [(DCTERMS.subject, _patterns(graph, SKOS.Concept))]
    targets.append((WTV.mentions, _patterns(graph, WTV.Organisation) + _patterns(graph, WTV.Legislation)))
    nodes = sorted({n for cls in TAGGED for n in graph.subjects(RDF.type, cls) if isinstance(n, URIRef)})
    sections = sorted(s for s in graph.subjects(RDF.type, WTV.Section) if isinstance(s, URIRef))
    for node in nodes + sections:
        text = " ".join(str(o) for p in (WTV.text, DCTERMS.title) for o in graph.objects(node, p))
        for prop, patterns in targets:
            for target, pattern, other_sense in patterns:
                if mentioned(text, pattern, other_sense):
                    graph.add((node, prop, target))
    for advice in sorted(a for a in graph.subjects(RDF.type, WTV.Advice) if isinstance(a, URIRef)):
        for section in list(graph.objects(advice, WTV.inSection)):
            for concept in list(graph.objects(section, DCTERMS.subject)):
                graph.add((advice, DCTERMS.subject, concept))
