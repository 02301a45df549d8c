"""The one table of the app's pages, and the one way to make a link to a view: the page's path plus its parameters,
with the view's language and report.

Every link of the app — in the pages, in the network map, in the SPARQL page's
results — comes from here, so each keeps the chosen language and report.
"""

from __future__ import annotations

from urllib.parse import urlencode

from kg.ui.i18n import lang
from kg.ui.url_state import param

# The pages, in the sidebar's order: each name is a module, kg/ui/pages/<name>.py, and a title, the message
# pages.<name>; the value is its path in the address. The router, the links and the tests read this table.
PAGES = {
    "overview": "overzicht",
    "reader": "lezen",
    "evidence": "onderbouwing",
    "sources": "bronnen",
    "course": "lesmateriaal",
    "search": "zoeken",
    "network": "netwerk",
    "entity": "entiteit",
    "check": "rapportcontrole",
    "sparql": "sparql",
    "ontology": "ontologie",
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


def share_address(root: str, collection: str) -> str:
    """The absolute address of a saved collection, in the view's language: what a trainer sends a colleague."""
    return f"{root.rstrip('/')}/{url('course', collection=collection)}"


def url(page: str, **params: str | None) -> str:
    """A relative link to a page of the app with the current language and the chosen report.

    Relative (no leading slash) so the app also works behind a path prefix.
    """
    return _link(page, params)


def entity_url(iri: str, *, readable: bool = False) -> str:
    """The technical view of any resource: its kinds, relations and identifier. ``readable`` keeps ``:`` and ``/``
    as they are, so the IRI in the link still reads as one (the SPARQL page shows its links' IRIs)."""
    return _link("entity", {"entity": iri}, safe=":/" if readable else "")


def thing_url(iri: str, kind: str) -> str:
    """The page a person reads for a node of this kind (a section, an advice, a concept, a source), else the technical view."""
    page = PAGE_OF_KIND.get(kind)
    return url(page, entity=iri) if page else entity_url(iri)


def reader_url(iri: str) -> str:
    return url("reader", entity=iri)


def _link(page: str, params: dict[str, str | None], safe: str = "") -> str:
    query = {k: v for k, v in params.items() if v}
    query["lang"] = query.get("lang") or lang()
    if "report" not in query and param("report"):
        query["report"] = param("report")  # keep the chosen report's scope
    path = "./" if page == "overview" else PAGES[page]  # the default page lives at the app's root
    return f"{path}?{urlencode(query, safe=safe)}"


def shown_param(name: str) -> str:
    """A pattern for a link column's text: the value of ``name`` in the link, wherever the parameter stands."""
    return rf"[?&]{name}=([^&]*)"
