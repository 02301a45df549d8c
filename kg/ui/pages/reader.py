"""Lezen: the report, chapter by chapter, rendered from the graph."""

from __future__ import annotations

import json
from collections import defaultdict

import streamlit as st

from kg.ui.data import report_titled, rows
from kg.ui.i18n import t
from kg.ui.links import url
from kg.ui.url_state import choice, param
from kg.ui.widgets import CSS, chips, entity_link, esc, html_block, link
from kg.vocab.iris import id_path
from kg.vocab.namespace import WTV


def anchor_id(node: str) -> str:
    return "n-" + id_path(node).replace("/", "-")


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
    html_block(_chapter_html(chapter, focus, sentence))
    if focus:
        _scroll_to(anchor_id(focus))


def _annotations(chapter: str) -> tuple[dict[str, dict[int, tuple[str, str]]], dict[str, list[tuple[str, str]]]]:
    notes: dict[str, dict[int, tuple[str, str]]] = defaultdict(dict)
    concepts: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in rows("chapter-annotations", chapter=chapter):
        if row["type"] == "footnote":
            notes[row["node"]].setdefault(int(row["number"]), (row["source"], row["label"]))
        else:
            concepts[row["node"]].append((row["target"], row["label"]))
    return notes, concepts


def _markers(notes: dict[int, tuple[str, str]]) -> str:
    return "".join(f'<sup title="{esc(label)}">{link(url("entity", entity=source), f"[{n}]")}</sup>' for n, (source, label) in sorted(notes.items()))


def _text(text: str, sentence: str) -> str:
    if sentence and sentence in text:
        before, _, after = text.partition(sentence)
        return f"{esc(before)}<mark>{esc(sentence)}</mark>{esc(after)}"
    return esc(text)


def _chapter_html(chapter: str, focus: str | None, sentence: str) -> str:
    notes, concepts = _annotations(chapter)
    parts: list[str] = []
    for row in rows("chapter-content", chapter=chapter):
        node, kind = row["node"], row["kind"]
        highlight = ' class="highlight"' if node == focus else ""
        tags = f"<div>{chips(concepts[node])}</div>" if concepts.get(node) else ""
        marks = _markers(notes.get(node, {}))
        anchor = f'id="{esc(anchor_id(node))}"'
        if kind == "section":
            level = min(6, int(row["level"] or 1) + 1)
            parts.append(f"<h{level} {anchor}{highlight}>{esc(row['title'])}{marks} <small>{entity_link(node, '↗')}</small></h{level}>")
        elif kind == "advice":
            parts.append(
                f'<div class="advice" {anchor}><span class="arrow">➜ {esc(t("reader.advice"))}</span>'
                f"<div{highlight}>{_text(row['text'], sentence)}{marks} {entity_link(node, '↗')}</div>{tags}</div>"
            )
        elif kind == "item":
            title = f"<strong>{esc(row['title'])}</strong> " if row.get("title") else ""
            body = esc(row["description"]) if row.get("description") else esc(row["text"]) if not row.get("title") else ""
            parts.append(f"<ul><li {anchor}{highlight}>{title}{body}{marks} {entity_link(node, '↗')}</li></ul>")
        elif kind == "figure":
            parts.append(f'<div class="figure" {anchor}{highlight}>🖼 {esc(row["caption"])}{marks} {entity_link(node, "↗")}</div>')
        else:
            parts.append(f"<p {anchor}{highlight}>{_text(row['text'], sentence if node == focus else '')}{marks} {entity_link(node, '↗')}</p>{tags}")
    parts.append(_footnotes(chapter))
    return "\n".join(parts)


def _footnotes(chapter: str) -> str:
    items = []
    for row in rows("chapter-footnotes", chapter=chapter):
        sources = " ".join(entity_link(s, "↗") for s in row["sources"].split() if s)
        items.append(f'<li value="{esc(row["number"])}">{esc(row["text"])} {sources} {entity_link(row["footnote"], "↗")}</li>')
    return f"<h4>{esc(t('reader.footnotes'))}</h4><ol>{''.join(items)}</ol>" if items else ""
