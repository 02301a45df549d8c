"""Rapportcontrole: what an editor would fix, each finding with footnote numbers and lines."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kg.lint import findings
from kg.sparql.result import to_records
from kg.ui.i18n import t
from kg.ui.state import store


def render() -> None:
    st.write(t("check_page.intro"))
    found = to_records(findings(store()))
    if not found:
        st.success(t("check_page.none"))
        return
    frame = pd.DataFrame(found)[["check", "sourceLabel", "footnotes", "line", "detail"]]
    st.dataframe(frame, hide_index=True)
    st.download_button(t("check_page.download"), frame.to_csv(index=False), file_name="rapportcontrole.csv", mime="text/csv")
