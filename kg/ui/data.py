"""Resources loaded once per process (not per rerun), and cached query results."""

from __future__ import annotations

import functools
import logging
from typing import NoReturn

import networkx as nx
import streamlit as st

from kg import settings
from kg.explore.argument_view import ArgumentView, argument_view
from kg.explore.course import Item, collect
from kg.explore.network import argument_network as network_model
from kg.explore.search import Document, SearchIndex
from kg.sparql.named import is_iri, parameters, records
from kg.sparql.sandbox import Sandbox
from kg.sparql.store import Store, open_sandbox, open_store
from kg.ui.i18n import lang, localized, t
from kg.ui.url_state import param
from kg.vocab.iris import local_name


def _not_built(err: settings.GraphNotBuilt) -> NoReturn:
    """The app never builds the graph (``./run app`` does, with ``kg build``): a page that finds none says how to make one and stops."""
    st.error(t("app.not_built", path=str(err.path)))
    st.stop()


@st.cache_resource(show_spinner=False)
def store() -> Store:
    """The SPARQL endpoint in $KG_SPARQL_ENDPOINT, else the built graph ($KG_GRAPH, else build/kg.nt)."""
    try:
        return open_store()
    except settings.GraphNotBuilt as err:
        _not_built(err)


@st.cache_resource(show_spinner=False)
def sandbox() -> Sandbox:
    """Where typed SPARQL runs, chosen as the store is: the endpoint, else worker processes over the built graph."""
    try:
        return open_sandbox()
    except settings.GraphNotBuilt as err:
        _not_built(err)


@st.cache_data(show_spinner=False, max_entries=512)
def _rows(name: str, **bindings: str) -> list[dict[str, str]]:
    return records(store(), name, **bindings)


# With more reports than this and none chosen, the pages show them this many at a time: every query a page asks
# is then bound to one report, so a page takes as long for ten thousand reports as for ten.
AT_ONCE = 10


def rows(name: str, **bindings: str) -> list[dict[str, str]]:
    """A named query's rows as plain strings; IRI parameters given as strings.

    A query with a ``report`` parameter is scoped to the report chosen in the
    sidebar (``?report=``) unless the caller binds it; with none chosen it spans
    every loaded report, or, with more than :data:`AT_ONCE` of them, the reports
    of the page of reports in view (:func:`reports_in_view`), each asked alone.
    """
    for key, value in bindings.items():
        if value and not is_iri(value):
            _bad_link(key, value)
    if "report" not in bindings and _takes_report(name):
        return [row for report in report_bindings() for row in _rows(name, **bindings, report=report or "")]
    return _rows(name, **bindings)


def report_bindings() -> list[str | None]:
    """How a question about the view is asked: for the chosen report; for every report at once (None) when they
    are few; else once for each report of the page in view, so that it costs the same at ten thousand as at ten."""
    chosen = current_report()
    if chosen or not many_reports():
        return [chosen]
    return list(reports_in_view())


def course_material(theme: str) -> list[Item]:
    """A theme's course material in the reports in view (:func:`report_bindings`): asked report by report past a
    page of them, where what two reports share (a concept, a source) is one item; collected once per theme,
    language and report, not on every rerun of the page."""
    bindings = report_bindings()
    if len(bindings) == 1:
        return _course_items(theme, lang(), bindings[0])
    found: dict[tuple[str, str], Item] = {}
    for report in bindings:
        for item in _course_items(theme, lang(), report):
            found.setdefault((item.kind, item.iri), item)
    return list(found.values())


@st.cache_data(show_spinner=False, max_entries=256)
def _course_items(theme: str, language: str, report: str | None) -> list[Item]:
    return collect(store(), theme, language, report)


def concept_everything(concept: str) -> list[dict[str, str]]:
    """What the reports in view say about a concept (``concept-everything``), each part once.

    Asked report by report, the concept's own parts (its definition, its neighbours) and a source two reports
    cite come back once per report: they are kept once, whichever report gave them."""
    seen: set[tuple[tuple[str, str], ...]] = set()
    kept = []
    for row in rows("concept-everything", concept=concept):
        key = tuple(sorted((k, v) for k, v in row.items() if k != "report"))
        if key not in seen:
            seen.add(key)
            kept.append(row)
    return kept


