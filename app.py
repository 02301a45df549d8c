"""Streamlit entry point: a router over the pages, nothing else."""

import streamlit as st

from kg.ui.pages import overview

st.set_page_config(page_title="Wijkteams werken aan veiligheid", layout="wide")
st.navigation([st.Page(overview.render, title="Overzicht", url_path="overzicht", default=True)]).run()
