"""Entiteit: any resource with its kind, text, place in the report, links and neighbourhood."""

from __future__ import annotations

import streamlit as st

from kg.explore.network import layout, scope_node
from kg.ui.data import apa_list, argument_network, concept_everything, current_report, rows
from kg.ui.escape import md_text
from kg.ui.i18n import locale, localized, t
from kg.ui.links import entity_url, reader_url, thing_url, url
from kg.ui.network_view import pyvis_html, served_assets
from kg.ui.url_state import param, put
from kg.ui.widgets import CSS, entity_link, esc, html_block, link, paged, reader_link, table
from kg.vocab.namespace import WTV
from kg.vocab.prefixes import PREFIXES

NEIGHBOURHOOD_MAX = 60


def render() -> None:
    html_block(CSS)
    entity = param("entity")
    if not entity:  # followed links always name one; the field is for those who paste an identifier
        typed = st.text_input(t("entity.choose"), placeholder="https://w3id.org/wijkteams-veiligheid/id/…")
        if not typed:
            st.info(t("entity.none"))
            return
        entity = typed.strip()
        put("entity", entity)
    summary = rows("entity-summary", entity=entity)
    if not summary:
        st.warning(t("entity.unknown", iri=md_text(entity)))  # a bare URL in the link stays text
        return
    head = summary[0]
    types = rows("entity-types", entity=entity)
    links = rows("entity-links", entity=entity)
    kind = lambda r: localized(r, "typeLabel", "typeLabelEn")  # noqa: E731
    st.header(_title(head, kind(types[0]) if types else "", links))
    html_block(f"<p><strong>{esc(t('entity.kind'))}:</strong> " + ", ".join(entity_link(r["type"], kind(r)) for r in types) + "</p>")
    kinds = {r["type"] for r in types}
    _own_page(entity, kinds)
    if PREFIXES["skos"] + "Concept" in kinds:
        _concept(entity)
    elif head.get("text"):
        html_block(f'<blockquote class="passage">{esc(head["text"])}</blockquote>')
    sentences = [r for r in links if r["direction"] == "in" and r["property"] == str(WTV.inParagraph)]
    if sentences:
        _sentences(sentences)
    _place(entity)
    if str(WTV.Source) in kinds:
        _reference(entity, links)
    if str(WTV.Advice) in kinds:
        html_block(link(url("network", scope="advice", entity=entity), "→ " + t("entity.to_map")))
    if kinds & {str(WTV.Advice), str(WTV.Claim)}:
        html_block(link(url("sources", entity=entity), "❝ " + t("sources_page.cite_this")))
    for direction, title in (("out", "entity.outgoing"), ("in", "entity.incoming")):
        chosen = [r for r in links if r["direction"] == direction and not r["technical"]]
        if chosen:
            st.subheader(f"{t(title)} ({len(chosen)})")
            html_block(_table(paged(chosen, f"{direction}_{entity}")))
    with st.expander(t("entity.technical")):
        st.code(entity, language=None)
        html_block(_table([r for r in links if r["technical"]]))
    _neighbourhood(entity)


OWN_PAGES = {str(WTV.Advice): "advice", str(WTV.Section): "section", PREFIXES["skos"] + "Concept": "concept", str(WTV.Source): "source"}


def _own_page(entity: str, kinds: set[str]) -> None:
    """This is the technical view; a thing a reader looks for has a page of its own, one click away."""
    for kind, page in OWN_PAGES.items():
        if kind in kinds:
            st.info(t("entity.own_page"))
            html_block(f"<p><strong>{link(thing_url(entity, page), '→ ' + t('entity.open_' + page))}</strong></p>")
            return


def _title(head: dict[str, str], kind: str, links: list[dict[str, str]]) -> str:
    """The entity's name; a passage, whose only name is its own words, is titled by its kind and section instead."""
    name = localized(head, "label", "labelEn")
    if not head.get("text") or name != head["text"]:
        return name or head["entity"]
    section = next((r["valueLabel"] for r in links if r["direction"] == "out" and r["property"] == str(WTV.inSection)), "")
    return t("entity.passage_title", kind=kind, section=section) if section else kind


