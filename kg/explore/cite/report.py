"""The report's own reference and its in-text name and year, from its metadata (queries ``report-info`` and
``report-publishers``)."""

from __future__ import annotations

import re

from kg.messages import message
from kg.sparql.named import records
from kg.sparql.store import Store


def report_reference(store: Store, report: str) -> str:
    """The report's own APA reference, from its metadata: "Witte, J. (2022). <i>Title: Subtitle</i>. Publisher; Publisher."

    The publishers are the known organisations its commission line names, in that order.
    """
    import html

    found = records(store, "report-info", report=report)
    if not found:
        return ""
    info = found[0]
    family, year = _author_year(info)
    first = info["author"].split(",")[0].split()
    initial = f"{first[0][0]}." if len(first) > 1 else ""
    who = f"{family}, {initial}" if initial else family
    title = html.escape(info["title"] + (f": {info['subtitle']}" if info.get("subtitle") else ""))
    publishers = [r["name"] for r in records(store, "report-publishers", report=report)]
    published = f" {html.escape('; '.join(publishers))}." if publishers else ""
    return f"{html.escape(who)} ({year}). <i>{title}</i>.{published}"


def report_author_year(store: Store, report: str, lang: str = "nl") -> tuple[str, str]:
    """The in-text name and year of a report, from its own metadata ("Janneke Witte, AIOS …", "November 2022")."""
    found = records(store, "report-info", report=report) if report else []
    return _author_year(found[0], lang) if found else (message("cite.no_author", lang), message("cite.no_year", lang))


def _author_year(info: dict[str, str], lang: str = "nl") -> tuple[str, str]:
    """Family name and year from a report-info row."""
    author, date = info["author"], info["date"]
    name = author.split(",")[0].split()[-1] if author.strip() else message("cite.no_author", lang)
    year = (re.findall(r"\b(1[89]\d\d|20\d\d)\b", date) or [message("cite.no_year", lang)])[-1]
    return name, year
