"""The view's language (``?lang=``) and its texts, from the one message catalogue in :mod:`kg.messages`."""

from __future__ import annotations

from collections.abc import Mapping

from kg.messages import LANGUAGES, Count, catalogue, in_language, message
from kg.messages import locale as messages_locale
from kg.ui.url_state import language

__all__ = ["LANGUAGES", "Count", "catalogue", "lang", "locale", "localized", "t"]


def lang() -> str:
    """The language of this view, from the ``lang`` (or ``language``) query parameter."""
    return language()


def locale() -> str:
    """The view's language as citeproc's locales name it (nl-NL, en-US): references in the view's language."""
    return messages_locale(lang())


def localized(row: Mapping[str, str], dutch: str, english: str) -> str:
    """A query row's text in the view's language (Dutch where it has no English)."""
    return in_language(row, dutch, english, lang())


def t(key: str, **values: object) -> str:
    """The text for a dotted key in the view's language, e.g. ``t("search.hits", n=3)``."""
    return message(key, lang(), **values)
