"""One advice as an argument a person reads: premise cards with the report's words, tensions as "but" cards.

In the way Kialo and Argdown present an argument: each premise is its full
sentence with the words that justify the link marked, the form of reasoning
named in words, and its sources as small references under it; each tension is
a card that quotes both sides. The same model renders inside the app and as a
downloadable, printable HTML page; it is plain HTML and CSS, with nothing
fetched from elsewhere.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from kg.messages import in_language, message
from kg.sparql.named import records
from kg.sparql.store import Store

Href = Callable[[str, str], str]  # (kind, iri) -> address; kind: advice, section, source, concept, reader
RELATIONS = ("challenges", "qualifies", "undercuts", "concession")


@dataclass(frozen=True)
class SourceRef:
    iri: str
    label: str
    footnote: str
    route: dict[str, str]  # language -> how the footnote belongs to the advice


@dataclass(frozen=True)
class PremiseCard:
    statement: str
    text: str
    quote: str
    section: str
    section_iri: str
    scheme: dict[str, str]  # language -> scheme name, when it differs from the advice's
    why: str
    sources: tuple[SourceRef, ...]


@dataclass(frozen=True)
class Side:
    statement: str
    text: str
    section: str
    quote: str = ""  # the words of this side that make it a tension
    name: str = ""  # autonomy, development or safety, when the tension weighs a dilemma


@dataclass(frozen=True)
class TensionCard:
    relation: str
    source: Side
    target: Side
    dilemma: dict[str, str]  # language -> dilemma name, or empty


@dataclass
class ArgumentView:
    advice: str
    text: str
    section: str
    section_iri: str
    scheme: dict[str, str]
    scheme_note: dict[str, str]
    level: str
    gap: str
    passage_sources: str
    premises: list[PremiseCard] = field(default_factory=list)
    own_sources: list[SourceRef] = field(default_factory=list)
    tensions: list[TensionCard] = field(default_factory=list)
    set_aside: list[tuple[str, str, str]] = field(default_factory=list)  # (statement, text, reason)


def argument_view(store: Store, advice: str) -> ArgumentView | None:
    """The argument of one advice, or None when the IRI names no advice."""
    evidence = records(store, "advice-evidence", advice=advice)
    if not evidence:
        return None
    head = evidence[0]
    premises = records(store, "advice-premises", advice=advice)
    chain = records(store, "evidence-chain", advice=advice)
    first = premises[0] if premises else {}
    view = ArgumentView(
        advice=advice,
        text=head["adviceText"],
        section=head["section"],
        section_iri=head["sectionNode"],
        scheme={"nl": first.get("scheme", ""), "en": first.get("schemeEn", "")},
        scheme_note={"nl": first.get("schemeDefinition", ""), "en": first.get("schemeDefinitionEn", "")},
        level=head["level"],
        gap=head.get("gap", ""),
        passage_sources=head.get("passageSources", ""),
    )
    sources = _sources_by_carrier(chain)
    general = view.scheme
    for row in _unique(premises, "premise"):
        own = {"nl": row.get("scheme", ""), "en": row.get("schemeEn", "")}
        view.premises.append(
            PremiseCard(
                statement=row["premise"],
                text=row["premiseText"],
                quote=row["quote"],
                section=row["premiseSection"],
                section_iri=row.get("premiseSectionNode", ""),
                scheme=own if own != general else {},
                why=row.get("why", ""),
                sources=tuple(sources.get(row["premise"], ())),
            )
        )
    view.own_sources = sources.get(advice, [])
    statements = {advice} | {p.statement for p in view.premises}
    view.tensions = [_tension(r) for r in records(store, "tensions") if r["from"] in statements or r["to"] in statements]
    view.set_aside = [(r["statement"], r["statementText"], r["reason"]) for r in records(store, "set-aside-premises", advice=advice)]
    return view


def _unique(rows: list[dict[str, str]], key: str) -> list[dict[str, str]]:
    seen: dict[str, dict[str, str]] = {}
    for row in rows:
        seen.setdefault(row[key], row)
    return list(seen.values())


def _sources_by_carrier(chain: list[dict[str, str]]) -> dict[str, list[SourceRef]]:
    found: dict[str, list[SourceRef]] = {}
    for row in chain:
        ref = SourceRef(row["source"], row["sourceLabel"], row["number"], {"nl": row["via"], "en": row["viaEn"]})
        if ref not in found.setdefault(row["carrier"], []):
            found[row["carrier"]].append(ref)
    return found


def _tension(row: dict[str, str]) -> TensionCard:
    names = {row.get(f"{side}Side"): side for side in ("autonomy", "development", "safety") if row.get(f"{side}Side")}
    source = Side(row["from"], row["fromText"], row["fromSection"], row["quote"], names.get(row["from"], ""))
    target = Side(row["to"], row["toText"], row["toSection"], "", names.get(row["to"], ""))
    dilemma = {"nl": row.get("dilemma", ""), "en": row.get("dilemmaEn", "")} if row.get("dilemma") else {}
    return TensionCard(row["relation"], source, target, dilemma)


# --- HTML -------------------------------------------------------------------------------------------------


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def marked(text: str, quote: str) -> str:
    """The sentence, escaped, with the quoted words marked (whitespace may differ between the two).

    >>> marked("Het gaat om autonomie; het ervaren van vrijheid.", "Het gaat om autonomie")
    '<mark>Het gaat om autonomie</mark>; het ervaren van vrijheid.'
    >>> marked("a < b", "")
    'a &lt; b'
    """
    if quote:
        pattern = r"\s+".join(re.escape(word) for word in quote.split())
        found = re.search(pattern, text)
        if found:
            return f"{esc(text[: found.start()])}<mark>{esc(found.group(0))}</mark>{esc(text[found.end() :])}"
    return esc(text)


def _link(href: str, text: str) -> str:
    return f'<a href="{esc(href)}" target="_self">{esc(text)}</a>' if href else esc(text)


def _say(key: str, lang: str, **values: object) -> str:
    return esc(message(f"argument.{key}", lang, **values))


def _source_list(sources: list[SourceRef] | tuple[SourceRef, ...], lang: str, href: Href) -> str:
    if not sources:
        return ""
    items = "".join(
        f"<li>{_link(href('source', s.iri), s.label)} <small>{_say('footnote', lang, number=s.footnote)}, {esc(_route(s, lang))}</small></li>" for s in sources
    )
    return f'<ul class="sources" aria-label="{_say("sources", lang)}">{items}</ul>'


def _route(source: SourceRef, lang: str) -> str:
    return source.route.get(lang) or source.route["nl"]


def _premise(card: PremiseCard, lang: str, href: Href) -> str:
    meta = [_link(href("section", card.section_iri), message("argument.from_section", lang, section=card.section))]
    meta.append(_link(href("reader", card.statement), message("argument.in_report", lang)))
    if card.scheme:
        meta.insert(0, f'<span class="scheme">{esc(card.scheme.get(lang) or card.scheme["nl"])}</span>')
    called = f'<p class="called-on">{_say("called_on", lang, words=card.why)}</p>' if card.why else ""
    none = "" if card.sources else f'<p class="no-source">{_say("no_source_of_its_own", lang)}</p>'
    return (
        f'<article class="card premise" tabindex="0"><p class="statement">{marked(card.text, card.quote)}</p>'
        f'<p class="meta">{" · ".join(meta)}</p>{called}{_source_list(card.sources, lang, href)}{none}</article>'
    )


def _side(side: Side, lang: str, href: Href) -> str:
    name = f'<span class="side-name">{_say("side." + side.name, lang)}</span> ' if side.name else ""
    return (
        f'<blockquote class="side">{name}{marked(side.text, side.quote)} '
        f"<cite>{_link(href('reader', side.statement), message('argument.from_section', lang, section=side.section))}</cite></blockquote>"
    )


def _tension_card(card: TensionCard, lang: str, href: Href) -> str:
    dilemma = f' <span class="dilemma">{esc(card.dilemma.get(lang) or card.dilemma["nl"])}</span>' if card.dilemma else ""
    return (
        f'<article class="card tension {esc(card.relation)}" tabindex="0">'
        f'<p class="badge">{_say("but." + card.relation, lang)}{dilemma}</p>'
        f"{_side(card.source, lang, href)}"
        f'<p class="relation">{_say("relation." + card.relation, lang)}</p>'
        f"{_side(card.target, lang, href)}</article>"
    )


def argument_html(view: ArgumentView, lang: str, href: Href, level_words: tuple[str, str]) -> str:
    """The argument as cards: the advice, the form of reasoning, each premise, what the advice cites itself,
    the tensions, and what an editor set aside. ``level_words`` is (name, definition) of the evidence level."""
    scheme = esc(view.scheme.get(lang) or view.scheme.get("nl", ""))
    note = esc(view.scheme_note.get(lang) or view.scheme_note.get("nl", ""))
    parts = [
        '<section class="argument" aria-label="argument">',
        f'<article class="card advice" tabindex="0"><p class="label">{_say("advice", lang)}</p><p class="statement">{esc(view.text)}</p>'
        f'<p class="meta">{_link(href("section", view.section_iri), message("argument.from_section", lang, section=view.section))}</p>'
        f'<p class="level"><strong>{_say("level", lang)}:</strong> {esc(level_words[0])} — {esc(level_words[1])}</p></article>',
        f"<h3>{_say('rests_on', lang, n=len(view.premises))}</h3>",
    ]
    if scheme:
        parts.append(f'<p class="scheme-line"><strong>{_say("scheme", lang)}:</strong> {scheme}{" — " + note if note else ""}</p>')
    parts += [_premise(card, lang, href) for card in view.premises]
    if view.own_sources:
        parts.append(
            f'<article class="card own" tabindex="0"><p class="label">{_say("advice_cites", lang)}</p>{_source_list(view.own_sources, lang, href)}</article>'
        )
    if view.tensions:
        parts.append(f"<h3>{_say('tensions', lang, n=len(view.tensions))}</h3>")
        parts += [_tension_card(card, lang, href) for card in view.tensions]
    if view.set_aside:
        items = "".join(f"<li>{_link(href('reader', s), text)} <small>— {esc(reason)}</small></li>" for s, text, reason in view.set_aside)
        parts.append(f'<details class="set-aside"><summary>{_say("set_aside", lang, n=len(view.set_aside))}</summary><ul>{items}</ul></details>')
    parts.append("</section>")
    return "\n".join(parts)


STYLE = """
.argument { max-width: 52em; font-size: 1rem; line-height: 1.5; color: #1f2933; }
.argument .card { border: 1px solid #d9e2ec; border-left: 6px solid #4361ee; border-radius: 6px; padding: .7em 1em; margin: .7em 0; background: #fff;
  break-inside: avoid; }
.argument .card:focus { outline: 3px solid #ffbe0b; outline-offset: 2px; }
.argument .advice { border-left-color: #b5179e; background: #fbf0f8; }
.argument .own { border-left-color: #2a9d8f; }
.argument .tension { border-left-color: #f77f00; background: #fff8f0; }
.argument .tension.challenges, .argument .tension.undercuts { border-left-color: #d00000; background: #fff5f5; }
.argument .tension.concession { border-left-color: #6a4c93; background: #f7f3fb; }
.argument .label, .argument .badge { font-weight: 700; margin: 0 0 .3em; text-transform: uppercase; font-size: .8em; letter-spacing: .04em; color: #52606d; }
.argument .statement { font-size: 1.05em; margin: .2em 0; }
.argument .meta, .argument .called-on, .argument .no-source, .argument .level { font-size: .9em; color: #52606d; margin: .3em 0; }
.argument .scheme { font-weight: 600; }
.argument mark { background: #ffe066; padding: 0 .1em; }
.argument .sources { margin: .4em 0 0; padding-left: 1.2em; font-size: .9em; }
.argument .side { margin: .4em 0; padding: .3em .8em; border-left: 3px solid #b8c2cc; }
.argument .side-name { font-weight: 700; }
.argument .relation { font-style: italic; margin: .2em 0 .2em 1em; color: #52606d; }
.argument .dilemma { text-transform: none; font-weight: 600; color: #9d0208; margin-left: .5em; }
.argument a { color: #2541b2; }
.argument details summary { cursor: pointer; }
@media print { .argument a { color: inherit; text-decoration: none; } .argument .card { border-color: #999; } }
"""


def standalone_html(view: ArgumentView, lang: str, href: Href, level_words: tuple[str, str], title: str) -> str:
    """A printable page of the same cards: a trainer or a member can save, print or mail it."""
    return (
        f'<!DOCTYPE html><html lang="{esc(lang)}"><head><meta charset="utf-8"><title>{esc(title)}</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>body{{font-family:"Source Sans Pro","Segoe UI",Helvetica,Arial,sans-serif;'
        f"margin:2em auto;max-width:54em;padding:0 1em}}{STYLE}</style></head><body><h1>{esc(title)}</h1>"
        f"{argument_html(view, lang, href, level_words)}</body></html>\n"
    )


def level_words(store: Store, view: ArgumentView, lang: str) -> tuple[str, str]:
    """The evidence level (or, with no source, the gap group) in the ontology's words, and its definition."""
    group, code = ("gap", view.gap) if view.level == "none" else ("level", view.level)
    for row in records(store, "evidence-words"):
        if row["group"] == group and row["code"] == code:
            name, meaning = in_language(row, "labelNl", "labelEn", lang), in_language(row, "definitionNl", "definitionEn", lang)
            return name, meaning + (f" ({view.passage_sources})" if view.passage_sources else "")
    return code, ""