def concept_names() -> dict[str, str]:
    """Every concept's name in the view's language (Dutch where it has no English name)."""
    return {r["concept"]: localized(r, "labelNl", "labelEn") for r in rows("concepts")}


def evidence_word(group: str, code: str, *, definition: bool = False) -> str:
    """The ontology's name (or definition) of an evidence level, gap group or route, in the view's language.

    ``group`` is ``level``, ``gap`` or ``route``; ``code`` the notation the queries return (``peer-reviewed``)."""
    for r in rows("evidence-words"):
        if r["group"] == group and r["code"] == code:
            return localized(r, "definitionNl", "definitionEn") if definition else localized(r, "labelNl", "labelEn")
    return code


def class_names() -> dict[str, str]:
    """Every class of the ontology by its label in the view's language."""
    return {r["term"]: localized(r, "labelNl", "labelEn") or local_name(r["term"]) for r in rows("ontology-terms") if r["type"] == "class"}


def _bad_link(key: str, value: str) -> None:
    """A link with a broken parameter: a plain message for the visitor, the details in the log, and the page stops."""
    logging.getLogger(__name__).warning("bad link parameter %s=%r", key, value[:500])
    st.error(t("errors.bad_link", param=key))
    st.stop()


@functools.cache
def _takes_report(name: str) -> bool:
    """Whether a named query declares a ``report`` parameter (read once, not on every rerun)."""
    return "report" in parameters(name)


def report_list() -> tuple[str, ...]:
    """Every report in the graph, in the order of their IRIs (read once per process)."""
    return _reports()[0]


@st.cache_resource(show_spinner=False)
def _reports() -> tuple[tuple[str, ...], frozenset[str]]:
    # Sorted here and without titles: at 10,000 reports Oxigraph's ORDER BY takes 0.4 s and the titles 0.2 s more,
    # where a page names ten reports (report_title). Kept as one object, not copied on every call.
    found = tuple(sorted(r["report"] for r in records(store(), "reports")))  # not also kept in _rows' cache
    return found, frozenset(found)


def report_title(report: str) -> str:
    """A report's title, asked for the reports a page names (``report-info``, once each)."""
    return next((r["title"] for r in _rows("report-info", report=report)), local_name(report))


def many_reports() -> bool:
    """Whether there are more reports than the pages show at once."""
    return len(report_list()) > AT_ONCE


