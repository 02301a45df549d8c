"""The collection store in both its databases: replicas saving at once, a database that may only be read or has
gone away, and what neither may be given. (Saving, reopening, export and import: test_course.py; hostile files
and the course page: test_app_doors.py; all run against both stores through the ``collections_at`` fixture.)"""

from __future__ import annotations

import subprocess
import sys

import pytest
import streamlit as st

from kg.explore.collection_store import CollectionError, CollectionStore, CollectionsUnavailable
from kg.settings import ROOT, collections_location
from tests.helpers import ID, free_port, open_page

THEME = {"theme": ID + "concept/veiligheidsparadox"}
REPLICAS, THREADS, SAVES = 4, 4, 25

# One app replica: THREADS sessions, each saving the same collection SAVES times through a store of its own.
REPLICA = """
import sys, threading
from kg.explore.collection_store import CollectionStore

where, replica, threads, saves = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
failed = []

def session(t):
    try:
        store = CollectionStore(where)
        for n in range(saves):
            store.save("Gedeeld", {"theme": "https://e.org/t", "notes": f"{replica}.{t}.{n}"}, author=f"replica {replica}")
    except Exception as err:
        failed.append(repr(err))

sessions = [threading.Thread(target=session, args=(t,)) for t in range(threads)]
for s in sessions:
    s.start()
for s in sessions:
    s.join()
sys.exit("\\n".join(failed[:5]) or None)
"""


def test_replicas_saving_one_collection_at_once_get_distinct_revisions_and_lose_nothing(collections_at):
    where = str(collections_at("shared"))
    CollectionStore(where)  # the table exists before the replicas start, as after a deployment's first start
    replicas = [
        subprocess.Popen([sys.executable, "-c", REPLICA, where, str(r), str(THREADS), str(SAVES)], cwd=ROOT, stderr=subprocess.PIPE, text=True)
        for r in range(REPLICAS)
    ]
    failures = [replica.communicate(timeout=300)[1] for replica in replicas]
    assert [replica.returncode for replica in replicas] == [0] * REPLICAS, failures
    history = CollectionStore(where).history("Gedeeld")
    total = REPLICAS * THREADS * SAVES
    assert sorted(c.revision for c in history) == list(range(1, total + 1))
    assert sorted(c.payload["notes"] for c in history) == sorted(f"{r}.{t}.{n}" for r in range(REPLICAS) for t in range(THREADS) for n in range(SAVES))
    assert CollectionStore(where).load("Gedeeld").revision == total


def test_replicas_starting_at_once_create_the_table_once(collections_at):
    where = str(collections_at("fresh"))
    start = "import sys; from kg.explore.collection_store import CollectionStore; CollectionStore(sys.argv[1]).save('Les', {'theme': 'https://e.org/t'})"
    replicas = [subprocess.Popen([sys.executable, "-c", start, where], cwd=ROOT, stderr=subprocess.PIPE, text=True) for _ in range(REPLICAS)]
    failures = [replica.communicate(timeout=300)[1] for replica in replicas]
    assert [replica.returncode for replica in replicas] == [0] * REPLICAS, failures
    assert [c.revision for c in CollectionStore(where).history("Les")] == list(range(1, REPLICAS + 1))


def test_a_name_with_a_nul_character_is_refused_and_a_link_naming_one_finds_nothing(collections_at):
    shelf = CollectionStore(collections_at("c"))
    with pytest.raises(CollectionError) as err:
        shelf.save("Les\x00 1", THEME)
    assert err.value.message("nl") == "een naam bevat een NUL-teken (\\x00), dat niet kan worden opgeslagen"
    assert shelf.names() == [] and shelf.load("Les\x00 1") is None and shelf.history("Les\x00 1") == []


def test_kg_collections_names_a_postgresql_server_by_its_url(monkeypatch, tmp_path):
    for url in ("postgresql://kg@db.example/kg", "postgres://kg@db.example/kg"):
        monkeypatch.setenv("KG_COLLECTIONS", url)
        assert collections_location() == url
    monkeypatch.setenv("KG_COLLECTIONS", str(tmp_path / "c.sqlite"))
    assert collections_location() == tmp_path / "c.sqlite"


def test_an_unreachable_postgresql_is_unavailable_and_its_password_stays_out_of_the_message():
    with pytest.raises(CollectionsUnavailable) as err:
        CollectionStore(f"postgresql://kg:geheim@127.0.0.1:{free_port()}/kg")
    assert "postgresql://kg:***@127.0.0.1" in str(err.value) and "geheim" not in str(err.value)


@pytest.mark.parametrize("collections_at", ["postgresql"], indirect=True)
def test_a_read_only_postgresql_still_opens_the_saved_collections(collections_at):
    where = collections_at("c")
    CollectionStore(where).save("Les", {**THEME, "title": "Veilig thuis"})
    standby = where + "%20-c%20default_transaction_read_only%3Don"  # options= comes last: a hot standby's answers
    shelf = CollectionStore(standby)
    assert shelf.writable is False and shelf.names() == ["Les"] and shelf.load("Les").payload["title"] == "Veilig thuis"
    with pytest.raises(CollectionsUnavailable, match="opened read-only"):
        shelf.save("Nieuw", THEME)


def test_an_unreachable_postgresql_leaves_the_course_page_working(monkeypatch):
    monkeypatch.setenv("KG_COLLECTIONS", f"postgresql://kg@127.0.0.1:{free_port()}/kg")
    st.cache_resource.clear()
    try:
        app = open_page("lesmateriaal", collection="Les")
        assert not app.exception
        assert [w.value for w in app.warning] == ["Collecties kunnen nu niet worden opgeslagen (de opslag is niet beschrijfbaar). Downloaden werkt wel."]
        assert [b.label for b in app.get("download_button")]  # the handout downloads are still there
    finally:
        st.cache_resource.clear()


@pytest.mark.parametrize("collections_at", ["postgresql"], indirect=True)
def test_collections_that_go_away_after_opening_leave_the_course_page_working(collections_at, monkeypatch):
    """A server that restarts, or loses the table, between two runs of the page: the cached store's reads fail,
    and the page works on as without collections instead of showing an error."""
    import psycopg

    where = collections_at("c")
    monkeypatch.setenv("KG_COLLECTIONS", where)
    st.cache_resource.clear()
    try:
        CollectionStore(where).save("Les", {**THEME, "title": "Veilig thuis"})
        assert not open_page("lesmateriaal", collection="Les").exception  # the store is now cached
        with psycopg.connect(where, autocommit=True) as db:
            db.execute("DROP TABLE revisions")
        app = open_page("lesmateriaal", collection="Les")
        assert not app.exception, [e.value for e in app.exception]
        assert [b.label for b in app.get("download_button")]
    finally:
        st.cache_resource.clear()


def test_replica_script_reports_a_failed_save(tmp_path):
    """The replicas' script fails when a save fails, so the concurrency test above can see a lost save."""
    (tmp_path / "c.sqlite").mkdir()  # a folder where the database file should be: no save can succeed
    done = subprocess.run([sys.executable, "-c", REPLICA, str(tmp_path / "c.sqlite"), "0", "1", "1"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode != 0 and "CollectionsUnavailable" in done.stderr, done.stderr
