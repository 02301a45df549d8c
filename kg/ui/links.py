"""Links that reproduce a view: page path plus query parameters (entity, section, concept, query, lang, report)."""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from kg.ui.i18n import lang

PAGES = {
    "overview": "overzicht",
    "reader": "lezen",
    "entity": "entiteit",
    "search": "zoeken",
    "network": "netwerk",
    "sparql": "sparql",
    "ontology": "ontologie",
    "evidence": "onderbouwing",
    "sources": "bronnen",
    "check": "rapportcontrole",
    "course": "lesmateriaal",
}


def reader_address(root: str) -> str:
    """The absolute address of the reader, ready for a passage's IRI: how a handout links back to the app."""
    return f"{root.rstrip('/')}/{PAGES['reader']}?entity="


def url(page: str, **params: str | None) -> str:
    """A relative link to a page of the app with the current language.

    Relative (no leading slash) so the app also works behind a path prefix.
    """
    query = {k: v for k, v in params.items() if v}
    query["lang"] = query.get("lang") or lang()
    if "report" not in query and st.query_params.get("report"):
        query["report"] = st.query_params["report"]  # keep the chosen report's scope
    path = "./" if page == "overview" else PAGES[page]  # the default page lives at the app's root
    return f"{path}?{urlencode(query)}"


def entity_url(iri: str) -> str:
    return url("entity", entity=iri)


def reader_url(iri: str) -> str:
    return url("reader", entity=iri)