def report_pages() -> int:
    """How many pages of :data:`AT_ONCE` reports there are."""
    return max(1, -(-len(report_list()) // AT_ONCE))


def report_page() -> int:
    """The page of reports in view (``?reports=``), from 1."""
    raw = param("reports")
    return int(raw) if raw.isdigit() and 1 <= int(raw) <= report_pages() else 1


def reports_in_view() -> list[str]:
    """The reports the pages show: the chosen one; else all of them when they are few; else the page of them in view."""
    chosen = current_report()
    if chosen:
        return [chosen]
    everything = list(report_list())
    if len(everything) <= AT_ONCE:
        return everything
    start = (report_page() - 1) * AT_ONCE
    return everything[start : start + AT_ONCE]


def loaded_reports() -> list[dict[str, str]]:
    """The reports in view (:func:`reports_in_view`): IRI, title, author, date."""
    if current_report() or many_reports():
        return [row for report in reports_in_view() for row in _rows("report-info", report=report)]
    return _rows("report-info")


def report_titled(items: list[dict[str, str]], key: str) -> dict[str, str]:
    """Each item's ``title`` by its ``key``, with its report's title in front when several reports are shown together."""
    if len(report_list()) < 2 or current_report():
        return {r[key]: r["title"] for r in items}
    return {r[key]: f"{report_title(r['report'])}: {r['title']}" if r.get("report") else r["title"] for r in items}


def current_report() -> str | None:
    """The report the pages are scoped to (the ``report`` URL parameter), or None for all of them."""
    chosen = param("report")
    return chosen if chosen and chosen in _reports()[1] else None


def _scope(report: str | None) -> tuple[str, ...]:
    """The reports a whole-view model (the search index, the network, the references) covers: one, all (``()``), or the page in view."""
    if report:
        return (report,)
    return tuple(reports_in_view()) if many_reports() else ()


def search_index(report: str | None = None) -> SearchIndex:
    """The search index of one report's documents (or those of all reports in view), built once per process."""
    return _search_index(_scope(report))


@st.cache_resource(show_spinner=False, max_entries=64)
def _search_index(reports: tuple[str, ...]) -> SearchIndex:
    documents: dict[str, Document] = {}
    found = [row for report in reports for row in _rows("search-documents", report=report)] if reports else _rows("search-documents", report="")
    for r in found:
        # Without a report, a work cited by several reports comes once per report: index it once.
        documents.setdefault(
            r["node"],
            Document(
                node=r["node"],
                kind=r["kind"],
                text=r["text"],
                section=r["section"],
                section_title=r["sectionTitle"],
                concepts=tuple(sorted(c for c in r["concepts"].split("|") if c)),
                source_kind=r["sourceKind"],
            ),
        )
    return SearchIndex(list(documents.values()))


def argument_network(report: str | None = None) -> nx.MultiDiGraph:
    """The argument network of one report (or of all reports in view), built once per process (network and entity pages share it)."""
    return _argument_network(_scope(report))


@st.cache_resource(show_spinner=False, max_entries=64)
def _argument_network(reports: tuple[str, ...]) -> nx.MultiDiGraph:
    if not reports:
        return network_model(store(), None)
    return nx.compose_all([network_model(store(), report) for report in reports])


@st.cache_data(show_spinner=False, max_entries=128)
def argument_of(advice: str) -> ArgumentView | None:
    """One advice's argument as cards (premises, sources, tensions), built once per advice, not per rerun."""
    return argument_view(store(), advice)


def references(selection: tuple[str, ...], fmt: str, locale: str) -> str:
    """The references of a set of sources in one format. APA is the list the page shows (:func:`apa_list`), in the
    view's language, as plain text: formatted once for both."""
    return _references(selection, fmt, locale, _scope(current_report()))


@st.cache_data(show_spinner=False, max_entries=256)
def _references(selection: tuple[str, ...], fmt: str, locale: str, reports: tuple[str, ...]) -> str:
    # citeproc runs once per selection and view, not per rerun
    from kg.explore.cite import FORMATTERS, plain_references, sources

    if fmt == "apa":
        return plain_references(_apa_list(selection, locale, True, reports))
    return str(FORMATTERS[fmt]([s.csl for s in sources(store(), set(selection), reports)]))


@st.cache_data(show_spinner=False, max_entries=64)
def report_reference(report: str) -> str:
    """A report's own APA reference, from its metadata (two queries, run once per report, not per rerun)."""
    from kg.explore.cite import report_reference as reference

    return reference(store(), report)


def apa_list(selection: tuple[str, ...], locale: str, html: bool = False) -> list[str]:
    """APA references; with ``html`` in citeproc's markup (``<i>`` where APA italicises), for handouts. A website's
    consultation date is the latest that the reports in view give (:func:`_scope`)."""
    return _apa_list(selection, locale, html, _scope(current_report()))


@st.cache_data(show_spinner=False, max_entries=256)
def _apa_list(selection: tuple[str, ...], locale: str, html: bool, reports: tuple[str, ...]) -> list[str]:
    from kg.explore.cite import apa, sources

    return apa([s.csl for s in sources(store(), set(selection), reports)], locale=locale, html=html)


def app_root() -> str | None:
    """The address this app is reached at (so a handout links back to it, whatever the port), or None outside a browser."""
    try:
        address = st.context.url
    except Exception:
        return None
    if not address:
        return None
    from urllib.parse import urlsplit

    parts = urlsplit(address)
    return f"{parts.scheme}://{parts.netloc}{parts.path.rsplit('/', 1)[0]}/"  # the page's own path segment dropped
