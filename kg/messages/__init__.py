"""The one message catalogue per language (``nl.yaml``, ``en.yaml``), for the interface and the core alike; Dutch by default."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import yaml

LANGUAGES = ("nl", "en")
CATALOGUES = Path(__file__).resolve().parent


@cache
def catalogue(lang: str) -> dict[str, Any]:
    return yaml.safe_load((CATALOGUES / f"{lang}.yaml").read_text(encoding="utf-8"))


def message(key: str, lang: str = "nl", **values: object) -> str:
    """The text for a dotted key in ``lang``, e.g. ``message("search.hits", "en", n=3)``; falls back to Dutch, then the key.

    >>> message("pages.sources", "en")
    'Sources'
    >>> message("pages." + "nowhere")
    'pages.nowhere'
    """
    for language in (lang if lang in LANGUAGES else "nl", "nl"):
        node: Any = catalogue(language)
        for part in key.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, str):
            return node.format(**values) if values else node
    return key


def in_language(row: Mapping[str, str], dutch: str, english: str, lang: str) -> str:
    """A query row's text in ``lang``: its ``english`` column when English is asked for and filled, else its ``dutch`` one.

    >>> row = {"label": "Bron", "labelEn": "Source", "note": "Alleen Nederlands", "noteEn": ""}
    >>> in_language(row, "label", "labelEn", "en"), in_language(row, "label", "labelEn", "nl"), in_language(row, "note", "noteEn", "en")
    ('Source', 'Bron', 'Alleen Nederlands')
    """
    return (row.get(english) or row.get(dutch, "")) if lang == "en" else row.get(dutch, "")
