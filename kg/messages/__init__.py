"""The one message catalogue per language (``nl.yaml``, ``en.yaml``), for the interface and the core alike; Dutch by default.

Code that finds something to say (a refused query, a defect in a reference)
carries a :class:`Message`, a key and its values, and says it in a language
only at the edge: a page in the view's language, a terminal or an HTTP body in
English, the graph in both. Text in two languages is written here and nowhere
else (decision 0012).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

LANGUAGES = ("nl", "en")
LOCALES = {"nl": "nl-NL", "en": "en-US"}  # a language as citeproc's locales name it
GROUPING = {"nl": ".", "en": ","}  # how each language groups the thousands of a number
CATALOGUES = Path(__file__).resolve().parent


def known(lang: str) -> str:
    """The language itself when the catalogue has it, else Dutch: the one fallback.

    >>> known("en"), known("fr")
    ('en', 'nl')
    """
    return lang if lang in LANGUAGES else "nl"


def locale(lang: str) -> str:
    """The locale a language's references are formatted in.

    >>> locale("en"), locale("xx")
    ('en-US', 'nl-NL')
    """
    return LOCALES[known(lang)]


class Count(int):
    """A number a message writes the way its language groups thousands: 100,000 in English, 100.000 in Dutch."""


@dataclass(frozen=True)
class Message:
    """Something to say, not yet said in a language: a catalogue key and the values its text takes.

    A value may itself be a Message ("footnote 19" inside a defect's detail); it is said in the same language.

    >>> Message("refusal.size", {"max": Count(100_000)}).say("nl")
    'De query is langer dan 100.000 tekens.'
    """

    key: str
    values: Mapping[str, object] = field(default_factory=dict)

    def say(self, lang: str = "nl") -> str:
        return message(self.key, lang, **self.values)


@cache
def catalogue(lang: str) -> dict[str, Any]:
    return yaml.safe_load((CATALOGUES / f"{lang}.yaml").read_text(encoding="utf-8"))


def message(key: str, lang: str = "nl", **values: object) -> str:
    """The text for a dotted key in ``lang``, e.g. ``message("search.hits", "en", n=3)``; falls back to Dutch, then the key.

    >>> message("pages.sources", "en")
    'Sources'
    >>> message("pages." + "nowhere")
    'pages.nowhere'

    A key with a ``_one`` sibling takes it when ``n`` is 1 ("1 spanning", not "1 spanningen"):

    >>> message("argument.tensions", "nl", n=1), message("argument.tensions", "en", n=2)
    ('Maar (1 spanning)', 'But (2 tensions)')
    """
    if values.get("n") == 1 and message(key + "_one", lang) != key + "_one":
        key += "_one"
    for language in (known(lang), "nl"):
        node: Any = catalogue(language)
        for part in key.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, str):
            return node.format(**{k: _said(v, language) for k, v in values.items()}) if values else node
    return key


def _said(value: object, lang: str) -> object:
    """A value as the message shows it in ``lang``: a Message said, a Count grouped, anything else as it is."""
    if isinstance(value, Message):
        return value.say(lang)
    if isinstance(value, Count):
        return f"{int(value):,}".replace(",", GROUPING[lang])
    return value


def in_language(row: Mapping[str, str], dutch: str, english: str, lang: str) -> str:
    """A query row's text in ``lang``: its ``english`` column when English is asked for and filled, else its ``dutch`` one.

    >>> row = {"label": "Bron", "labelEn": "Source", "note": "Alleen Nederlands", "noteEn": ""}
    >>> in_language(row, "label", "labelEn", "en"), in_language(row, "label", "labelEn", "nl"), in_language(row, "note", "noteEn", "en")
    ('Source', 'Bron', 'Alleen Nederlands')
    """
    return (row.get(english) or row.get(dutch, "")) if lang == "en" else row.get(dutch, "")
