"""Streamlit AppTest: every page renders."""

from streamlit.testing.v1 import AppTest

from kg.codegen import ROOT


def test_overview_page_renders_counts_and_outline():
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not app.exception
    assert app.title[0].value == "Wijkteams werken aan veiligheid"
    labels = {m.label for m in app.metric}
    assert {"Advies", "Voetnoot", "Bron"} <= labels
    assert any("Rechtsbescherming" in t.value for t in app.text)
