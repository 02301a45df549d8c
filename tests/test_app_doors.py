"""The app's other doors, tried as an attacker with no login would: collection names, imports, notes, storage, links."""

from __future__ import annotations

import json
import tomllib

import pytest
import streamlit as st
from docx import Document

from kg.explore.collection_store import CollectionError, CollectionStore
from kg.explore.course import Item
from kg.explore.handout import Handout, docx
from kg.settings import ROOT
from tests.helpers import ID, html_of, open_page

HOSTILE = "Les [klik hier](http://evil.example/x) ![](http://evil.example/pixel.png) <img src=x onerror=alert(1)>"
POEM = {"kind": "poem", "iri": "https://e.org/a", "text": "x"}
GOOD = {"name": "Les", "collection": {"theme": ID + "concept/veiligheidsparadox", "title": "Les", "notes": "", "items": []}}


@pytest.fixture
def shelf(tmp_path, monkeypatch) -> CollectionStore:
    monkeypatch.setenv("KG_COLLECTIONS", str(tmp_path / "c.sqlite"))
    st.cache_resource.clear()
    yield CollectionStore(tmp_path / "c.sqlite")
    st.cache_resource.clear()


def test_streamlit_config_binds_localhost_sends_no_statistics_and_hides_deploy():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "127.0.0.1"
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["toolbarMode"] == "minimal"


def test_a_collection_name_is_shown_as_text_not_as_markdown(shelf):
    shelf.save(HOSTILE, GOOD["collection"])
    app = open_page("lesmateriaal", concept=ID + "concept/veiligheidsparadox")
    assert not app.exception
    for element in [*app.markdown, *app.caption, *app.success]:
        assert "](http://evil.example" not in element.value, element.value
    markup = html_of(app)
    assert "<img src=x" not in markup and "&lt;img src=x" in markup
    assert 'href="http://evil.example' not in markup


@pytest.mark.parametrize(
    ("data", "where"),
    [
        (b"{not json", "not JSON: line 1"),
        (b"\xff\xfe", "not UTF-8"),
        (json.dumps({"name": "x"}).encode(), "'collection' is a required property"),
        (
            json.dumps({**GOOD, "collection": {**GOOD["collection"], "items": [{"kind": "poem", "iri": "https://e.org/a", "text": "x"}]}}).encode(),
            "collection.items.0.kind",
        ),
        (json.dumps({**GOOD, "collection": {**GOOD["collection"], "theme": "javascript:alert(1)"}}).encode(), "collection.theme"),
        (json.dumps({**GOOD, "name": "a\nb"}).encode(), "name"),
        (json.dumps([1, 2]).encode(), "the file"),
    ],
)
def test_a_malformed_collection_file_is_refused_and_stores_nothing(shelf, data, where):
    shelf.save("Les", GOOD["collection"])
    with pytest.raises(CollectionError, match=None) as err:
        shelf.import_(data)
    assert where in str(err.value)
    assert [c.revision for c in shelf.history("Les")] == [1]
    assert shelf.load("Les").payload == GOOD["collection"]


def test_a_broken_revision_saved_earlier_gives_way_to_the_last_good_one(shelf):
    shelf.save("Les", GOOD["collection"])
    shelf.save("Les", {"theme": 3, "items": "kapot"})  # as an older version could have stored it
    assert shelf.load("Les").revision == 1
    app = open_page("lesmateriaal", collection="Les")
    assert not app.exception


def test_a_good_file_imports_as_one_revision(shelf):
    assert shelf.import_(json.dumps(GOOD).encode()).revision == 1
    assert len(shelf.history("Les")) == 1


def test_word_control_characters_in_notes_make_a_valid_docx(tmp_path):
    notes = "Eerste regel\x0btweede regel\x07 en een bel\x00."
    item = Item("passage", ID + "x", "Tekst met \x1b escape", "Sectie\x0b2")
    data = docx(Handout("Titel\x0c", notes, [item], ["Bron\x01"]))
    path = tmp_path / "h.docx"
    path.write_bytes(data)
    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert "Eerste regel\ntweede regel en een bel." in text and "Tekst met  escape" in text


def test_a_read_only_collections_store_leaves_the_course_page_working(monkeypatch):
    monkeypatch.setenv("KG_COLLECTIONS", "/proc/kg-cannot-write-here/c.sqlite")
    st.cache_resource.clear()
    try:
        app = open_page("lesmateriaal", concept=ID + "concept/veiligheidsparadox")
        assert not app.exception
        assert any("kunnen nu niet worden opgeslagen" in w.value for w in app.warning)
        assert [b.label for b in app.get("download_button")]  # the handout downloads are still there
    finally:
        st.cache_resource.clear()


@pytest.mark.parametrize(("page", "told"), [("entiteit", True), ("lezen", True), ("onderbouwing", False), ("bronnen", False), ("netwerk", False)])
def test_an_invalid_iri_in_a_link_gives_a_plain_message(page, told):
    """Pages that look the value up say the link is broken; pages that only match it against a list ignore it."""
    app = open_page(page, entity="not an iri <script>")
    assert not app.exception, app.exception
    messages = " ".join(e.value for e in app.error)
    assert ("Deze link klopt niet" in messages) is told, messages
    assert "Traceback" not in messages and str(ROOT) not in messages
