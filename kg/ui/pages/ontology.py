"""Ontologie: every class and property, generated from the ontology, linked to its instances."""

from __future__ import annotations

import streamlit as st

from kg import settings
from kg.ui.data import rows
from kg.ui.i18n import lang, t
from kg.ui.url_state import text
from kg.ui.widgets import CSS, download, entity_link, esc, html_block, paged
from kg.vocab.iris import local_name
from kg.vocab.prefixes import PREFIXES


def render() -> None:
    st.title(t("pages.ontology"))
    html_block(CSS)
    st.write(t("ontology.intro"))
    needle = text(t("ontology.filter"), "q", page="ontology").strip().lower()
    terms = rows("ontology-terms")
    label_key, definition_key = ("labelEn", "definitionEn") if lang() == "en" else ("labelNl", "definitionNl")
    for title, kinds in (("ontology.classes", {"class"}), ("ontology.properties", {"object property", "datatype property"})):
        chosen = [r for r in terms if r["type"] in kinds and (not needle or needle in (r[label_key] + r["term"] + r[definition_key]).lower())]
        st.subheader(f"{t(title)} ({len(chosen)})")
        if not chosen:
            st.caption(t("ontology.no_match"))
        html_block("".join(_term(r, label_key, definition_key) for r in paged(chosen, f"ontology_{title}")))
    _reference()


def _reference() -> None:
    """The reference documentation for technical users: pyLODE's page, inline and as a file to keep."""
    page = settings.reference_page()
    if page is None:
        return
    st.subheader(t("ontology.reference"))
    st.caption(t("ontology.reference_hint"))
    download(st, t("ontology.reference_download"), lambda: page, "wtv-ontology.html", "text/html")
    with st.expander(t("ontology.reference_show")):
        st.iframe(page, height=900)


def _term(row: dict[str, str], label_key: str, definition_key: str) -> str:
    local = row["term"].rsplit("#", 1)[-1]
    supers = " ".join(entity_link(s, _short(s)) for s in row["supers"].split() if s)
    aligned = f"<div><small>{esc(t('ontology.aligned'))}: {supers}</small></div>" if supers else ""
    count = f"{esc(t('ontology.instances'))}: {entity_link(row['term'], row['count'])}"
    kind = t("ontology.types." + row["type"].replace(" ", "_"))
    return (
        f"<div style='margin:.5em 0'><strong>{esc(row[label_key])}</strong> <code>wtv:{esc(local)}</code> · <small>{esc(kind)} · {count}</small>"
        f"<div>{esc(row[definition_key])}</div>{aligned}</div>"
    )


def _short(iri: str) -> str:
    if iri.startswith(PREFIXES["wtv"]):
        return f"wtv:{iri[len(PREFIXES['wtv']) :]}"
    return local_name(iri)
