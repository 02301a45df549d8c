"""The argument as a network: scoping, deterministic layout, GraphML, SVG (drawn in the app by kg.ui.network_view).

Colour is never the only encoding: every node kind has its own shape and
every relation its own line style, and the same nodes and links are available
as tables. Positions are computed here with a fixed seed, so the same view
always looks the same, and physics is off in the browser.
"""

from __future__ import annotations

import html
import io

import networkx as nx

from kg.sparql.named import records
from kg.sparql.result import Result, is_literal, plain
from kg.sparql.store import Store
from kg.vocab.iris import local_name

MAX_NODES = 300
READABLE = 40  # up to this many nodes every claim gets its words on the canvas
SEED = 7

KINDS = {
    # kind: (vis shape, colour, layer in the hierarchical layout, SVG shape)
    "advice": ("star", "#b5179e", 0, "star"),
    "claim": ("dot", "#4361ee", 1, "circle"),
    "source": ("square", "#2a9d8f", 2, "square"),
    "concept": ("triangle", "#e09f3e", 3, "triangle"),
    "section": ("diamond", "#6c757d", 3, "diamond"),
}
RELATIONS: dict[str, tuple[str, list[int] | bool, float]] = {
    # relation: (colour, dashes, width)
    "supports": ("#4361ee", False, 2),
    "evidence": ("#2a9d8f", [2, 4], 1.5),
    "about": ("#adb5bd", False, 0.7),
    "challenges": ("#d00000", [8, 4], 2.5),
    "qualifies": ("#f77f00", [8, 4], 2),
    "undercuts": ("#9d0208", [2, 6], 2.5),
    "concession": ("#6a4c93", [4, 4], 2),
}


def argument_network(store: Store, report: str | None = None) -> nx.MultiDiGraph:
    """The one model of the argument as a network, for the app's maps and for every export.

    Nodes are claims, advice, sources, concepts and sections, with their kind, text and sections;
    edges are supports, evidence, about and the tensions, and an edge of the argument map carries
    the report's words that justify it (``quote``) and its scheme. With ``report``, that report only.
    """
    nodes = records(store, "network-nodes", report=report)
    links = records(store, "network-links", report=report)
    words = {
        (r["premise"], r["conclusion"], r["relation"]): (r.get("quote") or "", r.get("schemeName") or "")
        for r in records(store, "argument-links", report=report)
    }
    return build_network(nodes, links, words)


def build_network(
    nodes: list[dict[str, str]], links: list[dict[str, str]], words: dict[tuple[str, str, str], tuple[str, str]] | None = None
) -> nx.MultiDiGraph:
    """A network from the rows of network-nodes and network-links; ``words`` gives a link its quote and scheme."""
    kinds: dict[str, tuple[str, str]] = {}
    sections: dict[str, set[str]] = {}
    for row in nodes:
        kinds.setdefault(row["node"], (row["kind"], row["text"]))
        sections.setdefault(row["node"], set())
        if row.get("section"):
            sections[row["node"]].add(row["section"])
    graph = nx.MultiDiGraph()
    for link in sorted(links, key=lambda r: (r["from"], r["to"], r["relation"])):
        for end in (link["from"], link["to"]):
            if end not in graph and end in kinds:
                kind, text = kinds[end]
                graph.add_node(end, kind=kind, text=text, sections=frozenset(sections[end]))
        if link["from"] in graph and link["to"] in graph:
            quote, scheme = (words or {}).get((link["from"], link["to"], link["relation"]), ("", ""))
            graph.add_edge(link["from"], link["to"], relation=link["relation"], quote=quote, scheme=scheme)
    return graph


