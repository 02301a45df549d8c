"""SPARQL: a CodeMirror editor with the example library; read-only, time- and row-limited, in worker processes.

The query that ran lives in the address as ``?query=`` (the SPARQL protocol's name), so a copied link opens the
same query and runs it; ``?example=`` names the example it started from (an old ``?query=<example name>`` link
opens that example). Editing the query marks the result on the page as belonging to an earlier version until
the query runs again.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from kg.explore.network import layout, triples_network
from kg.messages import Count
from kg.sparql.catalogue import NamedQuery, list_queries
from kg.sparql.errors import QueryProblem, QuerySyntaxError
from kg.sparql.limits import Limits
from kg.sparql.result import Result, Term, is_literal, plain
from kg.ui import url_state
from kg.ui.data import rows, sandbox
from kg.ui.escape import md_text
from kg.ui.i18n import lang, localized, t
from kg.ui.links import entity_url, shown_param
from kg.ui.network_view import pyvis_html, served_assets
from kg.ui.sparql_editor import Marker, last_edit, sparql_editor
from kg.ui.url_state import choice
from kg.ui.widgets import download, html_block
from kg.vocab.prefixes import PREFIXES

LIMITS = Limits()
SHOWN = 1000
CELL = 2000  # characters of a value in the table; the downloads have them all
START = "counts"  # the example a visit without a query or an example opens on
# Past this many characters (the query as the address encodes it) a link is not safe: nginx refuses request
# lines over 8 KB by default, and other proxies and servers cut long addresses too.
ADDRESS_LIMIT = 6000
TEXT, DOC, RESULT, TOKEN, SEEN = "sparql_text", "sparql_doc", "sparql_result", "sparql_token", "sparql_seen"
STALE_CSS = "<style>.st-key-sparql_stale_result { opacity: 0.45; }</style>"


@dataclass(frozen=True)
class Ran:
    """The result on the page and the exact text it is the answer to."""

    text: str
    outcome: Result | QueryProblem


def render() -> None:
    st.title(t("pages.sparql"))
    html_block(STALE_CSS)  # drawn before any result, so a result turning stale is dimmed the moment it does
    st.write(t("sparql.intro"))
    examples = {q.name: q for q in list_queries()}
    _complete_the_address(examples)
    _take_the_edit(examples)
    name = choice(st.selectbox, t("sparql.examples"), ["", *examples], "example", page="sparql", format_func=_title_of(examples))
    if name:
        st.caption(f"{examples[name].description_in(lang())} — {examples[name].audience_in(lang())}")
    _follow_the_address(examples, name)
    ran: Ran | None = url_state.remembered(RESULT)
    sparql_editor(
        text=url_state.remembered(TEXT),
        doc=url_state.remembered(DOC),
        ran=ran.text if ran else None,
        ran_token=url_state.remembered(TOKEN),
        error=_marker(ran),
        words=_words(),
        prefixes=PREFIXES,
        terms=_terms(),
    )
    _about_the_address(ran)
    with st.expander(t("sparql.prefixes")):
        st.code("\n".join(f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items()), language="sparql")
    with st.expander(t("sparql.keys_title")):
        st.markdown(t("sparql.keys_table"))
    if ran is not None:
        _result(ran, stale=url_state.remembered(TEXT) != ran.text)


def _title_of(examples: dict[str, NamedQuery]) -> Any:
    return lambda name: examples[name].title(lang()) if name else t("sparql.own_query")


def _complete_the_address(examples: dict[str, NamedQuery]) -> None:
    """Before the example choice reads the address: an old link's ``?query=<example name>`` names an example; a
    visit with neither parameter opens on the first example, or, back from another page, on what it showed."""
    query, example = url_state.read("query"), url_state.read("example")
    if query in examples and example is None:
        url_state.put("example", query)
        url_state.put("query", None)
    elif query is None and example is None:
        seen = url_state.remembered(SEEN)
        url_state.put("query", seen[0] if seen else None)
        url_state.put("example", seen[1] if seen else START)


def _follow_the_address(examples: dict[str, NamedQuery], name: str | None) -> None:
    """When the address changed outside the editor (a link followed, an example chosen): show what it names.
    A query in the address runs at once, so a link gives its result too."""
    address = (url_state.read("query"), name or "")
    seen: tuple[str | None, str] | None = url_state.remembered(SEEN)
    if address == seen:
        return
    query, example = address
    if query is not None and (seen is None or query != seen[0]):
        _load(query)
        _run(query)
    elif example and (seen is None or example != seen[1]):
        _load(examples[example].body)
        url_state.forget(RESULT)
        url_state.put("query", None)
    elif seen is None:
        _load("")
    url_state.remember(SEEN, (url_state.read("query"), name or ""))


def _load(text: str) -> None:
    """Replace what the editor shows (a new document number tells the editor to take the text)."""
    url_state.remember(TEXT, text)
    url_state.remember(DOC, url_state.remembered(DOC, 0) + 1)


def _take_the_edit(examples: dict[str, NamedQuery]) -> None:
    """What the editor sent since the last run of this page: its text, and a run when the user asked for one.

    Read before the example choice is drawn: a query changed from its example runs as the user's own, so the
    page no longer describes it as that example."""
    edit = last_edit()
    if edit is None:
        return
    asked = edit.run is not None and edit.run != url_state.remembered(TOKEN)
    if asked:
        url_state.remember(TOKEN, edit.run)  # answered either way, so the editor stops waiting
    if edit.doc != url_state.remembered(DOC):
        return  # typed into a text the page has replaced since
    url_state.remember(TEXT, edit.text)
    if asked:
        example = examples.get(url_state.read("example") or "")
        if example is not None and example.body != edit.text:
            url_state.put("example", None)
        _run(edit.text)


def _run(text: str) -> None:
    try:
        outcome: Result | QueryProblem = sandbox().run(text, timeout=LIMITS.timeout, max_rows=LIMITS.max_rows, max_bytes=LIMITS.max_bytes)
    except QueryProblem as problem:
        outcome = problem
    url_state.remember(RESULT, Ran(text, outcome))
    url_state.put("query", text if _fits(text) else None)
    url_state.remember(SEEN, (url_state.read("query"), url_state.read("example") or ""))


def _fits(text: str) -> bool:
    return len(urlencode({"query": text})) <= ADDRESS_LIMIT


def _marker(ran: Ran | None) -> Marker | None:
    """Where the editor marks the error of the query that ran."""
    problem = ran.outcome if ran is not None else None
    if not isinstance(problem, QuerySyntaxError) or problem.line is None:
        return None
    where = t("sparql.where", line=problem.line, column=problem.column)
    return Marker(problem.line, problem.column or 1, f"{t('sparql.error')}{where}: {problem.detail_in(lang())}")


def _words() -> dict[str, str]:
    keys = ("run", "running", "stale_short", "keys", "editor_label", "placeholder")
    return {"lang": lang(), **{key: t(f"sparql.{key}") for key in keys}}


def _terms() -> list[dict[str, str]]:
    """The ontology's terms for completion after ``wtv:``, each with its label in the view's language."""
    base = PREFIXES["wtv"]
    return [
        {"prefix": "wtv", "name": r["term"][len(base) :], "kind": r["type"], "label": localized(r, "labelNl", "labelEn")}
        for r in rows("ontology-terms")
        if r["term"].startswith(base)
    ]


def _about_the_address(ran: Ran | None) -> None:
    """What a link to this page carries, and what happens to a query too long for one."""
    limit = Count(ADDRESS_LIMIT)  # grouped as the view's language writes thousands
    if ran is not None and not _fits(ran.text):
        st.info(t("sparql.too_long", max=limit))
        download(st, t("sparql.download_query"), lambda: ran.text, "query.rq", "application/sparql-query")
    else:
        st.caption(t("sparql.address", max=limit))


def _result(ran: Ran, *, stale: bool) -> None:
    """The result, dimmed and labelled as an earlier query's once the editor's text differs from what ran."""
    if stale:
        st.warning(t("sparql.stale"))
        with st.expander(t("sparql.ran_query")):
            st.code(ran.text, language="sparql", line_numbers=True)
    with st.container(key="sparql_stale_result" if stale else "sparql_result"):
        if isinstance(ran.outcome, QueryProblem):
            _problem(ran.outcome)
        else:
            _show(ran.outcome)


def _problem(problem: QueryProblem) -> None:
    """Every message as plain text: it may quote what the user typed."""
    if problem.kind == "refused":
        st.warning(f"{t('sparql.refused')} {md_text(problem.message(lang()))}")
    elif problem.kind == "timeout":
        st.error(t("sparql.timeout", seconds=int(LIMITS.timeout)))
    elif isinstance(problem, QuerySyntaxError):
        where = t("sparql.where", line=problem.line, column=problem.column) if problem.line else ""
        st.error(f"{t('sparql.error')}{where}: {md_text(problem.detail_in(lang()))}")
    else:
        st.error(md_text(problem.message(lang())))


def _show(outcome: Result) -> None:
    if outcome.form == "ask":
        st.success(str(outcome.boolean).lower())
        return
    if not outcome.total:
        st.info(t("sparql.no_rows"))  # a grid that says "empty" tells a newcomer nothing about why
        return
    frame = _frame(outcome, CELL)
    if outcome.cut_at_bytes:
        st.caption(t("sparql.cut_at_bytes", n=outcome.total, kept=len(outcome.rows), cap=len(frame), mb=outcome.cut_at_bytes >> 20))
    else:
        st.caption(t("sparql.capped", n=outcome.total, cap=len(frame)) if outcome.total > len(frame) else t("sparql.rows", n=outcome.total))
    st.dataframe(_linked(frame, outcome), hide_index=True, column_config=_link_columns(outcome))
    # Written when pressed, with every character, not on every rerun: each would hold another copy of the answer.
    left, right = st.columns(2)
    download(left, t("sparql.download_csv"), functools.partial(_csv, outcome), "resultaten.csv", "text/csv")
    download(right, t("sparql.download_json"), functools.partial(_json, outcome), "resultaten.json", "application/json")
    if outcome.form == "graph" and st.checkbox(t("sparql.as_network")):
        _network(outcome)


def _frame(outcome: Result, cell: int | None = None) -> pd.DataFrame:
    """The rows shown (or downloaded) as text; in the table a long value is cut at ``cell`` characters."""

    def text(term: Term | None) -> str:
        value = plain(term)
        return value[:cell] + "…" if cell and is_literal(term) and len(value) > cell else value

    return pd.DataFrame([[text(c) for c in row] for row in outcome.rows[:SHOWN]], columns=outcome.columns)


def _csv(outcome: Result) -> str:
    return str(_frame(outcome).to_csv(index=False))


def _json(outcome: Result) -> str:
    return json.dumps(_frame(outcome).to_dict(orient="records"), ensure_ascii=False, indent=1)


def _linked(frame: pd.DataFrame, outcome: Result) -> pd.DataFrame:
    """IRI cells become links to their entity page; the IRI stays readable in the link text."""
    shown = frame.copy()
    for column in outcome.iri_columns(SHOWN):
        # Slashes and colons stay as they are, so the link text (taken from the URL) still reads as the IRI.
        shown[column] = [entity_url(v, readable=True) if v else "" for v in shown[column]]
    return shown


def _link_columns(outcome: Result) -> dict[str, Any]:
    return {c: st.column_config.LinkColumn(c, display_text=shown_param("entity")) for c in outcome.iri_columns(SHOWN)}


def _network(outcome: Result) -> None:
    graph = triples_network(outcome)
    st.iframe(pyvis_html(graph, layout(graph, "force"), entity_url, assets=served_assets()), height=560)
