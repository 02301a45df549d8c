"""Bron: one source as a policy writer needs it: the reference to copy, what kind of knowledge it is and why,
where the report cites it, and which advice rest on it."""

from __future__ import annotations

import streamlit as st

from kg.explore.cite import FORMAT_NAMES, plain_text
from kg.ui.cite_block import copy_button
from kg.ui.data import apa_list, report_titled, rows
from kg.ui.i18n import locale, localized, t
from kg.ui.links import reader_url, thing_url
from kg.ui.url_state import thing
from kg.ui.widgets import CSS, esc, file_slug, html_block, link, reference_downloads, technical

HOSTS = ("claim", "advice", "item", "heading")


def render() -> None:
    html_block(CSS)
    labels = {r["source"]: r["label"] for r in rows("sources-table")}
    source = thing(t("source_page.choose"), labels, page="source")
    if not source:
        return
    facts = rows("source-facts", source=source)
    st.title(labels[source])
    _reference(source)
    if facts:
        _kind(facts)
    _citations(source)
    _advice(source)
    reference_downloads({source}, file_slug(labels[source]))
    st.caption(t("source_page.formats", names=", ".join(FORMAT_NAMES.values())))
    technical(source)


def _reference(source: str) -> None:
    """The APA reference as it pastes: italics kept, working links, the DOI as a link."""
    reference = apa_list((source,), locale(), html=True)
    if not reference:
        return
    html_block(f'<p class="references">{reference[0]}</p>')
    copy_button(reference[0], plain_text(reference[0]), t("cite_block.copy_reference"))


def _kind(facts: list[dict[str, str]]) -> None:
    head = facts[0]
    peer = t("source_page.peer") if head["peerReviewed"] == "true" else t("source_page.no_peer")
    html_block(
        f"<p><strong>{esc(t('source_page.kind'))}:</strong> {esc(localized(head, 'kindLabel', 'kindLabelEn'))} ({esc(peer)})</p>"
        f"<p><strong>{esc(t('source_page.why'))}:</strong> {esc(localized(head, 'why', 'whyEn'))}</p>"
    )
    corrections = [r for r in facts if r.get("field")]
    if corrections:
        items = "".join(
            f"<li>{esc(t('source_page.correction', field=t('source_page.fields.' + r['field'])))}: {esc(localized(r, 'fix', 'fixEn'))}</li>"
            for r in corrections
        )
        html_block(f"<p><strong>{esc(t('source_page.corrections'))}</strong></p><ul>{items}</ul>")


def _citations(source: str) -> None:
    """Every footnote that names the source, with the sentence, advice or heading its marker stands in."""
    found = rows("source-citations", source=source)
    if not found:
        return
    st.subheader(f"{t('source_page.cited_at')} ({len({r['footnote'] for r in found})})")
    # A footnote can stand in more than one place; with several reports shown, each section says its report.
    spots = [{**r, "title": r.get("sectionTitle", ""), "spot": f"{r['footnote']} {r.get('host', '')}"} for r in found]
    sections = report_titled(spots, "spot")
    items = []
    for r in spots:
        where = t(f"source_page.host.{r.get('hostKind') or 'heading'}", section=r.get("sectionTitle", ""))
        sentence = link(reader_url(r["host"]), r["hostText"][:220]) if r.get("host") and r.get("hostKind") != "heading" else ""
        section = link(thing_url(r["section"], "section"), sections[r["spot"]]) if r.get("section") else ""
        items.append(
            f"<li><strong>{esc(t('argument.footnote', number=r['number']))}</strong> — {esc(where)} {section}"
            f"{'<br>' + sentence if sentence else ''}<br><small>{esc(r['noteText'][:400])}</small></li>"
        )
    html_block("<ul>" + "".join(items) + "</ul>")


def _advice(source: str) -> None:
    found = rows("source-advice", source=source)
    st.subheader(f"{t('source_page.advice')} ({len(found)})")
    if not found:
        st.caption(t("source_page.no_advice"))
        return
    sections = report_titled([{**r, "title": r["sectionTitle"]} for r in found], "advice")  # which report, when several show
    items = "".join(
        f"<li>{link(thing_url(r['advice'], 'advice'), r['adviceText'][:200])} "
        f"<small>— {esc(sections[r['advice']])}; {esc(localized(r, 'viaList', 'viaListEn'))}</small></li>"
        for r in found
    )
    html_block(f"<ul>{items}</ul>")
