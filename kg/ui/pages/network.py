"""Argumentnetwerk: claims, advice, sources and concepts as a network, with a table of the same."""

from __future__ import annotations

import networkx as nx
import streamlit as st

from kg.network import KINDS, MAX_NODES, RELATIONS, graphml, layout, pyvis_html, scope_concept, scope_node, scope_section, svg, without_about
from kg.ui.i18n import lang, t
from kg.ui.state import argument_network, current_report, report_titled, rows
from kg.ui.widgets import CSS, entity_link, esc, html_block


def _choose_scope(graph: nx.MultiDiGraph) -> tuple[str, str, int]:
    """The scope the user picked: (kind, node or section, hops)."""
    params = st.query_params
    options = ["all", "section", "concept", "advice"]
    start = "advice" if params.get("entity") else "concept" if params.get("concept") else "section" if params.get("section") else "all"
    scope = st.radio(
        t("network.scope"), options, index=options.index(start), format_func=lambda s: t(f"network.scope_{s}"), horizontal=True, key="network_scope"
    )
    labels = {n: d["text"] for n, d in graph.nodes(data=True)}
    if scope == "section":
        sections = rows("section-outline")
        keys = [r["section"] for r in sections]
        wanted = params.get("section")
        titles = report_titled(sections, "section")
        return scope, st.selectbox(t("network.scope_section"), keys, index=keys.index(wanted) if wanted in keys else 0, format_func=titles.__getitem__), 0
    if scope == "concept":
        concepts = sorted((n for n, d in graph.nodes(data=True) if d["kind"] == "concept"), key=lambda n: labels[n])
        wanted = params.get("concept")
        index = concepts.index(wanted) if wanted in concepts else 0
        return scope, st.selectbox(t("network.scope_concept"), concepts, index=index, format_func=labels.__getitem__), 0
    if scope == "advice":
        advice = sorted(n for n, d in graph.nodes(data=True) if d["kind"] == "advice")
        wanted = params.get("entity")
        index = advice.index(wanted) if wanted in advice else 0
        chosen = st.selectbox(t("network.scope_advice"), advice, index=index, format_func=lambda n: labels[n][:90])
        return scope, chosen, st.slider(t("network.hops"), 1, 3, 2)
    return scope, "", 0


@st.cache_resource(show_spinner=False, max_entries=64)
def _view(scope: str, key: str, hops: int) -> nx.MultiDiGraph:
    graph = argument_network(current_report())
    if scope == "section":
        return without_about(scope_section(graph, key))
    if scope == "concept":
        return scope_concept(graph, key)
    if scope == "advice":
        return without_about(scope_node(graph, key, hops))
    return without_about(graph)


@st.cache_data(show_spinner=False, max_entries=64)
def _drawing(scope: str, key: str, hops: int, style: str, language: str) -> tuple[dict[str, tuple[float, float]], str]:
    view = _view(scope, key, hops)
    positions = layout(view, style)
    return positions, pyvis_html(view, positions, language)


def render() -> None:
    html_block(CSS)
    scope, key, hops = _choose_scope(argument_network(current_report()))
    view = _view(scope, key, hops)
    name = f"{scope}-{key.rsplit('/', 1)[-1]}" if key else scope
    style = st.radio(t("network.layout"), ["hierarchical", "force"], format_func=_layout_name, horizontal=True)
    n = view.number_of_nodes()
    if n > MAX_NODES:
        st.warning(t("network.too_big", n=n, max=MAX_NODES))
        if not st.checkbox(t("network.show_anyway")):
            return
    positions, page = _drawing(scope, key, hops, style, lang())
    picture, legend = st.columns([4, 1])
    with picture:
        st.iframe(page, height=660)
        st.caption(t("network.click_hint"))
    with legend:
        _legend()
    _downloads(view, positions, page, name)
    _tables(view)


def _legend() -> None:
    st.markdown(f"**{t('network.legend')}**")
    shapes = {"star": "★", "circle": "●", "square": "■", "triangle": "▲", "diamond": "◆"}
    lines = {False: "──", True: "┄┄"}
    items = [f"<div><span style='color:{c}'>{shapes[svg_shape]}</span> {esc(t(f'network.kind_names.{k}'))}</div>" for k, (_, c, _, svg_shape) in KINDS.items()]
    items += [f"<div><span style='color:{c}'>{lines[bool(d)]}</span> {esc(t(f'network.relation_names.{r}'))}</div>" for r, (c, d, _) in RELATIONS.items()]
    html_block("".join(items))


def _downloads(view: nx.MultiDiGraph, positions: dict[str, tuple[float, float]], page: str, name: str) -> None:
    a, b, c = st.columns(3)
    a.download_button(t("network.download_html"), page, file_name=f"argumentnetwerk-{name}.html", mime="text/html")
    b.download_button(t("network.download_graphml"), graphml(view), file_name=f"argumentnetwerk-{name}.graphml", mime="application/xml")
    c.download_button(t("network.download_svg"), svg(view, positions), file_name=f"argumentnetwerk-{name}.svg", mime="image/svg+xml")


def _tables(view: nx.MultiDiGraph) -> None:
    nodes, edges = st.columns(2)
    with nodes:
        st.subheader(f"{t('network.nodes')} ({view.number_of_nodes()})")
        body = "".join(
            f"<tr><td>{esc(_name('kind_names', d['kind']))}</td><td>{entity_link(n, d['text'][:120])}</td></tr>"
            for n, d in sorted(view.nodes(data=True), key=lambda x: (x[1]["kind"], x[0]))
        )
        html_block(f"<table id='network-nodes'>{body}</table>")
    with edges:
        st.subheader(f"{t('network.edges')} ({view.number_of_edges()})")
        body = "".join(
            f"<tr><td>{entity_link(u, view.nodes[u]['text'][:60])}</td><td>{esc(_name('relation_names', d['relation']))}</td>"
            f"<td>{entity_link(v, view.nodes[v]['text'][:60])}</td></tr>"
            for u, v, d in sorted(view.edges(data=True), key=lambda e: (e[2]["relation"], e[0], e[1]))
        )
        html_block(f"<table id='network-edges'>{body}</table>")


def _name(group: str, key: str) -> str:
    """The legend name without its visual hint: 'Bewering (cirkel)' -> 'Bewering'."""
    return t(f"network.{group}.{key}").split(" (")[0]


def _layout_name(style: str) -> str:
    return t("network.layout_hier" if style == "hierarchical" else "network.layout_force")
