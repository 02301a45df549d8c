"""Cite this: a ready sentence that cites the report's section and the primary sources a claim or advice rests on."""

from __future__ import annotations

from typing import Any

from kg.explore.cite.csl import sources
from kg.explore.cite.report import report_author_year
from kg.messages import message
from kg.sparql.named import ask, records
from kg.sparql.store import Store
from kg.vocab.namespace import WTV


def cite_this(store: Store, node: str, lang: str = "nl") -> str:
    """A ready sentence that cites the report section and the primary sources a claim or advice rests on."""
    is_advice = ask(store, "is-a", entity=node, type=str(WTV.Advice))
    section = records(store, "entity-links", entity=node)
    title = next((r["valueLabel"] for r in section if r["direction"] == "out" and r["property"] == str(WTV.inSection)), "")
    report = next((r["value"] for r in section if r["direction"] == "out" and r["property"] == str(WTV.inReport)), "")
    by = report_author_year(store, report, lang)
    if is_advice:
        rows = records(store, "sources-of-advice", advice=node)
        chosen = set(r["source"] for r in rows)
        labels = {s.iri: _label(s.csl, lang) for s in sources(store, chosen, [report] if report else ())}
        # A practice account is a personal communication: named in words, never as an author and year. (An internal
        # note, the other kind of practice knowledge, is a document with an author and year, and is cited as one.)
        practice = [s for s in chosen if ask(store, "is-a", entity=s, type=str(WTV.PracticeAccount))]
    else:
        rows = records(store, "sources-of-claim", claim=node)
        labels = {r["source"]: r["label"] for r in rows if r["practice"] != "true"}
        practice = [r["source"] for r in rows if r["practice"] == "true"]
    primary = [labels[k] for k in sorted(labels, key=lambda k: labels[k]) if k not in practice]
    say = lambda key, **values: message(f"cite.{key}", lang, **values)  # noqa: E731 - the sentence's parts in one language
    parts = {"who": by[0], "year": by[1], "where": say("section", title=title), "what": say("advises" if is_advice else "states")}
    if not primary and not practice:
        return say("no_source", **parts)
    basis = say("drawing_on", sources=_join(primary, say("and"))) if primary else ""
    extra = say("practice_too" if primary else "practice_only") if practice else ""
    return say("sentence", basis=basis, extra=extra, **parts)


def _label(item: dict[str, Any], lang: str = "nl") -> str:
    names = [a.get("family") or a.get("literal", "") for a in item.get("author", [])]
    year = (item.get("issued") or {"date-parts": [[message("cite.no_year", lang)]]})["date-parts"][0][0]
    if not names:
        return f"{item['title']} ({year})"
    etal = message("cite.et_al", lang)
    who = names[0] if len(names) == 1 else f"{names[0]} & {names[1]}" if len(names) == 2 else f"{names[0]} {etal}"
    return f"{who} ({year})"


def _join(parts: list[str], word: str) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + f" {word} " + parts[-1] if parts else ""
