"""Widgets whose value lives in the address bar: choose something, copy the address, and the view comes back.

Each widget reads its starting value from one query parameter and writes its
value back to it, so a link copied from the address bar reproduces the view
(scope, advice, section, filters, theme, language, report). Values are the
options themselves (an IRI, a section key, a format name), never translated
labels, so a Dutch link also works in English. A value equal to the default is
left out, to keep links short.

Streamlit's own ``bind="query-params"`` writes the formatted label into the URL
instead of the option, which would put long Dutch sentences in shared links;
hence these helpers.

This is the one module that reads or writes the address (``st.query_params``):
pages, links, the language and the report switch all go through :func:`param`,
:func:`put` and the widgets below. It also keeps the memory that belongs to a
page rather than to the address (:func:`remembered`, :func:`remember`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import streamlit as st

from kg.messages import LANGUAGES, message
from kg.ui.escape import md_text

T = TypeVar("T")


def param(name: str, default: str = "") -> str:
    """One value of the address (``?name=``), or ``default`` when it is not there."""
    return st.query_params.get(name, default)


def language() -> str:
    """The view's language, from ``?lang=`` (or ``?language=``); Dutch for anything else."""
    value = param("lang") or param("language") or "nl"
    return value if value in LANGUAGES else "nl"


def put(name: str, value: object, default: object = None) -> None:
    """Write ``?name=value`` into the address, or take the parameter out when the value is empty or the default."""
    _write(name, value, default)


def remembered(key: str, default: Any = None) -> Any:
    """What a page keeps between reruns of this visit, outside the address (an editor's text, an upload's id)."""
    return st.session_state.get(key, default)


def remember(key: str, value: object) -> None:
    st.session_state[key] = value


def forget(key: str) -> None:
    st.session_state.pop(key, None)


def _write(param: str, value: object, default: object) -> None:
    """Put the value in the address, or take the parameter out when it holds the default."""
    empty = value in (None, "") or value == [] or value == default
    if empty:
        if param in st.query_params:
            del st.query_params[param]
    elif isinstance(value, list):
        if st.query_params.get_all(param) != [str(v) for v in value]:
            st.query_params[param] = [str(v) for v in value]
    elif st.query_params.get(param) != str(value):
        st.query_params[param] = str(value)


def _key(page: str, param: str) -> str:
    """The widget's key, one per language: Streamlit keeps showing a kept widget's option labels in the
    language they were first drawn in, so a language switch draws fresh widgets, seeded from the URL."""
    return f"url_{page}_{param}_{language()}"


def _seed(key: str, from_url: object, valid: Callable[[Any], bool]) -> None:
    """Give the widget the URL's value when the URL changed outside it (first visit, a followed link)."""
    seen = f"{key}__url"
    if st.session_state.get(seen) != from_url or not valid(st.session_state.get(key)):
        st.session_state[key] = from_url
        st.session_state[seen] = from_url


def _remember(key: str, value: object) -> None:
    st.session_state[f"{key}__url"] = value


def choice(
    widget: Callable[..., T | None],
    label: str,
    options: Sequence[T],
    param: str,
    *,
    page: str,
    default: T | None = None,
    notice: bool = True,
    **kwargs: Any,
) -> T | None:
    """A selectbox, radio or segmented control whose value is ``?param=``; a value that names none of the options
    falls back to the default, and (unless ``notice`` is off) the page says so: never a silent default."""
    if not options:
        return None
    fallback = default if default in options else options[0]
    raw = st.query_params.get(param)
    by_text = {str(o): o for o in options}
    from_url = by_text.get(raw, fallback) if raw is not None else fallback
    if notice and raw is not None and raw not in by_text:
        shown = md_text(_short(str(kwargs.get("format_func", str)(fallback))))
        # An identifier is not something a person reads: name it only when it is a word someone typed.
        named = message("notice.this_link", language()) if "://" in raw else f"‘{md_text(_short(raw))}’"
        st.warning(message("notice.not_found", language(), value=named, shown=shown))
    key = _key(page, param)
    _seed(key, from_url, lambda v: v in options)
    if widget in (st.selectbox, st.multiselect, st.sidebar.selectbox):  # Streamlit's own "Choose an option" is English
        kwargs.setdefault("placeholder", message("sources_page.choose", language()))
    value = widget(label, list(options), key=key, **kwargs)
    _remember(key, value)
    _write(param, value, fallback)
    return value


def thing(label: str, names: dict[str, str], *, page: str) -> str | None:
    """The thing a page shows (``?entity=``), picked in the sidebar by name, in alphabetical order."""
    keys = sorted(names, key=lambda k: names[k].lower())
    return choice(st.sidebar.selectbox, label, keys, "entity", page=page, format_func=names.__getitem__)


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def choices(label: str, options: Sequence[str], param: str, *, page: str, **kwargs: Any) -> list[str]:
    """A multiselect whose values are ``?param=a&param=b``."""
    from_url = [v for v in st.query_params.get_all(param) if v in options]
    key = _key(page, param)
    _seed(key, from_url, lambda v: isinstance(v, list) and all(x in options for x in v))
    kwargs.setdefault("placeholder", message("sources_page.choose", language()))
    value = list(st.multiselect(label, list(options), key=key, **kwargs))
    _remember(key, value)
    _write(param, value, [])
    return value


def text(label: str, param: str, *, page: str, widget: Callable[..., str] | None = None, **kwargs: Any) -> str:
    """A text input (or text area) whose value is ``?param=``."""
    from_url = st.query_params.get(param, "")
    key = _key(page, param)
    _seed(key, from_url, lambda v: isinstance(v, str))
    value = (widget or st.text_input)(label, key=key, **kwargs)
    _remember(key, value)
    _write(param, value, "")
    return value


def number(label: str, low: int, high: int, param: str, *, page: str, default: int) -> int:
    """An integer slider whose value is ``?param=``."""
    raw = st.query_params.get(param, "")
    from_url = int(raw) if raw.isdigit() and low <= int(raw) <= high else default
    key = _key(page, param)
    _seed(key, from_url, lambda v: isinstance(v, int) and low <= v <= high)
    value = int(st.slider(label, low, high, key=key))
    _remember(key, value)
    _write(param, value, default)
    return value


STICKY = ("lang", "report")  # choices every page keeps; the menu's own links would drop them


def keep_sticky() -> None:
    """Keep the language and the chosen report in the address across the menu's page links.

    Streamlit's navigation links carry no query parameters, so after a click in the menu the address
    would lose ``lang`` and ``report`` and a copied link would open in Dutch, over every report. The
    session remembers them and puts them back; a choice in the address always wins."""
    for param in STICKY:
        remembered = f"sticky_{param}"
        if param in st.query_params:
            st.session_state[remembered] = st.query_params[param]
        elif st.session_state.get(remembered):
            st.query_params[param] = st.session_state[remembered]


def forget_sticky(param: str) -> None:
    """A choice taken back (every report again): out of the address and out of the session's memory."""
    st.session_state.pop(f"sticky_{param}", None)
    if param in st.query_params:
        del st.query_params[param]


def keep(name: str, value: str) -> None:
    """A choice every page keeps (the language, the report): in the address and in the session's memory, or,
    when empty, out of both."""
    if value:
        put(name, value)
        remember(f"sticky_{name}", value)
    else:
        forget_sticky(name)


def read(name: str) -> str | None:
    """The parameter's value in the address, or None when the address has none (where absent and empty differ)."""
    return st.query_params.get(name)
