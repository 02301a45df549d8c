"""Rapportcontrole: what an editor would fix, each finding with footnote numbers and lines."""

from __future__ import annotations

import functools

import pandas as pd
import streamlit as st

from kg.explore.report_check import findings
from kg.sparql.result import to_records
from kg.ui.data import report_bindings, store
from kg.ui.i18n import localized, t
from kg.ui.widgets import download


def render() -> None:
    st.title(t("pages.check"))
    st.write(t("check_page.intro"))
    # Report by report past a page of them, like every page: over 10,000 reports at once it took 70 s.
    found = [row for report in report_bindings() for row in to_records(findings(store(), report))]
    if not found:
        st.success(t("check_page.none"))
        return
    c = lambda key: t(f"check_page.columns.{key}")  # noqa: E731 - column names in the user's language
    frame = pd.DataFrame(
        {
            c("check"): [t(f"check_page.kinds.{r['check']}") for r in found],
            c("source"): [r["sourceLabel"] for r in found],
            c("footnotes"): [r["footnotes"] for r in found],
            c("line"): [int(r["line"]) for r in found],
            c("detail"): [localized(r, "detailNl", "detail") or r["detail"] for r in found],
            c("cited"): [r.get("citedAs", "") for r in found],
        }
    )
    st.dataframe(frame, hide_index=True)
    download(st, t("check_page.download"), functools.partial(frame.to_csv, index=False), "rapportcontrole.csv", "text/csv")
