"""Zoeken: one box over claims, advice, sections, footnotes, sources and concepts, Dutch word forms understood."""

from __future__ import annotations

import streamlit as st

from kg.explore.filters import Facets, hits_matching
from kg.explore.network import short
from kg.explore.search import Hit, marked
from kg.ui.data import class_names, concept_names, current_report, rows, search_index
from kg.ui.i18n import lang, localized, t
from kg.ui.links import PAGE_OF_KIND, reader_url, thing_url
from kg.ui.url_state import choices, text
from kg.ui.widgets import CSS, esc, html_block, link, reader_link, reference_downloads
from kg.vocab.iris import local_name

MAX_SHOWN = 100


def render() -> None:
    st.title(t("pages.search"))
    html_block(CSS)
    query = text(t("search.box"), "q", page="search", placeholder=t("search.placeholder"))
    if not query.strip():
        return
    hits = search_index(current_report()).search(query)
    hits = _facets(hits)
    st.caption(t("search.hits", n=len(hits)))
    if not hits:
        st.info(t("search.none"))
        return
    named = {r["concept"]: (localized(r, "labelNl", "labelEn"), localized(r, "definitionNl", "definitionEn")) for r in rows("concepts")}
    html_block("".join(_hit(h, named) for h in hits[:MAX_SHOWN]))
    reference_downloads({h.document.node for h in hits if h.document.kind == "source"}, "zoekresultaat")


def _facets(hits: list[Hit]) -> list[Hit]:
    with st.sidebar:
        kinds = sorted({h.document.kind for h in hits})
        chosen_kinds = choices(
            t("search.kinds"), kinds, "kind", page="search", format_func=lambda k: t(f"search.kind_names.{k}"), placeholder=t("sources_page.choose")
        )
        sections = sorted({h.document.section_title for h in hits if h.document.section_title})
        chosen_sections = choices(t("search.sections"), sections, "in", page="search", placeholder=t("sources_page.choose"))
        # Concepts and kinds are IRIs in the address (a Dutch link works in English), named in the chosen language.
        names = {**class_names(), **concept_names()}
        named = lambda iri: names.get(iri) or local_name(iri)  # noqa: E731
        concepts = sorted({c for h in hits for c in h.document.concepts}, key=named)
        chosen_concepts = choices(t("search.concepts"), concepts, "about", page="search", format_func=named, placeholder=t("sources_page.choose"))
        source_kinds = sorted({h.document.source_kind for h in hits if h.document.source_kind}, key=named)
        chosen_source_kinds = choices(
            t("search.source_kinds"), source_kinds, "source_kind", page="search", format_func=named, placeholder=t("sources_page.choose")
        )
    return hits_matching(hits, Facets(chosen_kinds, chosen_sections, chosen_concepts, chosen_source_kinds))


def _hit(hit: Hit, concepts: dict[str, tuple[str, str]]) -> str:
    """A hit titled by where it stands and how it begins (a concept, source or section by its name), with the
    matched words marked, one click from its page."""
    doc = hit.document
    text = "".join(f"<mark>{esc(piece)}</mark>" if match else esc(piece) for piece, match in marked(doc.text, hit.spans))
    if doc.kind == "concept" and doc.node in concepts:
        title, meaning = concepts[doc.node]
        if lang() != "nl":  # matched in the Dutch text; shown in the reader's language
            text = esc(meaning)
    elif doc.kind in ("source", "section"):
        title = short(doc.text.split(" — ")[0], 90)
    else:
        title = f"{doc.section_title}: {short(doc.text, 70)}" if doc.section_title else short(doc.text, 90)
    target = thing_url(doc.node, doc.kind) if doc.kind in PAGE_OF_KIND else reader_url(doc.node)
    show = f" · {reader_link(doc.node)}" if doc.kind in ("claim", "advice", "footnote") else ""
    return (
        f"<div style='margin:.8em 0'><div><strong>{link(target, title)}</strong> <small>· {esc(t(f'search.kind_names.{doc.kind}'))}{show}</small></div>"
        f"<div>{text}</div></div>"
    )
