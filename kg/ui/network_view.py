"""The argument network drawn in the browser: pyvis HTML, links to the app's entity pages.

The network's scopes, layout and exports are in :mod:`kg.explore.network`; this
module only knows how the app draws them and where its pages live.

vis-network (about 700 kB with its stylesheet) comes from the app's own static
folder when Streamlit serves it (``server.enableStaticServing``), so the browser
fetches it once and caches it; each map then sends only its nodes and links.
Without that folder it is inlined into every map. Either way nothing is fetched
from outside the app.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from kg.explore.network import KINDS, LABEL_FONT, READABLE, RELATIONS, TENSIONS, Box, label_offsets, short, text_box
from kg.ui.links import entity_url

MIN_TEXT_PX = 12  # the smallest type a reader meets at the map's default zoom


def safe_title(text: str) -> str:
    """Tooltip text that stays text even where pyvis uses innerHTML.

    Angle brackets become look-alikes, so no tag can form (an ampersand stays
    readable: "Ogink & Gijzel"), and "href" is broken with a zero-width space,
    because pyvis switches every tooltip to raw innerHTML once a title contains it.
    """
    return re.sub("href", "hr\u200bef", canvas_text(text), flags=re.IGNORECASE)


def canvas_text(text: str) -> str:
    """A label drawn on the canvas: no angle brackets, so nothing can close the inline script that holds it."""
    return text.replace("<", "\uff1c").replace(">", "\uff1e")


def wrapped(text: str, limit: int, width: int = 20) -> str:
    """A canvas label of at most ``limit`` characters over lines of about ``width``, so neighbours do not overlap."""
    words, lines, line = short(text, limit).split(), [], ""
    for word in words:
        if line and len(line) + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join([*lines, line])


VIS_FILES = ("vis-network.min.js", "vis-network.css")  # pyvis's own copy of vis-network 9.1.2, in static/
VIS_TAG = re.compile(r"<link\b[^>]*vis-network[^>]*>|<script\b[^>]*vis-network[^>]*>\s*</script>", re.IGNORECASE)
REMOTE = re.compile(r"<(?:link|script)\b[^>]*\b(?:href|src)\s*=\s*[\"']https?://[^>]*>(?:\s*</script>)?", re.IGNORECASE)


def pyvis_html(
    graph: nx.MultiDiGraph,
    positions: dict[str, tuple[float, float]],
    link: Callable[[str], str] = entity_url,
    height: int = 760,
    relation_names: dict[str, str] | None = None,
    assets: str | None = None,
) -> str:
    """An HTML page that fetches nothing from outside: physics off, a click follows ``link(node)`` (the app's
    own link to the node's entity page, with the view's language and report).

    vis-network is loaded from ``assets`` (a URL folder holding :data:`VIS_FILES`), or inlined when None.

    In a small view every node carries its words; tensions carry their name on the line as well as
    their colour and dash, so they do not depend on colour alone."""
    from pyvis.network import Network

    net = Network(height=f"{height}px", width="100%", directed=True, cdn_resources="remote" if assets else "in_line", bgcolor="#ffffff")
    links = {}
    node_labels: list[Box] = []
    for node in sorted(graph.nodes):
        data = graph.nodes[node]
        shape, colour, _, _ = KINDS.get(data["kind"], KINDS["claim"])
        x, y = positions[node]
        # In a large view claims carry no label (the tooltip has the text); pyvis would fall back to the IRI on "".
        small = graph.number_of_nodes() <= READABLE
        label = canvas_text(wrapped(data["text"], 60 if small else 28)) if small or data["kind"] != "claim" else " "
        net.add_node(
            node,
            label=label,
            title=safe_title(f"{data['kind']}: {data['text']}"),
            shape=shape,
            color=colour,
            x=x,
            y=y,
            physics=False,
            size=18 if data["kind"] == "advice" else 12,
            font={"size": 16 if small else 14},
        )
        links[node] = link(node)
        if label.strip():
            size = 18 if data["kind"] == "advice" else 12
            node_labels.append(text_box(x, y + size + 2, label, 16 if small else 14))
    edges = sorted(graph.edges(data=True), key=lambda e: (e[0], e[1], e[2]["relation"]))
    names = {r: canvas_text((relation_names or {}).get(r, r)) for r in RELATIONS}
    offsets = label_offsets([(u, v, names[d["relation"]]) for u, v, d in edges if d["relation"] in TENSIONS], positions, obstacles=node_labels)
    for u, v, data in edges:
        colour, dashes, width = RELATIONS.get(data["relation"], ("#999999", False, 1))
        name = names.get(data["relation"], data["relation"])
        written = {}
        if data["relation"] in TENSIONS:
            # On the line as well as in colour and dash; lifted clear of any other label, on a white ground.
            font = {"size": LABEL_FONT, "align": "horizontal", "background": "white", "strokeWidth": 0, "vadjust": offsets[(u, v, name)]}
            written = {"label": name, "font": font}
        net.add_edge(u, v, color=colour, dashes=dashes, width=width, title=safe_title(name), arrows="to", smooth=False, **written)
    net.toggle_physics(False)
    page = net.generate_html(notebook=False)
    if assets:
        page = VIS_TAG.sub(lambda m: _local_tag(m.group(), assets), page)
    page = REMOTE.sub("", page)
    # Fit the map, but never so small that its type falls under MIN_TEXT_PX: then start at the top (the advice)
    # at the smallest readable scale, and let the reader pan and zoom.
    smallest = math.ceil(MIN_TEXT_PX / LABEL_FONT * 10_000) / 10_000  # rounded up, never under
    click = (
        "<script>\n(function(){var links=" + json.dumps(links).replace("</", "<\\/") + ";\n"
        "network.on('click',function(p){if(p.nodes.length&&links[p.nodes[0]]){"
        "var top=window.top,base=top.location.pathname.replace(/[^/]*$/,'');"
        # The app's own pages, without loading the app again: Streamlit follows a history change.
        "top.history.pushState({},'',base+links[p.nodes[0]]);top.dispatchEvent(new top.PopStateEvent('popstate',{state:{}}));}});"
        f"network.fit();if(network.getScale()<{smallest:.4f}){{var ids=network.body.nodeIndices,top=null;"
        "ids.forEach(function(id){var p=network.getPosition(id);if(top===null||p.y<top.y){top=p;}});"
        f"network.moveTo({{position:{{x:top?top.x:0,y:(top?top.y:0)+({height}/2-60)/{smallest:.4f}}},scale:{smallest:.4f}}});}}"
        "})();\n</script>\n"
    )
    return page.replace("</body>", click + "</body>")


def _local_tag(tag: str, assets: str) -> str:
    """pyvis's CDN tag for vis-network, pointing at the app's own copy instead."""
    if tag.lower().startswith("<link"):
        return f'<link rel="stylesheet" href="{assets}{VIS_FILES[1]}">'
    return f'<script src="{assets}{VIS_FILES[0]}"></script>'


def served_assets() -> str | None:
    """Where the browser finds vis-network on this app (relative to the page), or None to inline it.

    Streamlit serves ``static/`` beside the main script at ``app/static/`` when
    ``server.enableStaticServing`` is on; a map is an ``srcdoc`` frame, so a
    relative address resolves against the page's, also under a base path.
    """
    context = get_script_run_ctx()
    if context is None or not st.get_option("server.enableStaticServing"):
        return None
    return "app/static/" if _has_vis(str(Path(context.main_script_path).parent / "static")) else None


@functools.cache
def _has_vis(folder: str) -> bool:
    """Whether the static folder holds vis-network: looked at once per process, not on every map drawn."""
    return all((Path(folder) / name).is_file() for name in VIS_FILES)
