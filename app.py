"""Streamlit entry point: a router over the pages, nothing else.

A view opens from its URL path (``/entiteit?entity=...``) or from the ``page``
query parameter (``/?page=entiteit&entity=...``), so links in slides and memos
keep working.

The router runs only under ``__main__`` (which is how Streamlit runs this
file): the SPARQL worker processes start by importing this module as
``__mp_main__``, and must not run the app.
"""


def main() -> None:
    import importlib

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
            shielded(importlib.import_module(f"kg.ui.pages.{name}").render),
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


if __name__ == "__main__":
    main()
