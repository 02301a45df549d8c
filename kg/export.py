"""Exports of the argument: AIF JSON (AIFdb format) and GraphML."""

from __future__ import annotations

import json

import networkx as nx

from kg.queries import load_query
from kg.sparql.result import plain
from kg.sparql.store import Store


def _nodes(store: Store) -> dict[str, tuple[str, str]]:
    table = store.select(load_query("node-labels").text)
    return {plain(row[0]): (plain(row[1]), plain(row[2])) for row in table.rows}


def _links(store: Store) -> list[dict[str, str]]:
    table = store.select(load_query("argument-links").text)
    return [{c: plain(v) for c, v in zip(table.columns, row, strict=True)} for row in table.rows]


def aif_json(store: Store) -> str:
    """The argument as AIF: I-nodes for claims, advice, sources and concepts; RA and CA nodes."""
    labels = _nodes(store)
    links = _links(store)
    nodes: dict[str, dict[str, str]] = {}
    edges: list[dict[str, str]] = []

    def i_node(iri: str) -> str:
        if iri not in nodes:
            kind, text = labels.get(iri, ("", iri))
            nodes[iri] = {"nodeID": str(len(nodes) + 1), "text": text, "type": "I", "iri": iri, "kind": kind}
        return nodes[iri]["nodeID"]

    for link in links:
        scheme = link["scheme"] or f"{link['conclusion']}#evidence-from-{link['premise']}"
        if scheme not in nodes:
            text = {"RA": "Default Inference", "CA": "Default Conflict"}[link["schemeType"]]
            nodes[scheme] = {
                "nodeID": str(len(nodes) + 1),
                "text": text,
                "type": link["schemeType"],
                "iri": scheme,
                "kind": link["relation"],
            }
            edges.append({"fromID": nodes[scheme]["nodeID"], "toID": i_node(link["conclusion"])})
        edges.append({"fromID": i_node(link["premise"]), "toID": nodes[scheme]["nodeID"]})
    unique = sorted({(e["fromID"], e["toID"]) for e in edges}, key=lambda e: (int(e[0]), int(e[1])))
    payload = {
        "nodes": sorted(nodes.values(), key=lambda n: int(n["nodeID"])),
        "edges": [{"edgeID": str(k), "fromID": f, "toID": t} for k, (f, t) in enumerate(unique, start=1)],
        "locutions": [],
    }
    return json.dumps(payload, ensure_ascii=False, indent=1)


def argument_network(store: Store) -> nx.MultiDiGraph:
    """Claims, advice, sources and concepts as nodes; supports/evidence/challenges/... as edges."""
    labels = _nodes(store)
    graph = nx.MultiDiGraph()
    for link in _links(store):
        for iri in (link["premise"], link["conclusion"]):
            kind, text = labels.get(iri, ("", iri))
            graph.add_node(iri, kind=kind, text=text)
        graph.add_edge(link["premise"], link["conclusion"], relation=link["relation"])
    return graph


def graphml(store: Store) -> str:
    from kg.network import graphml as network_graphml

    return network_graphml(argument_network(store))
