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
    "section": "sectie",
    "advice": "advies",
    "concept": "begrip",
    "source": "bron",
}
# Pages a link reaches but the menu does not list: one per thing a reader looks for.
HIDDEN = ("section", "advice", "concept", "source")
# The page for each kind of node a query or the network names; anything else opens the technical entity page.
PAGE_OF_KIND = {"section": "section", "advice": "advice", "concept": "concept", "source": "source"}


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
    """The technical view of any resource: its kinds, relations and identifier."""
    return url("entity", entity=iri)


def thing_url(iri: str, kind: str) -> str:
    """The page a person reads for a node of this kind (a section, an advice, a concept, a source), else the technical view."""
    page = PAGE_OF_KIND.get(kind)
    return url(page, entity=iri) if page else entity_url(iri)


def reader_url(iri: str) -> str:
    return url("reader", entity=iri)
