"""Small pieces shared by the pages. All text that goes into HTML is escaped here."""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Iterable, Sequence

import streamlit as st

from kg.ui.escape import esc
from kg.ui.i18n import LANGUAGES, Count, lang, locale, t
from kg.ui.links import entity_url, reader_url, thing_url
from kg.ui.url_state import keep, number, remembered


def link(href: str, text: str, cls: str = "") -> str:
    """An escaped HTML link (href and text both escaped)."""
    klass = f' class="{esc(cls)}"' if cls else ""
    return f'<a href="{esc(href)}" target="_self"{klass}>{esc(text)}</a>'


def entity_link(iri: str, text: str | None = None) -> str:
    return link(entity_url(iri), text or iri)


def thing_link(iri: str, text: str, kind: str) -> str:
    """A link to the page of a section, advice, concept or source (the technical view for anything else)."""
    return link(thing_url(iri, kind), text)


def reader_link(iri: str) -> str:
    return link(reader_url(iri), "↪ " + t("reader.show_in_report"))


def table(rows: Iterable[Sequence[object]], head: Sequence[str] = (), *, id: str = "", styles: Sequence[str] = ()) -> str:
    """An HTML table: ``head`` as plain text (escaped here), each row's cells as markup the caller escaped;
    ``styles`` gives a column's cells a style of their own (our own CSS, never user text).

    >>> table([["<b>1</b>", 2]], ["a & b", ""], id="t")
    "<table id='t'><tr><th>a &amp; b</th><th></th></tr><tr><td><b>1</b></td><td>2</td></tr></table>"
    """
    opening = f"<table id='{esc(id)}'>" if id else "<table>"
    top = "<tr>" + "".join(f"<th>{esc(h)}</th>" for h in head) + "</tr>" if head else ""
    cells = [f"<td style='{style}'>" if style else "<td>" for style in styles]
    body = "".join("<tr>" + "".join(f"{cells[i] if i < len(cells) else '<td>'}{cell}</td>" for i, cell in enumerate(row)) + "</tr>" for row in rows)
    return f"{opening}{top}{body}</table>"


def file_slug(text: str) -> str:
    """A title as part of a download's file name: lower case, letters and digits, hyphens between words.

    >>> file_slug("Samen bij onveiligheid"), file_slug("Risicofactoren en voorkomen potentiële onveiligheid")
    ('samen-bij-onveiligheid', 'risicofactoren-en-voorkomen-potentiele-onveiligheid')
    """
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "export"


def technical(iri: str) -> None:
    """The machine names of a thing, folded away: its identifier and the full technical view of its relations."""
    with st.expander(t("entity.technical")):
        st.code(iri, language=None)
        html_block(link(entity_url(iri), t("entity.all_relations")))


def html_block(markup: str) -> None:
    """Render our own escaped HTML (st.html sanitises it once more); nothing for nothing (st.html refuses an empty body)."""
    if markup:
        st.html(markup)


def shielded(render: Callable[[], None]) -> Callable[[], None]:
    """A page that fails says so in a plain sentence in the reader's language; the error and its traceback go
    to the server's log, never to the visitor (Streamlit's own st.stop and st.rerun pass through)."""

    @functools.wraps(render)
    def page() -> None:
        try:
            render()
        except Exception:
            logging.getLogger("kg.ui").exception("the page %s failed", render.__module__)
            st.error(t("errors.page_failed"))

    return page


def language_switch() -> None:
    """Dutch by default, English one click away; the choice lives in the URL."""
    current = lang()
    choice = st.sidebar.radio(t("language"), LANGUAGES, index=LANGUAGES.index(current), format_func=str.upper, horizontal=True, key="lang_switch")
    if choice != current:
        keep("lang", choice)
        st.rerun()


def report_switch() -> None:
    """With more than one report loaded: scope every page to one of them, or span them all.

    The choice lives in the URL (``report=<IRI>``) so a shared link shows the same scope. With many reports the
    pages show them a page at a time (``reports=<n>``, :func:`kg.ui.data.reports_in_view`): the choice offers that
    page's reports, and a slider turns the pages.
    """
    from kg.ui.data import AT_ONCE, current_report, many_reports, report_list, report_page, report_pages, report_title, reports_in_view

    count = len(report_list())
    if count < 2:
        return
    current = current_report() or ""
    paging = many_reports() and not current and report_pages() > 1
    if paging:  # first, so the choice below already offers the page the slider shows
        with st.sidebar:
            number(t("report_scope.pager"), 1, report_pages(), "reports", page="sidebar", default=1)
    in_view = reports_in_view()
    options = ["", *dict.fromkeys([*([current] if current else []), *in_view])]
    st.sidebar.selectbox(
        t("report_scope.label"),
        options,
        index=options.index(current),
        format_func=lambda iri: report_title(iri) if iri else t("report_scope.all", count=Count(count)),
        key="report_switch",
        on_change=_report_chosen,
    )
    if many_reports() and not current:
        first = (report_page() - 1) * AT_ONCE + 1
        st.sidebar.caption(t("report_scope.page", first=Count(first), last=Count(first + len(in_view) - 1), count=Count(count)))


