"""Errata: the working form of a reference detail the report prints broken, the printed form kept beside it.

Two origins. A rule: a URL with whitespace in it is whole again without the
whitespace. An editor: the curated layer's ``errata:`` entries, each naming the
source, the field, the printed form, the working form and why. The printed form
is checked against what the report prints, so an entry that no longer matches
the text stops the build instead of correcting nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from kg.graph.curated import CuratedError
from kg.parse.sources import SourceRecord

# The defects a correction of each field mends in references (they stay in the report check).
FIELDS: dict[str, tuple[str, ...]] = {"url": ("url-whitespace", "url-variant"), "title": ("title-variant",), "author": ("author-variant",)}
RULE_WHY = "the printed URL breaks at a space; without the space the address is whole"
RULE_WHY_NL = "de gedrukte URL breekt op een spatie; zonder die spatie is het adres heel"


@dataclass(frozen=True)
class Erratum:
    source: str
    field: str
    printed: str
    working: str
    why: str
    origin: str  # "editor" or "rule"
    why_nl: str = ""


def curated_errata(entries: Any) -> list[Erratum]:
    """The ``errata:`` list of the curated layer, each entry complete and with a known field."""
    if entries is None:
        return []
    if not isinstance(entries, list):
        raise CuratedError(f"'errata' must be a list, not {type(entries).__name__}")
    found = []
    for n, entry in enumerate(entries, start=1):
        where = f"errata[{n}]"
        if not isinstance(entry, dict):
            raise CuratedError(f"{where} must be a mapping, not {type(entry).__name__}")
        why = entry.get("why")
        # One reason per language, so each page shows it in its own: why: {nl: ..., en: ...}
        values = {key: entry.get(key) for key in ("source", "field", "printed", "working")}
        values["why"], values["why_nl"] = (why.get("en"), why.get("nl")) if isinstance(why, dict) else (why, why)
        for key, value in values.items():
            if not isinstance(value, str) or not value.strip():
                raise CuratedError(f"{where}: '{key.replace('_nl', '.nl')}' is missing")
        if values["field"] not in FIELDS:
            raise CuratedError(f"{where}: field '{values['field']}' is not one of {', '.join(FIELDS)}")
        found.append(Erratum(**values, origin="editor"))  # type: ignore[arg-type]
    return found


def printed_forms(record: SourceRecord, field: str) -> list[str]:
    """Every form in which the report prints this field of the work: its bibliography entry, then each footnote."""
    refs = [record.reference] + [m.reference for m in record.mentions]
    if field == "url":
        return list(dict.fromkeys(u for r in refs for u in r.urls))
    if field == "title":
        return list(dict.fromkeys(r.title for r in refs))
    return list(dict.fromkeys(a for r in refs for a in r.authors))


def errata_for(record: SourceRecord, curated: list[Erratum]) -> list[Erratum]:
    """The editor's errata for this work (checked against the text), then the rule's for what they leave.

    >>> from kg.parse.sources import SourceRecord, parse_reference
    >>> ref = parse_reference("Ogink, A. (2019). Basisfuncties. KPMG. https://www.sociaalwerk nederland.nl/?file=1")
    >>> [(e.working, e.origin) for e in errata_for(SourceRecord("ogink-2019", ref, "ResearchReport", False), [])]
    [('https://www.sociaalwerknederland.nl/?file=1', 'rule')]
    """
    mine = [e for e in curated if e.source == record.key]
    for erratum in mine:
        printed = printed_forms(record, erratum.field)
        if erratum.printed not in printed:
            shown = "; ".join(printed) or "nothing"
            raise CuratedError(f"errata for {record.key}: the report does not print {erratum.field} '{erratum.printed}' (it prints: {shown})")
    covered = {(e.field, e.printed) for e in mine}
    rule = [
        Erratum(record.key, "url", url, re.sub(r"\s+", "", url), RULE_WHY, "rule", RULE_WHY_NL)
        for url in printed_forms(record, "url")
        if re.search(r"\s", url) and ("url", url) not in covered
    ]
    return mine + rule
