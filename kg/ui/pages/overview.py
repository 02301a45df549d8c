"""Overzicht: what the report is and what the graph holds (placeholder until the app issue lands)."""

from __future__ import annotations

import streamlit as st

from kg.queries import load_query
from kg.results import to_records
from kg.ui.state import store


def render() -> None:
    st.title("Wijkteams werken aan veiligheid")
    st.caption("Kennisgraaf en argumentatieverkenner · Janneke Witte, november 2022 (NJi met Associatie Wijkteams)")
    counts = to_records(store().select(load_query("counts").text))
    columns = st.columns(4)
    for n, row in enumerate(counts):
        columns[n % 4].metric(row["label"], row["count"])
    st.subheader("Inhoudsopgave")
    for row in to_records(store().select(load_query("section-outline").text)):
        indent = "\u2003" * (int(row["level"]) - 1)
        st.text(f"{indent}{row['title']}")
