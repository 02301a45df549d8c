"""Sectie: one section of the report as a reader meets it: its text, its advice and what they rest on, its
reflection questions and concepts, the sources it cites, and its place among the other sections."""

from __future__ import annotations

import streamlit as st

from kg.ui.data import apa_list, argument_of, concept_names, evidence_word, report_titled, rows
from kg.ui.i18n import locale, t
from kg.ui.links import reader_url, thing_url, url
from kg.ui.report_text import section_html
from kg.ui.url_state import choice
from kg.ui.widgets import CSS, chips, esc, file_slug, html_block, link, reference_downloads, technical, thing_link


def render() -> None:
    html_block(CSS)
    outline = rows("section-outline")
    titles = report_titled(outline, "section")
    keys = list(titles)
    section = choice(st.sidebar.selectbox, t("section_page.choose"), keys, "entity", page="section", format_func=lambda k: _indented(outline, k, titles))
    if not section:
        return
    row = next(r for r in outline if r["section"] == section)
    _crumbs(outline, row)
    st.title(row["title"])
    _neighbours(keys, titles, section)
    parts = rows("section-parts", section=section)
    st.subheader(t("section_page.text"))
    html_block(section_html(section, heading=False))
    _advice([r["node"] for r in parts if r["part"] == "advice"])
    questions = [r for r in parts if r["part"] == "question"]
    if questions:
        st.subheader(f"{t('section_page.questions')} ({len(questions)})")
        html_block("<ul>" + "".join(f"<li>{esc(q['text'])}</li>" for q in questions) + "</ul>")
    concepts = {r["node"] for r in parts if r["part"] == "concept"}
    if concepts:
        names = concept_names()
        st.subheader(f"{t('section_page.concepts')} ({len(concepts)})")
        html_block(chips(sorted(((c, names.get(c, c)) for c in concepts), key=lambda c: c[1].lower())))
    _sources(section, row["title"])
    html_block(
        " · ".join(
            [
                link(reader_url(section), "↪ " + t("reader.show_in_report")),
                link(url("network", scope="section", section=section), "→ " + t("section_page.to_map")),
                link(url("course", theme=section), t("section_page.to_course")),
            ]
        )
    )
    technical(section)


def _indented(outline: list[dict[str, str]], key: str, titles: dict[str, str]) -> str:
    level = next((int(r["level"] or 1) for r in outline if r["section"] == key), 1)
    return "\u2003" * (level - 1) + titles[key]


def _crumbs(outline: list[dict[str, str]], row: dict[str, str]) -> None:
    """The chapter and sections above this one, each a link."""
    by_key = {r["section"]: r for r in outline}
    chain: list[dict[str, str]] = []
    parent = row.get("parent")
    while parent in by_key:
        chain.insert(0, by_key[parent])
        parent = by_key[parent].get("parent")
    if chain:
        html_block('<nav class="crumbs">' + " › ".join(thing_link(r["section"], r["title"], "section") for r in chain) + "</nav>")


def _neighbours(keys: list[str], titles: dict[str, str], section: str) -> None:
    """The previous and next section in reading order."""
    at = keys.index(section)
    before = link(thing_url(keys[at - 1], "section"), "← " + titles[keys[at - 1]]) if at > 0 else ""
    after = link(thing_url(keys[at + 1], "section"), titles[keys[at + 1]] + " →") if at + 1 < len(keys) else ""
    html_block(f'<p class="neighbours"><span>{before}</span> <span style="float:right">{after}</span></p>')


def _advice(advice: list[str]) -> None:
    """Each advice with what it rests on: its premises in short and their sources, one click from its argument."""
    if not advice:
        return
    st.subheader(f"{t('section_page.advice')} ({len(advice)})")
    for node in advice:
        view = argument_of(node)
        if view is None:
            continue
        group, code = ("gap", view.gap) if view.level == "none" else ("level", view.level)
        sources = sorted({(s.iri, s.label) for card in view.premises for s in card.sources} | {(s.iri, s.label) for s in view.own_sources}, key=lambda s: s[1])
        premises = "".join(f"<li>{esc(card.text)} <small>— {esc(card.section)}</small></li>" for card in view.premises)
        named = ", ".join(thing_link(iri, label, "source") for iri, label in sources) or esc(evidence_word("gap", view.gap or "no-source"))
        html_block(
            f'<div class="advice"><span class="arrow">➜ {esc(t("reader.advice"))}</span><div>{esc(view.text)}</div>'
            f"<p><strong>{esc(t('section_page.level'))}:</strong> {esc(evidence_word(group, code))}"
            f" · <strong>{esc(t('section_page.sources'))}:</strong> {named}</p>"
            f"<details><summary>{esc(t('section_page.premises', n=len(view.premises)))}</summary><ul>{premises}</ul></details>"
            f"<p>{link(thing_url(node, 'advice'), t('section_page.read_argument'))}</p></div>"
        )


def _sources(section: str, title: str) -> None:
    """The sources the section and its subsections cite, in APA, with the downloads for reference managers."""
    cited = tuple(sorted(r["source"] for r in rows("sources-of-section", section=section)))
    if not cited:
        return
    st.subheader(f"{t('section_page.cited')} ({len(cited)})")
    references = apa_list(cited, locale(), html=True)
    html_block("<ul class='references'>" + "".join(f"<li>{r}</li>" for r in references) + "</ul>")
    reference_downloads(set(cited), f"bronnen-{file_slug(title)}")
