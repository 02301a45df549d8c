"""Bronnen: every deduplicated source, and its references in APA, BibTeX, RIS and CSL-JSON."""

from __future__ import annotations

import functools

import pandas as pd
import streamlit as st

from kg.explore.cite import EXTENSIONS, FORMAT_NAMES, FORMATTERS, MIMES, cite_this
from kg.explore.filters import sources_matching
from kg.sparql.named import is_iri
from kg.ui.cite_block import cite_block, copy_button
from kg.ui.data import apa_list, references, report_titled, rows, store
from kg.ui.i18n import lang, locale, localized, t
from kg.ui.links import thing_url
from kg.ui.url_state import choice, choices, param, text
from kg.ui.widgets import download, esc, file_slug, html_block
from kg.vocab.namespace import WTV


def render() -> None:
    st.title(t("pages.sources"))
    entity = param("entity")
    kind = _citable_kind(entity)
    cited = _cite_this(entity, kind) if kind else None
    if cited is None:
        st.write(t("sources_page.intro"))
    table = rows("sources-table")
    kind_of = lambda r: localized(r, "kindLabel", "kindLabelEn")  # noqa: E731
    needle = text(t("sources_page.filter"), "q", page="sources")
    kinds = sorted({kind_of(r) for r in table})
    chosen_kinds = choices(t("sources_page.kinds"), kinds, "kind", page="sources", placeholder=t("sources_page.choose"))
    chapter, in_chapter = _chapter_sources()
    within = cited if in_chapter is None else in_chapter if cited is None else cited & in_chapter
    shown = sources_matching(table, within=within, needle=needle, kinds=chosen_kinds, kind_of=kind_of)
    name = _file_name(entity if kind else "", chapter, bool(needle or chosen_kinds))
    c = lambda key: t(f"sources_page.columns.{key}")  # noqa: E731 - column names in the user's language
    frame = pd.DataFrame(
        {
            c("source"): [thing_url(r["source"], "source") for r in shown],
            c("label"): [r["label"] for r in shown],
            c("kind"): [kind_of(r) for r in shown],
            c("year"): [r["year"] for r in shown],
            c("peer"): [r["peerReviewed"] == "true" for r in shown],
            "DOI": [r["doi"] for r in shown],
            "URL": [r["url"] for r in shown],
            c("footnotes"): [int(r["footnotes"]) for r in shown],
            c("sections"): [int(r["sections"]) for r in shown],
            c("advice"): [int(r["adviceCount"]) for r in shown],
            c("advice_in"): [r["adviceSections"] for r in shown],
        }
    )
    st.subheader(f"{t('sources_page.table')} ({len(shown)})")
    st.dataframe(frame, hide_index=True, column_config={c("source"): st.column_config.LinkColumn(c("source"), display_text=t("sources_page.open"))})
    download(st, t("check_page.download"), functools.partial(frame.to_csv, index=False), f"{name}.csv", "text/csv")
    _references({r["source"] for r in shown}, name)


def _chapter_sources() -> tuple[str, set[str] | None]:
    """The chosen chapter's title and the sources cited in it (its subsections and headings included), or None for every chapter."""
    chapters = rows("chapters")
    titles = {"": t("sources_page.every_chapter"), **report_titled(chapters, "chapter")}
    chapter = choice(st.selectbox, t("sources_page.chapter"), list(titles), "in", page="sources", format_func=titles.__getitem__)
    return (titles[chapter], {r["source"] for r in rows("sources-of-section", section=chapter)}) if chapter else ("", None)


def _file_name(cited: str, chapter: str, filtered: bool) -> str:
    """A download named for what it holds: bronnen-samen-bij-onveiligheid.bib, not bronnen.bib."""
    if cited:
        where = next((r["valueLabel"] for r in rows("entity-links", entity=cited) if r["property"] == str(WTV.inSection)), "")
        return f"bronnen-bij-{file_slug(where)}" if where else "bronnen-bij-citaat"
    parts = ["bronnen", file_slug(chapter) if chapter else "", t("sources_page.file_selection") if filtered else ""]
    return "-".join(p for p in parts if p) if chapter or filtered else f"bronnen-{t('sources_page.file_all')}"


def _references(selection: set[str], name: str) -> None:
    st.subheader(t("sources_page.cite"))
    fmt = choice(st.radio, t("sources_page.format"), list(FORMATTERS), "format", page="sources", format_func=FORMAT_NAMES.__getitem__, horizontal=True) or "apa"
    text = references(tuple(sorted(selection)), fmt, locale())
    if fmt == "apa":
        # As it will paste: italics and working links, copied as rich text by a button that is always there.
        listed = apa_list(tuple(sorted(selection)), locale(), html=True)
        markup = "<ul class='references'>" + "".join(f"<li>{r}</li>" for r in listed) + "</ul>"
        html_block(markup)
        copy_button(markup, text, t("cite_block.copy_references"))
    else:
        st.code(text, language=None, wrap_lines=True)
        copy_button(f"<pre>{esc(text)}</pre>", text, t("cite_block.copy_text", format=FORMAT_NAMES[fmt]))
    label = t("sources_page.download", format=f"{FORMAT_NAMES[fmt]} (.{EXTENSIONS[fmt]})")
    download(st, label, lambda: text, f"{name}.{EXTENSIONS[fmt]}", MIMES[fmt], key="cite_download")


def _citable_kind(entity: str) -> str | None:
    """ "advice" or "claim" when the entity is one (its types in the graph say so), else None."""
    if not entity or not is_iri(entity):
        return None
    types = {r["type"] for r in rows("entity-types", entity=entity)}
    if str(WTV.Advice) in types:
        return "advice"
    return "claim" if str(WTV.Claim) in types else None


def _cite_this(entity: str, kind: str) -> set[str]:
    """The item's own citation first, and the sources it rests on: the rest of the page narrows to them."""
    st.subheader(t("sources_page.cite_this"))
    found = {r["source"] for r in rows(f"sources-of-{kind}", **{kind: entity})}
    cite_block(entity, cite_this(store(), entity, lang()), tuple(sorted(found)))
    st.caption(t("sources_page.narrowed", n=len(found)))
    return found
