"""The Streamlit interface; the only part of kg that imports streamlit."""
