"""How the app draws a map: vis-network from the app's own static folder, or inlined; never from outside."""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pytest
import pyvis

from kg.settings import ROOT
from kg.ui.network_view import VIS_FILES, pyvis_html

OUTSIDE = re.compile(r"<(?:script|link)\b[^>]*(?:src|href)\s*=\s*[\"']https?://", re.IGNORECASE)


@pytest.fixture
def two_nodes() -> tuple[nx.MultiDiGraph, dict[str, tuple[float, float]]]:
    graph = nx.MultiDiGraph()
    graph.add_node("https://e.org/a", kind="advice", text="Een advies")
    graph.add_node("https://e.org/c", kind="claim", text="Een bewering")
    graph.add_edge("https://e.org/c", "https://e.org/a", relation="supports")
    return graph, {"https://e.org/a": (0.0, 0.0), "https://e.org/c": (0.0, 100.0)}


def test_a_map_loads_vis_network_from_the_apps_static_folder(two_nodes):
    page = pyvis_html(*two_nodes, assets="app/static/")
    assert '<script src="app/static/vis-network.min.js"></script>' in page
    assert '<link rel="stylesheet" href="app/static/vis-network.css">' in page
    assert not OUTSIDE.search(page)
    assert len(page) < 50_000  # the nodes and links, not the library
    assert "Een advies" in page and "entiteit?entity=" in page


def test_without_a_static_folder_the_library_is_inlined(two_nodes):
    page = pyvis_html(*two_nodes)
    assert not OUTSIDE.search(page) and "app/static/" not in page
    assert len(page) > 400_000 and "vis-network" in page


@pytest.mark.parametrize(("served", "bundled"), [("vis-network.min.js", "vis-network.min.js"), ("vis-network.css", "vis-network.css")])
def test_the_served_copy_is_the_one_pyvis_bundles(served, bundled):
    """static/ holds pyvis's own vis-network; a pyvis upgrade that changes it shows here."""
    assert served in VIS_FILES
    bundle = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / bundled
    assert (ROOT / "static" / served).read_bytes() == bundle.read_bytes()
