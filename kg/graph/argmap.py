"""The argument map: premises, schemes and tensions, curated by reading the report (data/argument/<report>.yaml).

This module reads the map and checks it against the parsed report: every
statement it names exists, and every quote stands word for word in the
statement it is quoted from. It knows no RDF; the graph builder turns a checked
map into triples.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kg.files import read_text
from kg.messages import message
from kg.parse.model import Document

SCHEMES = (
    "expert-opinion",
    "practice-experience",
    "legal-duty",
    "positive-consequences",
    "negative-consequences",
    "cause-to-effect",
    "practical-reasoning",
    "analogy",
)
TENSIONS = ("challenges", "qualifies", "undercuts", "concession")
# Each dilemma names its two sides; a tension that weighs one says which statement stands on which side.
DILEMMAS = {"autonomy-safety": ("autonomy", "safety"), "development-safety": ("development", "safety")}
STATEMENT_KINDS = ("claim", "advice", "item")
MAX_MAP_BYTES = 1 << 20


class ArgumentMapError(ValueError):
    """The map is malformed or does not match the report; says which entry."""


@dataclass(frozen=True)
class Premise:
    source: str  # claim/…, item/… or advice/…
    quote: str
    scheme: str | None = None  # when this premise argues by another scheme than its advice
    why: str | None = None  # for a premise from another section: the words of the advice's passage that call on it


@dataclass(frozen=True)
class Rejection:
    """A statement an editor weighed as a premise and set aside, with the reason."""

    source: str
    why: str


@dataclass(frozen=True)
class AdviceArgument:
    advice: str
    scheme: str | None
    premises: tuple[Premise, ...]
    standalone: bool = False  # stands without support in the text
    rejected: tuple[Rejection, ...] = ()


@dataclass(frozen=True)
class Tension:
    source: str
    relation: str
    target: str
    quote: str
    dilemma: str | None = None
    sides: tuple[tuple[str, str], ...] = ()  # (side, statement) for each side of the dilemma, as the map names them


@dataclass(frozen=True)
class Weighing:
    """One sentence that weighs a dilemma in itself: the words that stand on each side."""

    statement: str
    dilemma: str
    sides: tuple[tuple[str, str], ...]  # (side, the words of that side)


@dataclass(frozen=True)
class ArgumentMap:
    report: str
    advice: tuple[AdviceArgument, ...]
    tensions: tuple[Tension, ...]
    weighings: tuple[Weighing, ...] = ()


def _text(entry: dict[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ArgumentMapError(f"{where}: '{key}' must be text")
    return value.strip()


def _optional_text(entry: dict[str, Any], key: str, where: str) -> str | None:
    return _text(entry, key, where) if entry.get(key) is not None else None


def _choice(value: object, allowed: tuple[str, ...], where: str) -> str | None:
    if value is None:
        return None
    if value not in allowed:
        raise ArgumentMapError(f"{where}: '{value}' is not one of {', '.join(allowed)}")
    return str(value)


def _advice(entry: object, n: int) -> AdviceArgument:
    where = f"advice[{n}]"
    if not isinstance(entry, dict):
        raise ArgumentMapError(f"{where} must be a mapping")
    premises = []
    for m, raw in enumerate(entry.get("premises") or [], start=1):
        at = f"{where} premises[{m}]"
        if not isinstance(raw, dict):
            raise ArgumentMapError(f"{at} must be a mapping")
        premises.append(Premise(_text(raw, "from", at), _text(raw, "quote", at), _choice(raw.get("scheme"), SCHEMES, at), _optional_text(raw, "why", at)))
    rejected = []
    for m, raw in enumerate(entry.get("rejected") or [], start=1):
        at = f"{where} rejected[{m}]"
        if not isinstance(raw, dict):
            raise ArgumentMapError(f"{at} must be a mapping")
        rejected.append(Rejection(_text(raw, "from", at), _text(raw, "why", at)))
    return AdviceArgument(
        _text(entry, "advice", where),
        _choice(entry.get("scheme"), SCHEMES, where),
        tuple(premises),
        bool(entry.get("standalone")),
        tuple(rejected),
    )


def _tension(entry: object, n: int) -> Tension:
    where = f"tensions[{n}]"
    if not isinstance(entry, dict):
        raise ArgumentMapError(f"{where} must be a mapping")
    relation = _choice(_text(entry, "relation", where), TENSIONS, where)
    assert relation is not None
    dilemma = _choice(entry.get("dilemma"), tuple(DILEMMAS), where)
    sides = tuple((side, _text(entry, side, where)) for side in DILEMMAS[dilemma]) if dilemma else ()
    return Tension(_text(entry, "from", where), relation, _text(entry, "to", where), _text(entry, "quote", where), dilemma, sides)


def _weighing(entry: object, n: int) -> Weighing:
    where = f"weighings[{n}]"
    if not isinstance(entry, dict):
        raise ArgumentMapError(f"{where} must be a mapping")
    dilemma = _choice(_text(entry, "dilemma", where), tuple(DILEMMAS), where)
    assert dilemma is not None
    return Weighing(_text(entry, "statement", where), dilemma, tuple((side, _text(entry, side, where)) for side in DILEMMAS[dilemma]))


def load_argument_map(path: Path) -> ArgumentMap:
    """Read a map file; a malformed one raises ArgumentMapError naming the entry (or the YAML line)."""
    text = read_text(path, "argument map", MAX_MAP_BYTES)
    try:
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark
        raise ArgumentMapError(f"{path}: line {mark.line + 1 if mark else '?'}: {err.problem}") from None
    except RecursionError:
        raise ArgumentMapError(message("input.too_deep_to_read", "en", path=path)) from None
    if not isinstance(data, dict) or not isinstance(data.get("advice"), list):
        raise ArgumentMapError(f"{path}: expected a mapping with 'report', 'advice' (a list) and 'tensions'")
    advice = tuple(_advice(entry, n) for n, entry in enumerate(data["advice"], start=1))
    tensions = tuple(_tension(entry, n) for n, entry in enumerate(data.get("tensions") or [], start=1))
    weighings = tuple(_weighing(entry, n) for n, entry in enumerate(data.get("weighings") or [], start=1))
    return ArgumentMap(str(data.get("report", path.stem)), advice, tensions, weighings)


def statement_texts(doc: Document) -> dict[str, str]:
    """The text of every statement a map may name, by its path (``claim/…``, ``advice/…``, ``item/…``)."""
    texts = {f"advice/{a.key}": a.text.plain for a in doc.advice}
    for paragraph in doc.paragraphs:
        for sentence in paragraph.sentences:
            texts[f"claim/{paragraph.key}/s{sentence.ordinal}"] = sentence.text.text
    for enumeration in doc.enumerations:
        for item in enumeration.items:
            parts = [item.text.plain, item.description.plain if item.description else ""]
            texts[f"item/{enumeration.key}/i{item.ordinal}"] = " ".join(p for p in parts if p)
    return texts


def _squash(text: str) -> str:
    return " ".join(text.split())


def section_of(ref: str) -> str:
    """The section key of a statement path.

    >>> section_of("claim/bevoegdheid/p2/s4")
    'bevoegdheid'
    """
    return ref.split("/")[1]


def passage_texts(texts: dict[str, str], advice: str) -> list[str]:
    """The advice and every statement of its section: where the words that call on a premise from elsewhere must stand."""
    section = section_of(advice)
    return [text for ref, text in texts.items() if section_of(ref) == section]


def problems(amap: ArgumentMap, doc: Document) -> list[str]:
    """Everything in the map that does not hold against the report; empty when the map is sound."""
    texts = {key: _squash(value) for key, value in statement_texts(doc).items()}
    found: list[str] = []

    def check(where: str, ref: str, quote: str | None = None) -> None:
        kind = ref.split("/", 1)[0]
        if kind not in STATEMENT_KINDS:
            found.append(f"{where}: '{ref}' is not a statement (relations join claims, items and advice, never concepts or sections)")
        elif ref not in texts:
            found.append(f"{where}: '{ref}' names nothing in the report")
        elif quote is not None and _squash(quote) not in texts[ref]:
            found.append(f'{where}: the quote is not in {ref}: "{quote[:60]}"')

    mapped = [a.advice for a in amap.advice]
    for advice in doc.advice:
        if mapped.count(f"advice/{advice.key}") != 1:
            found.append(f"advice/{advice.key}: in the map {mapped.count(f'advice/{advice.key}')} times, not once")
    for argument in amap.advice:
        check(argument.advice, argument.advice)
        if not argument.premises and not argument.standalone:
            found.append(f"{argument.advice}: no premises, and not marked 'standalone'")
        for premise in argument.premises:
            check(argument.advice, premise.source, premise.quote)
            if premise.source == argument.advice:
                found.append(f"{argument.advice}: an advice cannot be its own premise")
            found.extend(_why_problems(argument.advice, premise, texts))
        premises = {p.source for p in argument.premises}
        for rejection in argument.rejected:
            check(argument.advice, rejection.source)
            if rejection.source in premises:
                found.append(f"{argument.advice}: '{rejection.source}' is both a premise and rejected")
    for tension in amap.tensions:
        where = f"tension {tension.source} {tension.relation} {tension.target}"
        check(where, tension.source, tension.quote)
        check(where, tension.target)
        if tension.sides and {ref for _, ref in tension.sides} != {tension.source, tension.target}:
            names = " and ".join(side for side, _ in tension.sides)
            found.append(f"{where}: {names} must name the two statements of the tension, one each")
    for weighing in amap.weighings:
        for side, words in weighing.sides:
            check(f"weighing {weighing.statement} ({side})", weighing.statement, words)
    return found


def _why_problems(advice: str, premise: Premise, texts: dict[str, str]) -> list[str]:
    """A premise from another section says why, in words that stand in the advice's passage."""
    if premise.source not in texts or section_of(premise.source) == section_of(advice):
        return []
    if premise.why is None:
        return [f"{advice}: {premise.source} comes from another section; give 'why': the words of the advice's passage that call on it"]
    if not any(_squash(premise.why) in text for text in passage_texts(texts, advice)):
        return [f"{advice}: the 'why' of {premise.source} is not in the advice's passage: \"{premise.why[:60]}\""]
    return []
