"""Begrip: one concept in the report's words: what it means (and where the report says so), its neighbours,
every passage and advice about it, its reflection questions, and the footnotes and sources behind them."""

from __future__ import annotations

import streamlit as st

from kg.ui.data import apa_list, concept_everything, concept_names
from kg.ui.i18n import locale, localized, t
from kg.ui.links import reader_url, thing_url, url
from kg.ui.url_state import thing
from kg.ui.widgets import CSS, esc, html_block, link, paged, technical, thing_link

LISTS = ("passage", "advice", "item", "question")


def render() -> None:
    html_block(CSS)
    names = concept_names()
    concept = thing(t("concept_page.choose"), names, page="concept")
    if not concept:
        return
    found = concept_everything(concept)
    st.title(names[concept])
    _meaning(found)
    _neighbours(found)
    for part in LISTS:
        chosen = [r for r in found if r["part"] == part]
        if chosen:
            st.subheader(f"{t(f'entity.concept.{part}')} ({len(chosen)})")
            html_block("<ul>" + "".join(_item(r, part) for r in paged(chosen, f"concept_{part}")) + "</ul>")
    _footnotes_and_sources(found)
    html_block(
        " · ".join(
            [
                link(url("network", scope="concept", concept=concept), "→ " + t("concept_page.to_map")),
                link(url("course", theme=concept), t("concept_page.to_course")),
            ]
        )
    )
    technical(concept)


def _meaning(found: list[dict[str, str]]) -> None:
    """The definition in the report's words, where they come from, and any outside definition, marked as such."""
    definition = next((r for r in found if r["part"] == "definition"), None)
    if definition:
        html_block(f'<blockquote class="passage">{esc(localized(definition, "text", "textEn"))}</blockquote>')
    places = [r for r in found if r["part"] == "from"]
    if places:
        items = "".join(f"<li>{link(reader_url(r['node']), r['text'])} <small>— {esc(r['section'])}</small></li>" for r in places)
        html_block(f"<details><summary>{esc(t('concept_page.from', n=len(places)))}</summary><ul>{items}</ul></details>")
    for note in (r for r in found if r["part"] == "note"):
        html_block(
            f'<div class="figure"><strong>{esc(t("concept_page.outside"))}</strong> '
            f"({thing_link(note['node'], note['section'], 'source')}): {esc(localized(note, 'text', 'textEn'))}</div>"
        )


def _neighbours(found: list[dict[str, str]]) -> None:
    for part in ("broader", "narrower", "related"):
        chosen = [r for r in found if r["part"] == part]
        if chosen:
            links = " · ".join(thing_link(r["node"], localized(r, "text", "textEn"), "concept") for r in chosen)
            html_block(f"<p><strong>{esc(t(f'entity.concept.{part}'))}:</strong> {links}</p>")


def _item(row: dict[str, str], part: str) -> str:
    """The report's words as text to read, with where they stand one click away."""
    if part == "advice":
        where = link(thing_url(row["node"], "advice"), t("section_page.read_argument"))
    else:
        where = link(reader_url(row["node"]), "↪ " + t("reader.show_in_report"))
    return f"<li>{esc(row['text'])} <small>— {esc(row['section'])} · {where}</small></li>"


def _footnotes_and_sources(found: list[dict[str, str]]) -> None:
    notes = [r for r in found if r["part"] == "footnote"]
    if notes:
        st.subheader(f"{t('concept_page.footnotes')} ({len(notes)})")
        html_block("<ul>" + "".join(f"<li><strong>{esc(t('argument.footnote', number=r['number']))}</strong>: {esc(r['text'])}</li>" for r in notes) + "</ul>")
    sources = tuple(sorted({r["node"] for r in found if r["part"] == "source"}))
    if sources:
        st.subheader(f"{t('concept_page.sources')} ({len(sources)})")
        references = apa_list(sources, locale(), html=True)
        html_block("<ul class='references'>" + "".join(f"<li>{r}</li>" for r in references) + "</ul>")
