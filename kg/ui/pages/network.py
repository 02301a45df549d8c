"""Argumentnetwerk: one advice as a readable map by default; a section, a concept, the tensions, or a chapter overview to drill into.

Every choice is in the address (scope, entity, section, concept, layout), so a
copied link opens the same map.
"""

from __future__ import annotations

import functools

import networkx as nx
import streamlit as st

from kg.explore.network import (
    KINDS,
    MAX_NODES,
    RELATIONS,
    chapter_overview,
    graphml,
    layout,
    scope_advice,
    scope_concept,
    scope_section,
    scope_tensions,
    svg,
    without_about,
)
from kg.ui.data import argument_network, current_report, report_titled, rows
from kg.ui.i18n import lang, t
from kg.ui.links import entity_url, url
from kg.ui.network_view import pyvis_html, served_assets
from kg.ui.url_state import choice, param
from kg.ui.widgets import CSS, download, esc, html_block, link, paged, table, thing_link

SCOPES = ["advice", "section", "concept", "tensions", "all"]


def _choose_scope(graph: nx.MultiDiGraph) -> tuple[str, str]:
    """The scope the user picked and the advice, section or concept in it."""
    # Links made before ?scope= existed name only what they point at.
    implied = "concept" if param("concept") else "section" if param("section") else "advice"
    scope = choice(st.segmented_control, t("network.scope"), SCOPES, "scope", page="network", default=implied, format_func=lambda s: t(f"network.scope_{s}"))
    scope = scope or implied
    labels = {n: d["text"] for n, d in graph.nodes(data=True)}
    if scope == "section":
        sections = rows("section-outline")
        titles = report_titled(sections, "section")
        return scope, choice(
            st.selectbox, t("network.scope_section"), [r["section"] for r in sections], "section", page="network", format_func=titles.__getitem__
        ) or ""
    if scope == "concept":
        concepts = sorted((n for n, d in graph.nodes(data=True) if d["kind"] == "concept"), key=lambda n: labels[n])
        return scope, choice(st.selectbox, t("network.scope_concept"), concepts, "concept", page="network", format_func=labels.__getitem__) or ""
    if scope == "advice":
        advice = sorted(n for n, d in graph.nodes(data=True) if d["kind"] == "advice")
        return scope, choice(st.selectbox, t("network.scope_advice"), advice, "entity", page="network", format_func=lambda n: labels[n][:110]) or ""
    return scope, ""


@st.cache_resource(show_spinner=False, max_entries=64)
def _view(scope: str, key: str, report: str | None) -> nx.MultiDiGraph:
    graph = argument_network(report)
    if scope == "section":
        return without_about(scope_section(graph, key))
    if scope == "concept":
        return scope_concept(graph, key)
    if scope == "advice":
        return scope_advice(graph, key)
    if scope == "tensions":
        return scope_tensions(graph)
    return without_about(graph)


@st.cache_data(show_spinner=False, max_entries=64)
def _drawing(scope: str, key: str, report: str | None, style: str, language: str, linked: str) -> tuple[dict[str, tuple[float, float]], str]:
    """The view's positions and its map; ``language`` and ``linked`` (the address's report) are in the key because the map's links carry them."""
    view = _view(scope, key, report)
    positions = layout(view, style)
    return positions, pyvis_html(view, positions, entity_url, relation_names={r: _name("relation_names", r) for r in RELATIONS}, assets=served_assets())


def render() -> None:
    st.title(t("pages.network"))
    html_block(CSS)
    report = current_report()
    graph = argument_network(report)
    scope, key = _choose_scope(graph)
    if scope == "all":
        _chapters(graph)
        if not st.checkbox(t("network.whole_anyway"), key="network_whole"):
            return
    if scope == "tensions":
        st.caption(t("network.tensions_intro"))
        html_block(link(url("evidence"), t("network.to_dilemma")))
    view = _view(scope, key, report)
    name = f"{scope}-{key.rsplit('/', 1)[-1]}" if key else scope
    style = (
        choice(st.radio, t("network.layout"), ["hierarchical", "force"], "layout", page="network", format_func=_layout_name, horizontal=True) or "hierarchical"
    )
    n = view.number_of_nodes()
    if n > MAX_NODES:
        st.warning(t("network.too_big", n=n, max=MAX_NODES))
        if not st.checkbox(t("network.show_anyway")):
            return
    positions, page = _drawing(scope, key, report, style, lang(), param("report"))
    _legend()  # above, in one band: beside the map it took a fifth of the width the map needs to fit
    st.iframe(page, height=780)
    st.caption(t("network.click_hint"))
    _downloads(view, positions, page, name)
    _tables(view)


