"""The view's language (``?lang=``) and its texts, from the one message catalogue in :mod:`kg.messages`."""

from __future__ import annotations

import streamlit as st

from kg.messages import LANGUAGES, catalogue, message

__all__ = ["LANGUAGES", "catalogue", "lang", "t"]


def lang() -> str:
    """The language of this view, from the ``lang`` (or ``language``) query parameter."""
    value = st.query_params.get("lang") or st.query_params.get("language") or "nl"
    return value if value in LANGUAGES else "nl"


def t(key: str, **values: object) -> str:
    """The text for a dotted key in the view's language, e.g. ``t("search.hits", n=3)``."""
    return message(key, lang(), **values)
