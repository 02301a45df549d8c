"""Lesmateriaal: a theme's passages, advice, concepts, questions and sources, arranged into a handout."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import TypeVar

import pandas as pd
import streamlit as st

from kg import settings
from kg.explore.collection_store import MAX_FILE_BYTES, CollectionError, CollectionStore, CollectionsUnavailable, check_size
from kg.explore.course import Item, cited_sources, from_dicts
from kg.explore.handout import SECTIONS, WRITERS, Handout, cited_reports
from kg.ui.data import (
    apa_list,
    app_root,
    concept_names,
    course_material,
    current_report,
    loaded_reports,
    report_reference,
    report_titled,
    rows,
    store,
)
from kg.ui.escape import md_text
from kg.ui.i18n import lang, locale, t
from kg.ui.links import reader_address, share_address, url
from kg.ui.url_state import choice, param, put, remember, remembered
from kg.ui.widgets import download, file_slug, html_block, link, reference_downloads
from kg.vocab.iris import local_name


@st.cache_resource(show_spinner=False, ttl=60)
def _collections() -> CollectionStore | CollectionsUnavailable:
    try:
        return CollectionStore()
    except CollectionsUnavailable as err:
        logging.getLogger(__name__).warning("collections unavailable: %s", err)
        return err


T = TypeVar("T")


def collections() -> CollectionStore | None:
    """The trainers' collections, or None when their database cannot be opened (the page works on without saving)."""
    found = _collections()
    return found if isinstance(found, CollectionStore) else None


def _read(shelf: CollectionStore, read: Callable[[CollectionStore], T]) -> T | None:
    """One read of the saved collections; None when their database went away since it was opened (a PostgreSQL
    server restarting), and the next run opens it afresh."""
    try:
        return read(shelf)
    except CollectionsUnavailable as err:
        logging.getLogger(__name__).warning("collections unavailable: %s", err)
        _collections.clear()
        return None


def _theme() -> str:
    # A concept and a section can share a name ("Gedeelde besluitvorming"): the picker says which is which.
    named = concept_names()
    concepts = sorted(((iri, f"{name} ({t('course.kind_concept')})") for iri, name in named.items()), key=lambda c: c[1])
    sections = [(k, f"{v} ({t('course.kind_section')})") for k, v in report_titled(rows("section-outline"), "section").items()]
    labels = dict([*concepts, *sections])
    keys = list(labels)
    # Older links name the theme as ?concept= or ?section=; the picker keeps it as ?theme=.
    wanted = param("concept") or param("section")
    return choice(st.selectbox, t("course.theme"), keys, "theme", page="course", default=wanted, format_func=lambda k: labels[k]) or keys[0]


def render() -> None:
    st.title(t("pages.course"))
    st.write(t("course.intro"))
    name = param("collection")
    shelf = collections()
    saved = _read(shelf, lambda found: found.load(name)) if name and shelf else None
    if saved is not None:
        theme, items, notes, title = (
            saved.payload["theme"],
            from_dicts(saved.payload["items"]),
            saved.payload.get("notes", ""),
            saved.payload.get("title", name),
        )
        # A colleague's link opens the collection, not the theme chooser: say what it is and how to start afresh.
        st.info(t("course.opened", name=md_text(saved.name), revision=saved.revision, theme=md_text(_theme_label(theme)), fresh=url("course")))
    else:
        theme = _theme()
        if name and collections() is not None:  # a mistyped or deleted collection: say so, never open a theme silently
            st.warning(t("notice.not_found", value=t("course.collection_named", name=md_text(name)), shown=md_text(_theme_label(theme))))
        items, notes, title = course_material(theme), "", ""
        items += _picked_advice({i.iri for i in items})
    _open_saved()
    edited = _arrange(items, theme)
    title = st.text_input(t("course.title"), value=title or _theme_label(theme))
    notes = st.text_area(t("course.notes"), value=notes, height=120)
    kept_sources = tuple(cited_sources(store(), edited))
    references = apa_list(kept_sources, locale(), html=True)
    base = reader_address(app_root() or settings.app_url())
    report, references = cited_reports(references, _reports_quoted())
    handout = Handout(title, notes, edited, references, base, report, lang())
    # Each handout is made when its button is pressed, not on every rerun (a collection at its size limit
    # took half a minute to typeset four times). The click must not rerun the page: a rerun drops this run's
    # deferred downloads and races the one being fetched, which lost on a loaded machine (README, "Handouts").
    named = f"hand-out-{file_slug(title)[:60].strip('-')}" if title.strip() else "hand-out"  # a trainer's folder holds several
    for column, (fmt, writer) in zip(st.columns(len(WRITERS)), WRITERS.items(), strict=True):
        made = functools.partial(writer.write, handout)
        download(column, t(f"course.download_{fmt}"), made, f"{named}.{writer.extension}", writer.mime)
    reference_downloads(set(kept_sources), "lesmateriaal")
    _save(theme, edited, notes, title)


def _reports_quoted() -> list[str]:
    """The references of the reports the handout quotes, from their own metadata: the chosen one, else every one."""
    chosen = current_report()
    return [report_reference(r) for r in ([chosen] if chosen else [r["report"] for r in loaded_reports()])]