def _sentences(sentences: list[dict[str, str]]) -> None:
    """A paragraph's sentences, each one click from its citation."""
    st.subheader(f"{t('entity.sentences')} ({len(sentences)})")
    cite = t("sources_page.cite_this")
    items = "".join(f"<li>{esc(r['valueLabel'])} {link(url('sources', entity=r['value']), '❝ ' + cite)}</li>" for r in sentences)
    html_block(f"<ul>{items}</ul>")


def _reference(entity: str, links: list[dict[str, str]]) -> None:
    """The work as a reference to copy, in the working form where the report prints a detail broken."""
    st.subheader(t("entity.reference"))
    st.code("\n".join(apa_list((entity,), locale())), language=None, wrap_lines=True)
    corrections = [r for r in links if r["property"] == str(WTV.hasCorrection)]
    if corrections:
        st.caption(t("entity.corrected", n=len(corrections)))


CONCEPT_PARTS = ("broader", "narrower", "related", "passage", "advice", "item", "question", "source")


def _concept(entity: str) -> None:
    """A concept in the words a person reads: what it means, its neighbours, and what the report says about it."""
    found = concept_everything(entity)
    definition = next((r for r in found if r["part"] == "definition"), None)
    if definition:
        meaning = localized(definition, "text", "textEn")
        st.markdown(f"**{t('entity.concept.definition')}** {md_text(meaning)}")  # curated text is shown as text, never as markup
    for part in CONCEPT_PARTS:
        chosen = [r for r in found if r["part"] == part]
        if not chosen:
            continue
        st.subheader(f"{t(f'entity.concept.{part}')} ({len(chosen)})")
        if part in ("broader", "narrower", "related", "source"):
            names = ((r["node"], localized(r, "text", "textEn")) for r in chosen)
            html_block(" · ".join(entity_link(n, label) for n, label in names))
        else:
            items = "".join(f"<li>{link(reader_url(r['node']), r['text'])} <small>— {esc(r['section'])}</small></li>" for r in paged(chosen, f"concept_{part}"))
            html_block(f"<ul>{items}</ul>")


def _place(entity: str) -> None:
    locations = rows("entity-location", entity=entity)
    if not locations:
        return
    st.subheader(t("entity.place"))
    for loc in locations:
        st.caption(t("entity.line", line=loc["line"]))
        st.text(loc["exact"][:1200])
    html_block(reader_link(entity))
    with st.expander(t("entity.file_place")):
        for loc in locations:
            st.code(f"{loc.get('file') or ''}:{loc['line']}  [{loc['start']}, {loc['end']})", language=None)


def _table(items: list[dict[str, str]]) -> str:
    body = []
    for row in items:
        value = row["value"]
        shown = localized(row, "valueLabel", "valueLabelEn") or value
        cell = entity_link(value, shown[:160]) if row["valueIsIri"] else esc(value[:400])
        body.append([esc(localized(row, "propertyLabel", "propertyLabelEn")), cell])
    return table(body, [t("entity.property"), t("entity.value")])


def _neighbourhood(entity: str) -> None:
    graph = argument_network(current_report())
    if entity not in graph:  # an entity of another report than the one chosen
        graph = argument_network()
    if entity not in graph:
        return
    around = scope_node(graph, entity, 1)
    if around.number_of_nodes() > NEIGHBOURHOOD_MAX:
        keep = sorted(around.nodes, key=lambda n: (n != entity, around.nodes[n]["kind"] == "claim", n))[:NEIGHBOURHOOD_MAX]
        around = around.subgraph(keep).copy()
    st.subheader(t("entity.neighbourhood"))
    st.iframe(pyvis_html(around, layout(around, "force"), entity_url, height=360, assets=served_assets()), height=380)
