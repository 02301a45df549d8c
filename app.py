"""Streamlit entry point: a router over the pages, nothing else.

A view opens from its URL path (``/entiteit?entity=...``) or from the ``page``
query parameter (``/?page=entiteit&entity=...``), so links in slides and memos
keep working.

The router runs only under ``__main__`` (which is how Streamlit runs this
file): the SPARQL worker processes start by importing this module as
``__mp_main__``, and must not run the app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable


def _page(name: str) -> Callable[[], None]:
    """The page's render, its module imported when the page is first shown: a restart then imports only the
    page it opens on (the sources and course pages alone take half a second of pandas and python-docx)."""
    import importlib

    def render() -> None:
        importlib.import_module(f"kg.ui.pages.{name}").render()

    render.__name__, render.__module__ = name, f"kg.ui.pages.{name}"
    return render


def _warm_pages(names: tuple[str, ...]) -> None:
    """Import the other pages once per process, after the first page is drawn, so the first click on each
    does not wait for its imports either (cached as a resource: one thread per server, not per rerun)."""
    import importlib
    import threading

    import streamlit as st

    @st.cache_resource(show_spinner=False)
    def start(names: tuple[str, ...]) -> threading.Thread:
        thread = threading.Thread(target=lambda: [importlib.import_module(f"kg.ui.pages.{n}") for n in names], name="warm-pages", daemon=True)
        thread.start()
        return thread

    start(names)


def main() -> None:
    import streamlit as st

    from kg.ui.i18n import t
    from kg.ui.links import HIDDEN, PAGES
    from kg.ui.url_state import keep_sticky, param
    from kg.ui.widgets import client_side_links, language_switch, report_switch, shielded

    keep_sticky()  # before anything reads the language or the report
    st.set_page_config(page_title=t("app_title"), page_icon="🏘️", layout="wide")
    requested = param("page")
    pages = [
        st.Page(
            shielded(_page(name)),
            title=t(f"pages.{name}"),
            url_path=path,
            default=path == requested or (name == "overview" and requested not in PAGES.values()),
            visibility="hidden" if name in HIDDEN else "visible",
        )
        for name, path in PAGES.items()
    ]
    client_side_links()
    shielded(language_switch)()
    shielded(report_switch)()
    st.navigation(pages).run()
    _warm_pages(tuple(PAGES))


if __name__ == "__main__":
    main()
