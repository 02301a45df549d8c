"""A label with <script>, <img onerror> or the word href is shown as text on every page."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from kg.settings import ROOT
from tests.helpers import ID

EVIL = "<script>alert('x')</script> href <img src=x onerror=alert(1)>"
CONCEPT = ID + "concept/kwaadaardig"
ADVICE = ID + "wijkteams-werken-aan-veiligheid/advice/sociaal-netwerk/a1"


def _literal(text: str, lang: str) -> str:
    return '"' + text.replace("\\\\", "\\\\\\\\").replace('"', '\\\\"') + f'"@{lang}'


@pytest.fixture(scope="module")
def evil_graph(tmp_path_factory, monkeypatch_module, graph_nt) -> Path:
    data = graph_nt.read_text(encoding="utf-8")
    skos = "http://www.w3.org/2004/02/skos/core#"
    extra = [
        f"<{CONCEPT}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{skos}Concept> .",
        f"<{CONCEPT}> <{skos}prefLabel> {_literal(EVIL, 'nl')} .",
        f"<{CONCEPT}> <{skos}prefLabel> {_literal(EVIL, 'en')} .",
        f"<{CONCEPT}> <{skos}definition> {_literal(EVIL, 'nl')} .",
        f"<{ADVICE}> <http://purl.org/dc/terms/subject> <{CONCEPT}> .",
    ]
    path = tmp_path_factory.mktemp("evil") / "kg.nt"
    path.write_text(data + "\n".join(extra) + "\n", encoding="utf-8")
    monkeypatch_module.setenv("KG_GRAPH", str(path))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield path
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


VIEWS = [
    ("entiteit", {"entity": CONCEPT}),
    ("lezen", {"entity": ADVICE}),
    ("zoeken", {"q": "alert"}),
    ("netwerk", {"concept": CONCEPT}),
    ("netwerk", {"entity": ADVICE}),
]


@pytest.mark.parametrize(("page", "params"), VIEWS, ids=[f"{p}-{next(iter(q))}" for p, q in VIEWS])
def test_hostile_label_is_text(evil_graph, page, params):
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.query_params["page"] = page
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception
    markup = "\n".join(h.proto.body for h in app.get("html")) + "\n".join(m.value for m in app.markdown)
    assert "<script>alert" not in markup and "<img src=x" not in markup
    shown = markup + "\n".join(e.value for e in app.header) + "\n".join(str(x.value) for x in app.text)
    frames = [f.proto.srcdoc for f in app.get("iframe")]
    for frame in frames:
        assert "<script>alert" not in frame and "<img src=x" not in frame
        assert "</script> href" not in frame
    if page != "netwerk":
        assert "&lt;script&gt;" in shown or EVIL in shown
    else:
        data = [f[f.index("nodes = new vis.DataSet") :] for f in frames]
        if "concept" in params:
            assert any("\\uff1cscript\\uff1e" in d for d in data), "the label is in the network, as text"
        assert not any(" href " in d for d in data), "no tooltip may contain href"
