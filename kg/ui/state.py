"""Resources loaded once per process (not per rerun)."""

from __future__ import annotations

import streamlit as st

from kg.pipeline import BUILD_DIR, full_graph
from kg.store import EmbeddedStore


@st.cache_resource(show_spinner="De kennisgraaf wordt geladen…")
def store() -> EmbeddedStore:
    built = BUILD_DIR / "kg.nt"
    if built.exists():
        return EmbeddedStore.from_file(built)
    return EmbeddedStore.from_graph(full_graph().graph)
