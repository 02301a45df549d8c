"""The argument as a network: one model for the app and the exports, scoped to one advice, laid out the same every time."""

from __future__ import annotations

import networkx as nx
import pytest

from kg.explore.network import argument_network, layout, scope_advice, scope_tensions
from tests.helpers import ADVICE, PARTS, REPORT_IRI


@pytest.fixture(scope="module")
def network(store) -> nx.MultiDiGraph:
    return argument_network(store)


def test_one_advice_is_a_map_of_its_premises_their_words_and_their_sources(network):
    view = scope_advice(network, ADVICE)
    premises = sorted(u.removeprefix(PARTS) for u, _, d in view.in_edges(ADVICE, data=True) if d["relation"] == "supports")
    # Read in the report: the three sentences of Sociaal netwerk p1 ("is cruciaal voor het voeren van eigen regie" from
    # the opening chapter speaks of eigen regie, which the report keeps apart from the eigen kracht this advice names).
    assert premises == [
        "claim/sociaal-netwerk/p1/s1",
        "claim/sociaal-netwerk/p1/s2",
        "claim/sociaal-netwerk/p1/s3",
    ]
    words = {u.removeprefix(PARTS): d["quote"] for u, _, d in view.in_edges(ADVICE, data=True)}
    assert words["claim/sociaal-netwerk/p1/s3"] == "versterkt sociale steun de veerkracht"
    sources = sorted(n.rsplit("/", 1)[-1] for n, d in view.nodes(data=True) if d["kind"] == "source")
    assert sources == ["haslam-2018", "ince-2018", "li-2011"]


def test_every_tension_carries_the_words_that_make_it_one(network):
    tensions = scope_tensions(network)
    assert tensions.number_of_edges() == 15
    assert all(d["quote"] for _, _, d in tensions.edges(data=True))


def test_the_model_keeps_a_report_apart_when_asked(store, network):
    scoped = argument_network(store, REPORT_IRI)
    assert scoped.number_of_nodes() > 0 and set(scoped.nodes) <= set(network.nodes)


@pytest.mark.slow
def test_layout_is_the_same_every_time_and_copes_with_a_large_graph():
    big = nx.MultiDiGraph()
    for i in range(600):  # networkx needs scipy from 500 nodes on
        big.add_node(str(i), kind="claim", text="x")
        big.add_edge(str(i), str((i * 7) % 600), relation="supports")
    assert layout(big, "force") == layout(big, "force")
    assert len(layout(big, "hierarchical")) == 600