def triples_network(result: Result, limit: int = 300) -> nx.MultiDiGraph:
    """The first ``limit`` triples of a CONSTRUCT or DESCRIBE answer as a network: values drawn as sources,
    resources as claims, a predicate named like one of :data:`RELATIONS` drawn as that relation, any other as "about"."""
    graph = nx.MultiDiGraph()
    for s, p, o in result.rows[:limit]:
        if not (s and p and o):
            continue
        for term in (s, o):
            graph.add_node(plain(term), kind="source" if is_literal(term) else "claim", text=plain(term))
        name = local_name(plain(p))
        graph.add_edge(plain(s), plain(o), relation=name if name in RELATIONS else "about")
    return graph


def scope_section(graph: nx.MultiDiGraph, section: str) -> nx.MultiDiGraph:
    """The claims and advice of a section (and its subsections) with what they link to."""
    core = {n for n, d in graph.nodes(data=True) if section in d.get("sections", ())}
    return graph.subgraph(_with_neighbours(graph, core)).copy()


def scope_concept(graph: nx.MultiDiGraph, concept: str) -> nx.MultiDiGraph:
    """A concept, the claims and advice about it, the advice they support and their sources."""
    if concept not in graph:
        return nx.MultiDiGraph()
    about = {u for u, _, d in graph.in_edges(concept, data=True) if d["relation"] == "about"}
    supported = {v for u in about for _, v, d in graph.out_edges(u, data=True) if d["relation"] == "supports"}
    evidence = {u for n in about | supported for u, _, d in graph.in_edges(n, data=True) if d["relation"] == "evidence"}
    return graph.subgraph({concept} | about | supported | evidence).copy()


TENSIONS = ("challenges", "qualifies", "undercuts", "concession")


def scope_advice(graph: nx.MultiDiGraph, advice: str) -> nx.MultiDiGraph:
    """One advice as a map to read: the advice, its premises, their sources, and every tension on any of them."""
    if advice not in graph:
        return nx.MultiDiGraph()
    premises = {u for u, _, d in graph.in_edges(advice, data=True) if d["relation"] == "supports"}
    sources = {u for p in premises | {advice} for u, _, d in graph.in_edges(p, data=True) if d["relation"] == "evidence"}
    core = {advice} | premises
    tense = {end for u, v, d in graph.edges(data=True) if d["relation"] in TENSIONS and (u in core or v in core) for end in (u, v)}
    kept = graph.subgraph(core | sources | tense).copy()
    # Only the links that belong to this advice's argument: not the tension ends' own premises.
    for u, v, key, d in list(kept.edges(keys=True, data=True)):
        if (d["relation"] == "supports" and v != advice) or d["relation"] == "about":
            kept.remove_edge(u, v, key)
    return kept


