"""The app's other doors, tried as an attacker with no login would: collection names, imports, notes, storage, links."""

from __future__ import annotations

import json
import os
import re
import tomllib

import pytest
import streamlit as st
from docx import Document

from kg.explore.collection_store import CollectionError, CollectionStore
from kg.explore.course import Item
from kg.explore.handout import Handout, docx, pdf
from kg.settings import ROOT
from kg.ui.escape import md_text
from tests.helpers import ID, html_of, open_page

HOSTILE = "Les [klik hier](http://evil.example/x) ![](http://evil.example/pixel.png) <img src=x onerror=alert(1)>"
POEM = {"kind": "poem", "iri": "https://e.org/a", "text": "x"}
GOOD = {"name": "Les", "collection": {"theme": ID + "concept/veiligheidsparadox", "title": "Les", "notes": "", "items": []}}


@pytest.fixture
def shelf(collections_at, monkeypatch) -> CollectionStore:
    """The collections the app opens, in each store (an SQLite file, a PostgreSQL schema)."""
    monkeypatch.setenv("KG_COLLECTIONS", str(collections_at("c")))
    st.cache_resource.clear()
    yield CollectionStore(collections_at("c"))
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
        (b"[" * 100_000 + b"]" * 100_000, "too deeply"),
        (b'{"name": "Les", "collection": {"theme": "https://e.org/t", "items": [' + b"1" * 100_000 + b"]}}", "too many digits"),
        (b'{"name": "Les\\ud800", "collection": {"theme": "https://e.org/t"}}', "half a character"),
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


READ_ONLY_VISIT = """
import json, os
from kg.explore.collection_store import CollectionsUnavailable, CollectionStore
from tests.helpers import open_page
shelf = CollectionStore()
try:
    shelf.save("Nieuw", {"theme": "https://e.org/t"})
    saved = "saved"
except CollectionsUnavailable:
    saved = "refused"
app = open_page("lesmateriaal", collection="Les")
print(json.dumps({
    "writable": shelf.writable, "names": shelf.names(), "title": shelf.load("Les").payload["title"], "saved": saved,
    "exception": [str(e.value) for e in app.exception], "warnings": [w.value for w in app.warning],
    "inputs": [i.value for i in app.text_input], "sidebar": "\\n".join(h.proto.body for h in app.get("html")),
}))
"""


def test_a_read_only_collections_store_still_opens_the_saved_collections(tmp_path, graph_nt):
    """On a disk mounted read-only (a private mount namespace here), the saved collections open, and the page
    says only that saving is off."""
    import json
    import shutil
    import subprocess
    import sys

    folder = tmp_path / "shelf"
    folder.mkdir()
    CollectionStore(folder / "c.sqlite").save("Les", {**GOOD["collection"], "title": "Veilig thuis"})
    if not shutil.which("unshare"):
        pytest.skip("unshare (util-linux) is not installed")
    mount = f"mount --bind {folder} {folder} && mount -o remount,bind,ro {folder}"
    probe = subprocess.run(["unshare", "--mount", "--map-root-user", "sh", "-c", mount], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"cannot mount read-only here: {probe.stderr.decode()[:200]}")
    env = {**os.environ, "KG_COLLECTIONS": str(folder / "c.sqlite"), "KG_GRAPH": str(graph_nt)}
    command = ["unshare", "--mount", "--map-root-user", "sh", "-c", f'{mount} && exec "$0" -c "$1"', sys.executable, READ_ONLY_VISIT]
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["writable"] is False and seen["names"] == ["Les"] and seen["saved"] == "refused"
    assert seen["exception"] == [], seen["exception"]
    assert "Veilig thuis" in seen["inputs"] and "collection=Les" in seen["sidebar"]
    assert seen["warnings"] == ["Collecties kunnen nu niet worden opgeslagen (de opslag is niet beschrijfbaar). Downloaden werkt wel."], seen["warnings"]


@pytest.mark.parametrize(("page", "told"), [("entiteit", True), ("lezen", True), ("onderbouwing", False), ("bronnen", False), ("netwerk", False)])
def test_an_invalid_iri_in_a_link_gives_a_plain_message(page, told):
    """Pages that look the value up say the link is broken; pages that only match it against a list ignore it."""
    app = open_page(page, entity="not an iri <script>")
    assert not app.exception, app.exception
    messages = " ".join(e.value for e in app.error)
    assert ("Deze link klopt niet" in messages) is told, messages
    assert "Traceback" not in messages and str(ROOT) not in messages


