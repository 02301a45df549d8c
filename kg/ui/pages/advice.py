"""Advies: one advice as an argument a person reads, with its evidence in words, its tensions, and how to cite it."""

from __future__ import annotations

import functools
from urllib.parse import urlencode

import streamlit as st

from kg import settings
from kg.explore.argument_export import aif_json, argdown
from kg.explore.argument_view import STYLE, ArgumentView, argument_html, level_words, standalone_html
from kg.explore.cite import cite_this
from kg.ui.cite_block import cite_block
from kg.ui.data import app_root, argument_of, rows, store
from kg.ui.i18n import lang, t
from kg.ui.links import PAGES, reader_url, thing_url, url
from kg.ui.url_state import choice
from kg.ui.widgets import CSS, download, esc, file_slug, html_block, link, technical
from kg.vocab.iris import local_name


def href(kind: str, iri: str) -> str:
    """Where a card's link goes inside the app."""
    if not iri:
        return ""
    return reader_url(iri) if kind == "reader" else thing_url(iri, kind)


def absolute_href(kind: str, iri: str) -> str:
    """The same link from a downloaded page: absolute, to the app it came from."""
    if not iri:
        return ""
    base = (app_root() or settings.app_url()).rstrip("/")
    return f"{base}/{PAGES.get(kind, PAGES['entity'])}?{urlencode({'entity': iri, 'lang': lang()})}"


def render() -> None:
    html_block(CSS + f"<style>{STYLE}</style>")
    advice = _chosen()
    if not advice:
        return
    view = argument_of(advice)
    if view is None:
        return
    html_block(f'<nav class="crumbs">{link(thing_url(view.section_iri, "section"), view.section)} › {esc(t("advice_page.crumb"))}</nav>')
    st.title(t("advice_page.title", section=view.section))
    words = level_words(store(), view, lang())
    html_block(argument_html(view, lang(), href, words))
    _cite(view)
    _downloads(view, words)
    html_block(
        " · ".join(
            [
                link(url("network", scope="advice", entity=advice), "→ " + t("advice_page.to_map")),
                link(reader_url(advice), "↪ " + t("reader.show_in_report")),
                link(url("evidence", entity=advice), t("advice_page.to_evidence")),
            ]
        )
    )
    technical(advice)


def _chosen() -> str | None:
    """The advice in the address, or one picked here; a link that names no advice says so."""
    found = rows("advice-evidence")
    texts = {r["advice"]: f"{r['section']}: {r['adviceText'][:90]}" for r in found}
    return choice(st.sidebar.selectbox, t("advice_page.choose"), list(texts), "entity", page="advice", format_func=texts.__getitem__, notice=True)


def _cite(view: ArgumentView) -> None:
    st.subheader(t("cite_block.title"))
    sources = tuple(sorted({s.iri for card in view.premises for s in card.sources} | {s.iri for s in view.own_sources}))
    cite_block(view.advice, cite_this(store(), view.advice, lang()), sources)


def _downloads(view: ArgumentView, words: tuple[str, str]) -> None:
    """The same argument to keep: a printable page, and Argdown and AIF for argument tools."""
    st.subheader(t("advice_page.downloads"))
    name = f"advies-{file_slug(view.section)}-{local_name(view.advice)}"
    title = t("advice_page.title", section=view.section)
    page = functools.partial(standalone_html, view, lang(), absolute_href, words, title)
    a, b, c = st.columns(3)
    download(a, t("advice_page.download_html"), page, f"{name}.html", "text/html")
    download(b, t("advice_page.download_argdown"), functools.partial(argdown, store(), view.advice), f"{name}.argdown", "text/plain")
    download(c, t("advice_page.download_aif"), functools.partial(aif_json, store(), view.advice), f"{name}.aif.json", "application/json")
