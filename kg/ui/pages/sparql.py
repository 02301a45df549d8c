"""SPARQL: an editor with the example library; read-only, time- and row-limited, in worker processes."""

from __future__ import annotations

import functools
import json
from typing import Any
from urllib.parse import quote

import pandas as pd
import pyoxigraph as ox
import streamlit as st

from kg.explore.network import RELATIONS, layout
from kg.sparql.catalogue import list_queries
from kg.sparql.errors import QueryProblem, QuerySyntaxError
from kg.sparql.result import Result, Term, plain
from kg.ui.i18n import lang, t
from kg.ui.links import PAGES
from kg.ui.network_view import pyvis_html, served_assets
from kg.ui.state import sandbox
from kg.ui.url_state import choice
from kg.ui.widgets import md_text
from kg.vocab.iris import local_name
from kg.vocab.prefixes import PREFIXES

TIMEOUT = 10.0
MAX_ROWS = 5000
MAX_BYTES = 16 << 20  # an answer kept in a session: rows alone did not bound it (5,000 rows of 74 KB)
SHOWN = 1000
CELL = 2000  # characters of a value in the table; the downloads have them all


def render() -> None:
    st.write(t("sparql.intro"))
    examples = {q.name: q for q in list_queries()}
    titles = {q.title(lang()): q.name for q in examples.values()}
    names = {name: title for title, name in titles.items()}
    name = choice(st.selectbox, t("sparql.examples"), list(names), "query", page="sparql", format_func=names.__getitem__) or next(iter(names))
    example = examples[name]
    st.caption(f"{example.description} — {example.audience}")
    if st.session_state.get("sparql_example") != name:
        st.session_state["sparql_example"] = name
        st.session_state["sparql_text"] = example.text
    with st.expander(t("sparql.prefixes")):
        st.code("\n".join(f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items()), language="sparql")
    text = st.text_area(t("sparql.editor"), key="sparql_text", height=260)
    with st.expander(t("sparql.preview"), expanded=False):
        st.code(text, language="sparql", line_numbers=True)
    if st.button(t("sparql.run"), type="primary"):
        st.session_state["sparql_outcome"] = _run(text)
    outcome: Result | QueryProblem | None = st.session_state.get("sparql_outcome")
    if isinstance(outcome, QueryProblem):
        _problem(outcome)
    elif outcome is not None:
        _show(outcome)


def _run(text: str) -> Result | QueryProblem:
    try:
        return sandbox().run(text, timeout=TIMEOUT, max_rows=MAX_ROWS, max_bytes=MAX_BYTES)
    except QueryProblem as problem:
        return problem


def _problem(problem: QueryProblem) -> None:
    """Every message as plain text: it may quote what the user typed."""
    if problem.kind == "refused":
        st.warning(f"{t('sparql.refused')} {md_text(problem.message(lang()))}")
    elif problem.kind == "timeout":
        st.error(t("sparql.timeout", seconds=int(TIMEOUT)))
    elif isinstance(problem, QuerySyntaxError):
        where = t("sparql.where", line=problem.line, column=problem.column) if problem.line else ""
        st.error(f"{t('sparql.error')}{where}: {md_text(problem.detail_in(lang()))}")
    else:
        st.error(md_text(problem.message(lang())))


def _show(outcome: Result) -> None:
    if outcome.form == "ask":
        st.success(str(outcome.boolean).lower())
        return
    frame = _frame(outcome, CELL)
    if outcome.cut_at_bytes:
        st.caption(t("sparql.cut_at_bytes", n=outcome.total, kept=len(outcome.rows), cap=len(frame), mb=outcome.cut_at_bytes >> 20))
    else:
        st.caption(t("sparql.capped", n=outcome.total, cap=len(frame)) if outcome.total > len(frame) else t("sparql.rows", n=outcome.total))
    st.dataframe(_linked(frame, outcome), hide_index=True, column_config=_link_columns(outcome))
    # Written when pressed, with every character, not on every rerun: each would hold another copy of the answer.
    left, right = st.columns(2)
    left.download_button(t("sparql.download_csv"), functools.partial(_csv, outcome), file_name="resultaten.csv", mime="text/csv", on_click="ignore")
    right.download_button(t("sparql.download_json"), functools.partial(_json, outcome), file_name="resultaten.json", mime="application/json", on_click="ignore")
    if outcome.form == "graph" and st.checkbox(t("sparql.as_network")):
        _network(outcome)


def _frame(outcome: Result, cell: int | None = None) -> pd.DataFrame:
    """The rows shown (or downloaded) as text; in the table a long value is cut at ``cell`` characters."""

    def text(term: Term | None) -> str:
        value = plain(term)
        return value[:cell] + "…" if cell and isinstance(term, ox.Literal) and len(value) > cell else value

    return pd.DataFrame([[text(c) for c in row] for row in outcome.rows[:SHOWN]], columns=outcome.columns)


def _csv(outcome: Result) -> str:
    return str(_frame(outcome).to_csv(index=False))


def _json(outcome: Result) -> str:
    return json.dumps(_frame(outcome).to_dict(orient="records"), ensure_ascii=False, indent=1)


def _iri_columns(outcome: Result) -> list[str]:
    return [c for i, c in enumerate(outcome.columns) if any(isinstance(row[i], ox.NamedNode) for row in outcome.rows[:SHOWN])]


def _linked(frame: pd.DataFrame, outcome: Result) -> pd.DataFrame:
    """IRI cells become links to their entity page; the IRI stays readable in the link text."""
    shown = frame.copy()
    for column in _iri_columns(outcome):
        # Slashes and colons stay as they are, so the link text (taken from the URL) still reads as the IRI.
        shown[column] = [f"{PAGES['entity']}?lang={lang()}&entity={quote(v, safe=':/')}" if v else "" for v in shown[column]]
    return shown


def _link_columns(outcome: Result) -> dict[str, Any]:
    return {c: st.column_config.LinkColumn(c, display_text=r"entity=(.*)$") for c in _iri_columns(outcome)}


def _network(outcome: Result) -> None:
    import networkx as nx

    graph = nx.MultiDiGraph()
    for s, p, o in (row for row in outcome.rows[:300]):
        if not (s and p and o):
            continue
        for term in (s, o):
            graph.add_node(plain(term), kind="source" if isinstance(term, ox.Literal) else "claim", text=plain(term))
        name = local_name(plain(p))
        graph.add_edge(plain(s), plain(o), relation=name if name in RELATIONS else "about")
    st.iframe(pyvis_html(graph, layout(graph, "force"), lang(), assets=served_assets()), height=560)