@pytest.mark.parametrize(("page", "param"), [("ontologie", "q"), ("bronnen", "q"), ("zoeken", "q")])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_filter_that_matches_nothing_shows_an_empty_page_not_a_crash(page, param, lang):
    """/ontologie?q=zzzz crashed: an empty list gave st.html an empty body."""
    app = open_page(page, lang, **{param: "zzzz"})
    assert not app.exception, app.exception
    if page == "ontologie":
        told = {"nl": "Niets past bij het filter.", "en": "Nothing matches the filter."}[lang]
        assert [c.value for c in app.caption].count(told) == 2  # classes and properties


CONCEPT = {"kind": "concept", "iri": ID + "concept/veiligheidsparadox", "text": "a\n\nb", "detail": "c\n\n*d* #e [f] https://evil.example/g"}


def test_a_stored_collection_with_a_blank_line_in_a_concept_opens_and_makes_its_pdf(shelf):
    """A concept text "a\\n\\nb" crashed the Typst handout, and with it the course page, on every visit."""
    shelf.save("Leeg", {**GOOD["collection"], "items": [CONCEPT]})
    app = open_page("lesmateriaal", collection="Leeg")
    assert not app.exception, app.exception
    assert pdf(Handout("Les", "", [Item(**CONCEPT)])).startswith(b"%PDF")


