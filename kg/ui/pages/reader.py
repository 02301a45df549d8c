"""Lezen: the report, chapter by chapter, rendered from the graph."""

from __future__ import annotations

import json

import streamlit as st

from kg.ui.data import report_titled, rows
from kg.ui.i18n import t
from kg.ui.links import url
from kg.ui.report_text import anchor_id, section_html
from kg.ui.url_state import choice, param
from kg.ui.widgets import CSS, html_block, link
from kg.vocab.namespace import WTV


def _scroll_to(anchor: str) -> None:
    """Bring the highlighted passage into view (the iframe is same-origin with the app)."""
    script = (
        "<script>(function(){var id=" + json.dumps(anchor).replace("</", "<\\/") + ";var tries=0;"
        "function go(){var el=window.parent.document.getElementById(id);"
        "if(el){el.scrollIntoView({block:'center'});}else if(tries++<50){setTimeout(go,200);}}go();})();</script>"
    )
    st.iframe(script, height=1)


def _chapter_for(node: str | None) -> str | None:
    if not node:
        return None
    found = rows("containing-chapter", node=node)
    return found[0]["chapter"] if found else None


def _focus(entity: str | None) -> tuple[str | None, str]:
    """The node to highlight and, for a claim, the sentence to mark inside its paragraph."""
    if not entity:
        return None, ""
    links = rows("entity-links", entity=entity)
    paragraph = next((r["value"] for r in links if r["direction"] == "out" and r["property"] == str(WTV.inParagraph)), None)
    if paragraph:
        summary = rows("entity-summary", entity=entity)
        return paragraph, summary[0]["text"] if summary else ""
    return entity, ""


def render() -> None:
    st.title(t("pages.reader"))
    html_block(CSS)
    chapters = rows("chapters")
    if not chapters:
        return
    entity = param("entity")
    wanted = _chapter_for(param("section")) or _chapter_for(entity) or chapters[0]["chapter"]
    keys = [c["chapter"] for c in chapters]
    titles = report_titled(chapters, "chapter")
    chapter = choice(st.selectbox, t("reader.choose"), keys, "chapter", page="reader", default=wanted, format_func=titles.__getitem__) or wanted
    html_block(link(url("sources", **{"in": chapter}), "❝ " + t("reader.chapter_sources")))
    focus, sentence = _focus(entity)
    if focus:
        st.info(t("reader.highlighted"))
    html_block(section_html(chapter, focus, sentence))
    if focus:
        _scroll_to(anchor_id(focus))