def _report_chosen() -> None:
    """Put the choice in the URL before the rerun, so every query and link of that run sees it."""
    keep("report", remembered("report_switch") or "")


def paged(items: list[dict[str, str]], key: str, size: int = 20) -> list[dict[str, str]]:
    """The current page of a long list, with a page picker when needed."""
    pages = max(1, (len(items) + size - 1) // size)
    if pages == 1:
        return items
    number = st.number_input(f"{t('entity.page')} ({t('entity.of', n=pages)})", 1, pages, 1, key=f"page_{key}")
    start = (int(number) - 1) * size
    return items[start : start + size]


def chips(items: Iterable[tuple[str, str]]) -> str:
    """Concept tags as links to their pages: (iri, label) pairs."""
    return " ".join(f'<span class="chip">{thing_link(iri, label, "concept")}</span>' for iri, label in items)


CSS = """
<style>
.chip { display:inline-block; border:1px solid #b8c2cc; border-radius:10px; padding:0 .5em; margin:.1em; font-size:.85em; }
.advice { border-left:4px solid #b5179e; background:#fbf0f8; padding:.4em .8em; margin:.4em 0; }
.advice .arrow { font-weight:bold; color:#b5179e; }
.passage { border-left:4px solid #6c757d; margin:.4em 0 1em; padding:.2em .9em; font-size:1.05em; }
.figure { border:1px dashed #6c757d; padding:.4em .8em; margin:.4em 0; background:#f8f9fa; }
.mark, mark { background:#ffe066; }
.highlight { outline:3px solid #ffbe0b; background:#fff8e1; }
sup a { text-decoration:none; }
</style>
"""


def download(where: object, label: str, make: Callable[[], str | bytes], file_name: str, mime: str, key: str | None = None) -> None:
    """A download button whose file is written when pressed.

    Handed the file itself, Streamlit stores it on every rerun and the browser fetches it at once to check it;
    a rerun (a language switch, a pick) deletes it meanwhile and the browser logs a 404. Written on the press,
    nothing is stored or fetched before, and a page with many downloads draws no sooner for them.
    """
    button = getattr(where, "download_button", st.download_button)
    button(label, make, file_name=file_name, mime=mime, key=key, on_click="ignore")


def reference_downloads(selection: set[str], key: str) -> None:
    """Download buttons for the references of a selection of sources, in every format."""
    from kg.explore.cite import EXTENSIONS, FORMAT_NAMES, FORMATTERS, MIMES
    from kg.ui.data import references

    if not selection:
        return
    chosen = tuple(sorted(selection))
    st.caption(t("sources_page.cite") + f" ({len(chosen)})")
    for column, fmt in zip(st.columns(len(FORMATTERS)), FORMATTERS, strict=True):
        made = functools.partial(references, chosen, fmt, locale())
        download(column, FORMAT_NAMES[fmt], made, f"{key}.{EXTENSIONS[fmt]}", MIMES[fmt], key=f"refs_{key}_{fmt}")


# Our links are plain anchors inside our HTML (cards, tables, the reader's text). Followed as the browser does,
# each would load the whole app again (1.5 s and more); within the app, Streamlit moves between pages and
# addresses without that when it hears a history change. Ctrl-, shift- or middle-click still opens a new tab.
_CLIENT_LINKS = r"""<script>
(function () {
  if (window.__kgClientLinks) { return; }
  window.__kgClientLinks = true;
  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) { return; }
    // Our own HTML only (Streamlit's menu has its own handling); the sanitiser drops target="_self".
    var anchor = event.target.closest && event.target.closest("[data-testid='stHtml'] a[href], [data-testid='stMarkdownContainer'] a[href]");
    if (!anchor || anchor.hasAttribute("download") || anchor.getAttribute("target") === "_blank") { return; }
    var target = new URL(anchor.getAttribute("href"), window.location.href);
    if (target.origin !== window.location.origin || /\/(app\/static|_stcore|media)\//.test(target.pathname)) { return; }
    event.preventDefault();
    window.history.pushState({}, "", target.pathname + target.search + target.hash);
    window.dispatchEvent(new PopStateEvent("popstate", { state: {} }));
  }, true);
})();
</script>"""


def client_side_links() -> None:
    """Follow the app's own links without reloading the app (once per browser tab)."""
    st.html(_CLIENT_LINKS, unsafe_allow_javascript=True)