def test_any_text_in_a_handout_makes_a_pdf_with_no_link_but_the_passages():
    """Every text a trainer or a collection file can put into a handout is typeset as text: the PDF is made,
    and its only links are the one under each passage (a bare URL in a note or an item is not one)."""
    import re
    from urllib.parse import quote

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as hs

    pieces = hs.sampled_from(
        [
            "\n",
            "\n\n",
            "*",
            "_",
            "#",
            "$",
            "[",
            "]",
            "\\",
            '"',
            "'",
            "`",
            "<",
            ">",
            "@",
            "=",
            "-",
            "+",
            "/",
            "1. ",
            "~",
            "https://evil.example/x",
            "www.evil.example",
            '#link("https://evil.example")',
            "#emph[x]",
            ";",
            "(",
            ")",
            "{",
            "}",
        ]
    )
    text = hs.lists(hs.one_of(pieces, hs.text(max_size=6)), max_size=12).map("".join)
    item = hs.builds(Item, hs.sampled_from(["passage", "advice", "question", "concept"]), hs.just(ID + "x"), text, text, text, hs.booleans())
    reference = hs.lists(hs.one_of(text, text.map(lambda t: f"<i>{t}</i>")), max_size=3).map("".join)

    @settings(max_examples=60, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(title=text, notes=text, items=hs.lists(item, max_size=5), references=hs.lists(reference, max_size=3), report=text)
    def check(title, notes, items, references, report):
        data = pdf(Handout(title, notes, items, references, "http://127.0.0.1:8501/lezen?entity=", report))
        assert data.startswith(b"%PDF")
        links = set(re.findall(rb"/URI ?\(([^)]*)\)", data))  # a link over two lines is two annotations to one address
        passages = {f"http://127.0.0.1:8501/lezen?entity={quote(ID + 'x', safe='')}".encode()}
        assert links == (passages if any(i.keep and i.kind in ("passage", "advice") for i in items) else set()), (links, title, notes, items)

    check()


def test_md_text_leaves_no_address_a_markdown_renderer_would_link():
    """GitHub-flavoured Markdown links a bare https://…, www.… or e-mail address even with its punctuation
    escaped (a real browser showed it); the word joiner md_text puts in front of ':', '.' and '@' stops that."""
    from hypothesis import given, settings
    from hypothesis import strategies as hs

    address = hs.sampled_from(["https://evil.example/x", "HTTP://E.ORG", "www.evil.example", "WWW.e.org/a", "a@evil.example", "mailto:a@b.c", "xmpp:a@b.c"])

    @settings(max_examples=200, deadline=None, database=None)
    @given(hs.lists(hs.one_of(address, hs.text(max_size=5)), max_size=6).map(" ".join))
    def check(text):
        shown = md_text(text).replace("\\", "")
        assert not re.search(r"(?i)(https?|mailto|xmpp):|www\.|[^\u2060]@", shown), shown

    import re

    check()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_page_that_fails_shows_a_plain_notice_and_logs_the_error(lang, monkeypatch, caplog):
    """No traceback reaches a visitor: the notice is in the chosen language; the error, in full, is in the log."""

    def broken() -> None:
        raise RuntimeError("boom at /srv/secret/path.py")

    monkeypatch.setattr("kg.settings.reference_page", broken)
    with caplog.at_level("ERROR", logger="kg.ui"):
        app = open_page("ontologie", lang)
    assert not app.exception
    notice = {"nl": "Er ging iets mis op deze pagina", "en": "Something went wrong on this page"}[lang]
    assert [e.value for e in app.error if e.value.startswith(notice)], [e.value for e in app.error]
    assert not any("boom" in e.value or "Traceback" in e.value for e in app.error)
    assert "boom at /srv/secret/path.py" in caplog.text and "Traceback" in caplog.text


def test_kg_app_started_elsewhere_listens_locally_without_statistics_or_error_details(tmp_path, graph_nt):
    """Streamlit reads .streamlit/config.toml only from the working directory: started from another folder, the
    app bound every interface and sent usage statistics. `kg app` passes its settings itself."""
    import subprocess
    import sys
    import time
    import urllib.request
    from pathlib import Path

    from tests.helpers import free_port

    port = free_port()
    kg = str(Path(sys.executable).parent / "kg")
    env = {**os.environ, "KG_GRAPH": str(graph_nt)}
    process = subprocess.Popen([kg, "app", "--port", str(port)], cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(120):
            try:
                if urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.5)
        listening = [line.split()[1] for line in Path("/proc/net/tcp").read_text().splitlines()[1:] if line.split()[3] == "0A"]
        assert f"0100007F:{port:04X}" in listening and f"00000000:{port:04X}" not in listening, listening
        flags = Path(f"/proc/{process.pid}/cmdline").read_bytes().decode().split("\0")
        for flag in ("--client.showErrorDetails=none", "--browser.gatherUsageStats=false", "--server.maxUploadSize=2", "--server.address=127.0.0.1"):
            assert flag in flags, flags
    finally:
        process.terminate()
        process.wait(15)


def test_the_streamlit_config_and_the_launcher_agree():
    from kg.cli import APP_SETTINGS

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    for key, value in APP_SETTINGS.items():
        section, name = key.split(".")
        assert str(config[section][name]).lower() == value, key


SESSION_BUDGET_MIB = 80  # what one app session running the memory-heavy query may add to the app's process (about 40 MB measured)


@pytest.mark.slow
def test_a_memory_heavy_answer_is_cut_in_the_app_and_each_session_stays_within_budget():
    """Two sessions each run a query answering 5,000 rows of 74 KB (it took two sessions from 1.2 to 2.6 GB):
    each keeps 16 MB of it, says what was cut, and the process grows by less than the budget per session."""
    import gc

    from tests.helpers import memory_heavy, rss_kib

    assert not open_page("sparql", query="ASK {}").exception  # the workers and the page's imports, before measuring
    gc.collect()
    before = rss_kib(os.getpid())
    sessions = []
    for _ in range(2):
        app = open_page("sparql", query=memory_heavy())  # a query in the address runs at once
        assert not app.exception, app.exception
        told = [c.value for c in app.caption if "afgekapt bij 16 MB" in c.value]
        assert told and told[0].startswith("5000 rijen"), [c.value for c in app.caption]
        kept = app.session_state["sparql_result"].outcome
        assert kept.cut_at_bytes == 16 << 20 and kept.total == 5000
        sessions.append(app)
    gc.collect()
    grown = rss_kib(os.getpid()) - before
    assert grown < 2 * SESSION_BUDGET_MIB * 1024, grown >> 10


@pytest.mark.parametrize("page", ["entiteit", "lezen", "onderbouwing", "bronnen", "netwerk", "lesmateriaal", "sectie", "advies", "begrip", "bron", "zoeken"])
def test_a_bare_url_in_any_link_parameter_is_never_markdown_a_browser_would_link(page):
    """Whatever page a crafted link opens, a foreign address in it is shown as text: never as a bare https://… in
    Markdown (which the browser links even with its punctuation escaped), never as an <a href> to elsewhere."""
    params = {"entity": "https://evil.example/x", "q": "https://evil.example/q", "collection": "https://evil.example/c", "concept": "https://evil.example/k"}
    app = open_page(page, **params)
    assert not app.exception, app.exception
    for kind in ("markdown", "caption", "success", "error", "warning", "info", "title", "header", "subheader"):
        for element in app.get(kind):
            shown = str(getattr(element, "value", "")).replace("\\\\", "")
            assert not re.search(r"(?i)https?:|www\\.", shown), (kind, shown)
    assert not re.search(r"""href=["']?https?://evil""", html_of(app))
