"""Resources loaded once per process (not per rerun), and cached query results."""

from __future__ import annotations

import os
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import streamlit as st

from kg.network import build_network
from kg.pipeline import BUILD_DIR, full_graph
from kg.queries import load_query
from kg.results import to_records
from kg.sandbox import SandboxPool
from kg.search import Document, SearchIndex
from kg.serialize import canonical_nt, write_atomic
from kg.store import Store, open_store


def graph_file() -> Path:
    """The graph the app shows: $KG_GRAPH, else build/kg.nt (built once if missing; ``./run app`` builds it first)."""
    if os.environ.get("KG_GRAPH"):
        return Path(os.environ["KG_GRAPH"])
    path = BUILD_DIR / "kg.nt"
    if not path.exists():
        write_atomic({path: canonical_nt(full_graph().graph)})
    return path


@st.cache_resource(show_spinner=False)
def store() -> Store:
    """The embedded graph, or the SPARQL endpoint in $KG_SPARQL_ENDPOINT."""
    if os.environ.get("KG_SPARQL_ENDPOINT"):
        return open_store(endpoint=os.environ["KG_SPARQL_ENDPOINT"])
    return open_store(graph_file())


@st.cache_resource(show_spinner=False)
def sandbox() -> SandboxPool:
    return SandboxPool(graph_file(), workers=2)


@st.cache_data(show_spinner=False, max_entries=512)
def rows(name: str, **bindings: str) -> list[dict[str, str]]:
    """A named query's rows as plain strings; IRI parameters given as strings."""
    terms = {k: ox.NamedNode(v) for k, v in bindings.items() if v}
    return to_records(store().select(load_query(name).text, terms))


@st.cache_resource(show_spinner=False)
def search_index() -> SearchIndex:
    documents = [
        Document(
            node=r["node"],
            kind=r["kind"],
            text=r["text"],
            section=r["section"],
            section_title=r["sectionTitle"],
            concepts=tuple(c for c in r["concepts"].split("|") if c),
            source_kind=r["sourceKind"],
        )
        for r in rows("search-documents")
    ]
    return SearchIndex(documents)


@st.cache_resource(show_spinner=False)
def argument_network() -> nx.MultiDiGraph:
    """The whole argument network, built once per process (network and entity pages share it)."""
    return build_network(rows("network-nodes"), rows("network-links"))


@st.cache_data(show_spinner=False, max_entries=256)
def references(selection: tuple[str, ...], fmt: str) -> str:
    """The references of a set of sources in one format (citeproc runs once per selection, not per rerun)."""
    from kg.cite import FORMATTERS, sources

    return str(FORMATTERS[fmt]([s.csl for s in sources(store(), set(selection))]))


@st.cache_data(show_spinner=False, max_entries=256)
def apa_list(selection: tuple[str, ...], locale: str) -> list[str]:
    from kg.cite import apa, sources

    return apa([s.csl for s in sources(store(), set(selection))], locale=locale)