def _picked_advice(present: set[str]) -> list[Item]:
    """Advice picked by hand, added to whatever the theme collected."""
    advice = {r["advice"]: r for r in rows("advice-evidence")}
    picked = st.multiselect(
        t("course.pick_advice"),
        [a for a in advice if a not in present],
        format_func=lambda a: f"{advice[a]['section']}: {advice[a]['adviceText'][:80]}",
        placeholder=t("sources_page.choose"),
    )
    return [Item("advice", a, advice[a]["adviceText"], advice[a]["section"]) for a in picked]


def _theme_label(theme: str) -> str:
    labels = {**{r["section"]: r["title"] for r in rows("section-outline")}, **concept_names()}
    return str(labels.get(theme, local_name(theme)))


def _arrange(items: list[Item], theme: str) -> list[Item]:
    """An editable table: keep or drop each item and set its order."""
    st.subheader(t("course.items"))
    missing = [t(f"handout.sections.{kind}").lower() for kind in SECTIONS if not any(i.kind == kind for i in items)]
    if missing:
        st.caption(t("course.missing", kinds=", ".join(missing)))  # the intro promises each kind; say which this theme lacks
    labels = {r["source"]: r["label"] for r in rows("sources-table")}
    frame = pd.DataFrame(
        {
            "keep": [i.keep for i in items],
            "order": list(range(1, len(items) + 1)),
            "kind": [t(f"course.kinds.{i.kind}") for i in items],
            "text": [(labels.get(i.iri, i.iri) if i.kind == "source" else f"{i.text} — {i.detail}" if i.detail else i.text)[:300] for i in items],
        }
    ).astype({"keep": bool, "order": int, "kind": str, "text": str})  # an empty collection would otherwise give float columns
    config = {
        "keep": st.column_config.CheckboxColumn(t("course.keep")),
        "order": st.column_config.NumberColumn(t("course.order"), min_value=1, step=1),
        "kind": st.column_config.TextColumn(t("evidence.columns.kind"), disabled=True),
        "text": st.column_config.TextColumn(t("evidence.columns.text"), disabled=True, width="large"),
    }
    edited = st.data_editor(frame, hide_index=True, column_config=config, key=f"course_items_{theme}")
    arranged = []
    for position in edited.sort_values("order", kind="stable").index:
        item = items[position]
        arranged.append(Item(item.kind, item.iri, item.text, item.section, item.detail, bool(edited.loc[position, "keep"])))
    return arranged


def _save(theme: str, items: list[Item], notes: str, title: str) -> None:
    st.subheader(t("course.save_as"))
    shelf = collections()
    if shelf is None or not shelf.writable:
        st.warning(t("course.cannot_save"))
        return
    name = st.text_input(t("course.save_name"), value=param("collection"), key="collection_name", placeholder=t("course.save_name_hint"))
    if st.button(t("course.save")) and name.strip():
        try:
            saved = shelf.save(name, {"theme": theme, "title": title, "notes": notes, "items": [i.to_dict() for i in items]})
        except CollectionsUnavailable as err:
            logging.getLogger(__name__).warning("saving a collection failed: %s", err)
            st.error(t("course.cannot_save"))
        except CollectionError as err:
            st.error(md_text(err.message(lang())))
        else:
            st.success(t("course.saved", name=md_text(saved.name), revision=saved.revision))
            # The address bar now names the collection too, so copying it from there shares the same thing.
            put("collection", saved.name)
            st.caption(t("course.share"))
            st.code(share_address(app_root() or settings.app_url(), saved.name), language=None)
    if name.strip() and _read(shelf, lambda found: found.load(name.strip())) is not None:
        download(st, t("course.export"), functools.partial(shelf.export, name.strip()), "collectie.json", "application/json")
    _import(shelf)


def _import(shelf: CollectionStore) -> None:
    """A collection file becomes one new revision: once per upload, not once per rerun; a bad file stores nothing."""
    # The server refuses a larger upload before reading it (server.maxUploadSize, passed by `kg app`); this
    # widget says the limit, and a file over it is refused here before its bytes are copied.
    uploaded = st.file_uploader(t("course.import"), type=["json"], max_upload_size=MAX_FILE_BYTES >> 20)
    if uploaded is None or remembered("collection_imported") == uploaded.file_id:
        return
    try:
        check_size(uploaded.size)
        imported = shelf.import_(uploaded.getvalue())
    except CollectionError as err:
        st.error(t("course.import_refused", reason=md_text(err.message(lang()))))
        return
    except CollectionsUnavailable:
        st.error(t("course.cannot_save"))
        return
    remember("collection_imported", uploaded.file_id)
    st.success(t("course.imported", name=md_text(imported.name)))


def _open_saved() -> None:
    shelf = collections()
    names = (_read(shelf, CollectionStore.names) or []) if shelf else []
    if not names:
        return
    with st.sidebar:
        st.markdown(f"**{t('course.open')}**")
        html_block("<ul>" + "".join(f"<li>{link(url('course', collection=saved), saved)}</li>" for saved in names) + "</ul>")