def _chapters(graph: nx.MultiDiGraph) -> None:
    """The whole report as a list of sections to drill into, instead of one unreadable graph."""
    st.subheader(t("network.chapters"))
    sections = rows("section-outline")
    titles = report_titled(sections, "section")
    found = chapter_overview(graph, [(r["section"], titles[r["section"]]) for r in sections])
    head = [t(f"network.chapter_columns.{k}") for k in ("section", "advice", "premises", "tensions")]
    body = [[link(url("network", scope="section", section=str(r["section"])), str(r["title"])), r["advice"], r["premises"], r["tensions"]] for r in found]
    html_block(table(body, head, id="network-chapters"))


def _legend() -> None:
    shapes = {"star": "★", "circle": "●", "square": "■", "triangle": "▲", "diamond": "◆"}
    lines = {False: "──", True: "┄┄"}
    items = [f"<div><span style='color:{c}'>{shapes[svg_shape]}</span> {esc(t(f'network.kind_names.{k}'))}</div>" for k, (_, c, _, svg_shape) in KINDS.items()]
    items += [f"<div><span style='color:{c}'>{lines[bool(d)]}</span> {esc(t(f'network.relation_names.{r}'))}</div>" for r, (c, d, _) in RELATIONS.items()]
    title = f"<b>{esc(t('network.legend'))}:</b>"
    html_block(f"<div style='display:flex;flex-wrap:wrap;gap:.2em 1.2em;font-size:.9em'>{title}{''.join(items)}</div>")


def _downloads(view: nx.MultiDiGraph, positions: dict[str, tuple[float, float]], page: str, name: str) -> None:
    a, b, c = st.columns(3)
    download(a, t("network.download_html"), lambda: page, f"argumentnetwerk-{name}.html", "text/html")
    download(b, t("network.download_graphml"), functools.partial(graphml, view), f"argumentnetwerk-{name}.graphml", "application/xml")
    download(c, t("network.download_svg"), functools.partial(svg, view, positions), f"argumentnetwerk-{name}.svg", "image/svg+xml")


def _node_link(view: nx.MultiDiGraph, node: str) -> str:
    return thing_link(node, view.nodes[node]["text"][:60], view.nodes[node]["kind"])


def _tables(view: nx.MultiDiGraph) -> None:
    """The same nodes and links as text, folded away and paged: a screen reader's way in, not the page's bulk."""
    with st.expander(f"{t('network.nodes')} ({view.number_of_nodes()}) · {t('network.edges')} ({view.number_of_edges()})"):
        nodes = [{"node": n, **d} for n, d in sorted(view.nodes(data=True), key=lambda x: (x[1]["kind"], x[0]))]
        body = [[esc(_name("kind_names", d["kind"])), thing_link(d["node"], d["text"][:120], d["kind"])] for d in paged(nodes, "net_nodes")]
        html_block(table(body, id="network-nodes"))
        edges = [{"from": u, "to": v, **d} for u, v, d in sorted(view.edges(data=True), key=lambda e: (e[2]["relation"], e[0], e[1]))]
        body = [[_node_link(view, e["from"]), esc(_name("relation_names", e["relation"])), _node_link(view, e["to"])] for e in paged(edges, "net_edges")]
        html_block(table(body, id="network-edges"))


def _name(group: str, key: str) -> str:
    """The legend name without its visual hint: 'Bewering (cirkel)' -> 'Bewering'."""
    return t(f"network.{group}.{key}").split(" (")[0]


def _layout_name(style: str) -> str:
    return t("network.layout_hier" if style == "hierarchical" else "network.layout_force")
