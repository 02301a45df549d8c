"""One message catalogue per language (locales/nl.yaml, locales/en.yaml); Dutch by default."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import streamlit as st
import yaml

LOCALES = Path(__file__).parent / "locales"
LANGUAGES = ("nl", "en")


@cache
def catalogue(lang: str) -> dict[str, Any]:
    return yaml.safe_load((LOCALES / f"{lang}.yaml").read_text(encoding="utf-8"))


def lang() -> str:
    """The language of this view, from the ``lang`` (or ``language``) query parameter."""
    value = st.query_params.get("lang") or st.query_params.get("language") or "nl"
    return value if value in LANGUAGES else "nl"


def t(key: str, **values: object) -> str:
    """The text for a dotted key, e.g. ``t("search.hits", n=3)``; falls back to Dutch, then the key."""
    for language in (lang(), "nl"):
        node: Any = catalogue(language)
        for part in key.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, str):
            return node.format(**values) if values else node
    return key