def scope_tensions(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Every tension in the report: the statements on both sides and the relation between them."""
    ends = {end for u, v, d in graph.edges(data=True) if d["relation"] in TENSIONS for end in (u, v)}
    kept = nx.MultiDiGraph()
    kept.add_nodes_from((n, graph.nodes[n]) for n in sorted(ends))
    kept.add_edges_from((u, v, d) for u, v, d in graph.edges(data=True) if d["relation"] in TENSIONS)
    return kept


def chapter_overview(graph: nx.MultiDiGraph, sections: list[tuple[str, str]]) -> list[dict[str, object]]:
    """Per section: how many advice, premises and tensions it holds, to choose one to draw."""
    found = []
    for key, title in sections:
        inside = {n for n, d in graph.nodes(data=True) if key in d.get("sections", ())}
        advice = [n for n in inside if graph.nodes[n]["kind"] == "advice"]
        premises = {u for a in advice for u, _, d in graph.in_edges(a, data=True) if d["relation"] == "supports"}
        tensions = sum(1 for u, v, d in graph.edges(data=True) if d["relation"] in TENSIONS and (u in inside or v in inside))
        if advice or tensions:
            found.append({"section": key, "title": title, "advice": len(advice), "premises": len(premises), "tensions": tensions})
    return found


def scope_node(graph: nx.MultiDiGraph, node: str, hops: int) -> nx.MultiDiGraph:
    """Everything within ``hops`` links of a node, in either direction."""
    if node not in graph:
        return nx.MultiDiGraph()
    reach = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), node, cutoff=hops)
    return graph.subgraph(reach).copy()


def without_about(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The argument proper: drop 'about' links and the concepts only they reached."""
    kept = nx.MultiDiGraph()
    kept.add_nodes_from((n, d) for n, d in graph.nodes(data=True) if d["kind"] != "concept")
    for u, v, d in graph.edges(data=True):
        if d["relation"] != "about" and u in kept and v in kept:
            kept.add_edge(u, v, **d)
    for u, v, d in graph.edges(data=True):
        if d["relation"] in TENSIONS:
            for end in (u, v):
                if end not in kept:
                    kept.add_node(end, **graph.nodes[end])
            kept.add_edge(u, v, **d)
    return kept


def _with_neighbours(graph: nx.MultiDiGraph, core: set[str]) -> set[str]:
    extra = {u for n in core for u in graph.predecessors(n)} | {v for n in core for v in graph.successors(n)}
    return core | extra


def layout(graph: nx.MultiDiGraph, style: str = "hierarchical") -> dict[str, tuple[float, float]]:
    """Positions in pixels; the same graph always gets the same positions."""
    if graph.number_of_nodes() == 0:
        return {}
    ordered = nx.Graph()
    ordered.add_nodes_from(sorted(graph.nodes(data=True)))
    ordered.add_edges_from(sorted((u, v) for u, v in graph.edges()))
    if style == "hierarchical":
        if ordered.number_of_nodes() <= READABLE:  # labelled nodes need room
            # Room for labels of 20 characters a line at 16 px, four to a row: at the map's default zoom (never
            # below 12 px type) a row fits the frame.
            return _layered(ordered, gap=250.0, rise=130.0, per_row=4)
        return _layered(ordered)
    raw = nx.spring_layout(ordered, seed=SEED, k=1.5 / max(1, ordered.number_of_nodes()) ** 0.5)
    scale = 120.0 * max(1.0, ordered.number_of_nodes() ** 0.5)
    return {n: (float(x) * scale, float(y) * scale) for n, (x, y) in raw.items()}


def _layered(graph: nx.Graph, gap: float = 70.0, rise: float = 110.0, per_row: int = 24) -> dict[str, tuple[float, float]]:
    """Advice on top, then claims, sources, concepts; long layers wrap onto several rows."""
    layers: dict[int, list[str]] = {}
    for node, data in graph.nodes(data=True):
        layers.setdefault(KINDS.get(data["kind"], KINDS["claim"])[2], []).append(node)
    positions: dict[str, tuple[float, float]] = {}
    y = 0.0
    for layer in sorted(layers):
        nodes = sorted(layers[layer])
        for row_start in range(0, len(nodes), per_row):
            row = nodes[row_start : row_start + per_row]
            width = (len(row) - 1) * gap
            for i, node in enumerate(row):
                positions[node] = (i * gap - width / 2, y)
            y += rise
        y += rise
    return positions


LABEL_FONT = 14  # px, a tension's name on its line
LABEL_STEP = 20  # px between stacked labels: one step clears a label of LABEL_FONT


Box = tuple[float, float, float, float]  # left, top, right, bottom on the canvas


def text_box(x: float, top: float, text: str, font: int) -> Box:
    """Where a centred block of text lines starting at ``top`` stands (widths estimated at 0.6 em a character)."""
    lines = text.split("\n")
    half = max(len(line) for line in lines) * font * 0.3 + 4
    return (x - half, top, x + half, top + len(lines) * font * 1.25)


def label_offsets(
    edges: list[tuple[str, str, str]], positions: dict[str, tuple[float, float]], font: int = LABEL_FONT, obstacles: list[Box] | None = None
) -> dict[tuple[str, str, str], int]:
    """A vertical offset for each labelled edge (from, to, label) so no two labels overlap on the canvas.

    A label is drawn centred on the middle of its straight line; where it would cover one already placed
    (or one of ``obstacles``, such as the nodes' own labels), it moves up or down in steps until it is clear.

    >>> spots = {"a": (0.0, 0.0), "b": (200.0, 0.0), "c": (0.0, 0.0), "d": (200.0, 0.0)}
    >>> label_offsets([("a", "b", "nuanceert"), ("c", "d", "nuanceert")], spots)
    {('a', 'b', 'nuanceert'): 0, ('c', 'd', 'nuanceert'): 20}
    """
    placed: list[Box] = list(obstacles or [])
    found: dict[tuple[str, str, str], int] = {}
    for edge in edges:
        (x1, y1), (x2, y2) = positions[edge[0]], positions[edge[1]]
        half_w, half_h = len(edge[2]) * font * 0.3 + 4, font * 0.7
        cx, cy = (x1 + x2) / 2, (y1 + y2) / 2
        for step in (0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6, 7, -7, 8, -8):
            box = (cx - half_w, cy + step * LABEL_STEP - half_h, cx + half_w, cy + step * LABEL_STEP + half_h)
            if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
                break
        placed.append(box)
        found[edge] = step * LABEL_STEP
    return found


def short(text: str, limit: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def graphml(graph: nx.MultiDiGraph) -> str:
    plain = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        plain.add_node(node, kind=data["kind"], label=data["text"])
    for u, v, data in graph.edges(data=True):
        plain.add_edge(u, v, relation=data["relation"], quote=data.get("quote", ""), scheme=data.get("scheme", ""))
    buffer = io.BytesIO()
    nx.write_graphml(plain, buffer)
    return buffer.getvalue().decode("utf-8")


def svg(graph: nx.MultiDiGraph, positions: dict[str, tuple[float, float]]) -> str:
    """A static picture of the same view: shapes per kind, line styles per relation."""
    if not positions:
        return '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    pad = 40
    width, height = max(xs) - min(xs) + 2 * pad, max(ys) - min(ys) + 2 * pad

    def at(node: str) -> tuple[float, float]:
        x, y = positions[node]
        return x - min(xs) + pad, y - min(ys) + pad

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" font-family="sans-serif" font-size="9">']
    for u, v, data in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1], e[2]["relation"])):
        colour, dashes, stroke = RELATIONS.get(data["relation"], ("#999", False, 1))
        dash = f' stroke-dasharray="{" ".join(str(d) for d in dashes)}"' if isinstance(dashes, list) else ""
        (x1, y1), (x2, y2) = at(u), at(v)
        parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" stroke-width="{stroke}"{dash}/>')
    for node in sorted(graph.nodes):
        data = graph.nodes[node]
        _, colour, _, shape = KINDS.get(data["kind"], KINDS["claim"])
        x, y = at(node)
        parts.append(_svg_shape(shape, x, y, colour))
        parts.append(f'<text x="{x + 9:.1f}" y="{y + 3:.1f}">{html.escape(short(data["text"], 40))}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def _svg_shape(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{x - 6:.1f}" y="{y - 6:.1f}" width="12" height="12" fill="{colour}"/>'
    if shape == "triangle":
        return f'<polygon points="{x:.1f},{y - 7:.1f} {x - 7:.1f},{y + 6:.1f} {x + 7:.1f},{y + 6:.1f}" fill="{colour}"/>'
    if shape == "diamond":
        return f'<polygon points="{x:.1f},{y - 7:.1f} {x - 7:.1f},{y:.1f} {x:.1f},{y + 7:.1f} {x + 7:.1f},{y:.1f}" fill="{colour}"/>'
    if shape == "star":
        return f'<polygon points="{_star(x, y)}" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="{colour}"/>'


def _star(x: float, y: float, outer: float = 9, inner: float = 4) -> str:
    import math

    points = []
    for k in range(10):
        radius = outer if k % 2 == 0 else inner
        angle = math.pi / 2 + k * math.pi / 5
        points.append(f"{x + radius * math.cos(angle):.1f},{y - radius * math.sin(angle):.1f}")
    return " ".join(points)
