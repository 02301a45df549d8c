"""The same answers from the embedded store, an Oxigraph server (SPARQL 1.1 Protocol) and `kg serve`.

The Oxigraph server comes from PyPI (`oxigraph serve`), on 127.0.0.1, with no
way out (deploy/no_egress.py). .ci/run starts one and sets KG_TEST_ENDPOINT;
otherwise this module starts its own the same way.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
import streamlit as st
from click.testing import CliRunner
from streamlit.testing.v1 import AppTest

from kg.cli import main
from kg.settings import ROOT
from kg.sparql.binding import with_values
from kg.sparql.catalogue import list_queries, load_query
from kg.sparql.errors import QueryRefused, QuerySyntaxError, QueryTimeout
from kg.sparql.remote import RemoteStore, request_text
from kg.sparql.result import from_oxigraph, plain
from kg.sparql.sandbox import RemoteSandbox
from kg.vocab.prefixes import PREFIXES
from tests.helpers import EXAMPLE_BINDINGS as EXAMPLES
from tests.helpers import free_port, wait_for_http

# One worker talks to the server: each push replaces its whole graph, which must not happen under another worker's queries.
pytestmark = pytest.mark.xdist_group("stores")


@pytest.fixture(scope="module")
def endpoint(graph_nt):
    given = os.environ.get("KG_TEST_ENDPOINT")
    process = None
    if given:
        url = given
    else:
        binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
        port = free_port()
        sealed = [sys.executable, str(ROOT / "deploy" / "no_egress.py"), f"127.0.0.1:{port}", "--", binary, "serve", "--bind", f"127.0.0.1:{port}"]
        process = subprocess.Popen(sealed, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # as .ci/run starts it
        url = f"http://127.0.0.1:{port}/query"
        wait_for_http(url.replace("/query", "/"))
    result = CliRunner().invoke(main, ["--endpoint", url, "push", "--graph", str(graph_nt)])
    assert result.exit_code == 0, result.output
    yield url
    if process is not None:
        process.terminate()
        process.wait(10)


def _canon(value: str) -> str:
    """GROUP_CONCAT has no order: compare concatenations as sorted parts."""
    return " ".join(sorted(value.replace(",", " ").replace(";", " ").replace("|", " ").split()))


def _rows(table) -> list[tuple[str, ...]]:
    return sorted(tuple(_canon(plain(cell)) for cell in row) for row in table.rows)


@pytest.mark.parametrize("query", list_queries(with_pages=True), ids=lambda q: q.name)
def test_every_query_answers_the_same_on_the_server(store, endpoint, query):
    bindings = {p.name: ox.NamedNode(EXAMPLES[p.name]) for p in query.params}
    remote = RemoteStore(endpoint).query(query.text, bindings)
    local = store.query(query.text, bindings)
    assert (remote.form, remote.columns, remote.boolean) == (local.form, local.columns, local.boolean)
    assert _rows(remote) == _rows(local)


@pytest.fixture(scope="module")
def two_stores(two_reports_nt):
    from kg.sparql.embedded import EmbeddedStore

    return EmbeddedStore.from_file(two_reports_nt)


@pytest.mark.parametrize("query", [q for q in list_queries(with_pages=True) if q.params], ids=lambda q: q.name)
@pytest.mark.parametrize("slug", ["wijkteams-werken-aan-veiligheid", "tweede-rapport"])
def test_the_text_an_endpoint_gets_answers_as_the_embedded_stores_binding_does(two_stores, query, slug):
    """With several reports, the values written into the query's patterns (not only in a VALUES block), as an
    endpoint and the embedded store get them, give the rows Oxigraph's own substitution gives, for either report."""
    values = {
        name: value.replace("/wijkteams-werken-aan-veiligheid/", f"/{slug}/").replace("report/wijkteams-werken-aan-veiligheid", f"report/{slug}")
        for name, value in EXAMPLES.items()
    }
    bindings = {p.name: ox.NamedNode(values[p.name]) for p in query.params}
    sent = two_stores.query(with_values(query.text, bindings))
    substituted = two_stores._store.query(
        query.text, prefixes=PREFIXES, substitutions={ox.Variable(k): v for k, v in bindings.items()}, use_default_graph_as_union=True
    )
    assert _rows(sent) == _rows(from_oxigraph(substituted)) == _rows(two_stores.query(query.text, bindings))


def test_a_query_bound_to_one_report_gives_the_endpoint_that_report_in_each_branch():
    """Oxigraph does not carry a VALUES block into a UNION's branches: at 1,000 reports, network-nodes bound to one
    report took 11.6 s that way. The report must stand in each branch's patterns, as the embedded store binds it."""
    query = load_query("network-nodes")
    report = EXAMPLES["report"]
    text = request_text(query.text, {"report": ox.NamedNode(report)})
    patterns = text[text.index("VALUES") : text.rindex("}")].split("}", 1)[1]  # after the VALUES block, to ORDER BY
    assert "UNION" in patterns and "?report" not in patterns
    assert patterns.count(f"<{report}>") == 2  # the branches of the report's parts and of its sources


@pytest.mark.parametrize("entity", [EXAMPLES["entity"], EXAMPLES["advice"], EXAMPLES["concept"], EXAMPLES["claim"]])
def test_a_bound_value_narrows_the_match_before_limit_on_the_server(store, endpoint, entity):
    # Regression: a trailing VALUES block was joined after LIMIT 1, so entity-summary found nothing.
    query = load_query("entity-summary")
    bound = {"entity": ox.NamedNode(entity)}
    assert _rows(RemoteStore(endpoint).select(query.text, bound)) == _rows(store.select(query.text, bound)) != []


def test_server_errors_point_into_the_users_query(endpoint):
    with pytest.raises(QuerySyntaxError) as err:
        RemoteStore(endpoint).select("SELECT ?s WHERE {\n  ?s ?p\n}")
    assert err.value.line == 3  # the server's own position, with the prologue's lines taken off


def test_cli_asks_the_server(endpoint):
    result = CliRunner().invoke(main, ["--endpoint", endpoint, "query", "duplicate-footnotes", "--format", "csv"])
    assert result.exit_code == 0 and 'Ogink & Gijzel (2019),"1, 19",2' in result.output


@pytest.mark.parametrize("page", ["overzicht", "lezen", "onderbouwing", "bronnen", "entiteit", "zoeken", "netwerk", "rapportcontrole", "ontologie", "sparql"])
def test_app_pages_on_the_server(endpoint, monkeypatch, page):
    monkeypatch.setenv("KG_SPARQL_ENDPOINT", endpoint)
    st.cache_data.clear()
    st.cache_resource.clear()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.query_params["page"] = page
    app.query_params["entity"] = EXAMPLES["advice"]
    app.run()
    assert not app.exception, app.exception
    st.cache_data.clear()
    st.cache_resource.clear()


def test_remote_sandbox_caps_rows_and_reports_the_total(endpoint):
    result = RemoteSandbox(endpoint).run("SELECT ?s WHERE { ?s a wtv:Claim }", max_rows=5)
    assert result.form == "select" and len(result.rows) == 5 and result.total == 238 and result.capped


def test_remote_sandbox_answers_ask_and_construct(endpoint):
    assert RemoteSandbox(endpoint).run("ASK { ?s a wtv:Advice }").boolean is True
    graph = RemoteSandbox(endpoint).run("CONSTRUCT WHERE { ?s a wtv:Advice }")
    assert graph.form == "graph" and graph.total == 24


def test_remote_sandbox_refuses_before_anything_is_sent(listener):
    with pytest.raises(QueryRefused) as refused:
        RemoteSandbox(f"{listener.url}/query").run(f"SELECT * {{ SERVICE <{listener.url}/> {{ ?s ?p ?o }} }}")
    assert "SERVICE" in refused.value.message("en")
    time.sleep(0.3)
    assert listener.connections == 0


def test_remote_sandbox_gives_the_parsers_position(endpoint):
    with pytest.raises(QuerySyntaxError) as err:
        RemoteSandbox(endpoint).run("SELECT ?s WHERE {\n  ?s ?p\n}")
    assert (err.value.line, err.value.column) == (2, 3)


@pytest.mark.slow
def test_remote_sandbox_stops_a_runaway_at_its_limit_and_the_server_answers_again(endpoint):
    begin = time.monotonic()
    with pytest.raises(QueryTimeout):
        RemoteSandbox(endpoint).run("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", timeout=2)
    assert time.monotonic() - begin < 6
    begin = time.monotonic()
    assert RemoteStore(endpoint, timeout=5).ask("ASK { ?s a wtv:Claim }")
    assert time.monotonic() - begin < 2


def test_cli_query_timeout_on_the_server(endpoint, tmp_path):
    runaway = tmp_path / "runaway.rq"
    runaway.write_text("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    result = CliRunner().invoke(main, ["--endpoint", endpoint, "query", str(runaway), "--timeout", "2"])
    assert result.exit_code == 2 and "stopped after 2 s" in result.output


def test_a_named_graph_file_wins_over_the_endpoint_and_the_endpoint_over_the_built_graph(graph_nt, monkeypatch):
    from kg.sparql.embedded import EmbeddedStore
    from kg.sparql.sandbox import LocalSandbox
    from kg.sparql.store import open_sandbox, open_store

    monkeypatch.setenv("KG_SPARQL_ENDPOINT", "http://127.0.0.1:9/query")
    assert isinstance(open_store(graph_nt), EmbeddedStore) and isinstance(open_store(), RemoteStore)
    assert isinstance(open_sandbox(), RemoteSandbox)
    monkeypatch.delenv("KG_SPARQL_ENDPOINT")
    with open_sandbox() as sandbox:  # the session's graph, by KG_GRAPH
        assert isinstance(sandbox, LocalSandbox) and sandbox.graph_path == graph_nt


@pytest.mark.slow
def test_a_remote_answer_is_read_as_it_streams_and_cut_at_the_byte_cap(endpoint):
    """5,000 rows of 74 KB from the server: only the 16 MB kept are held in this process (the answer was read
    whole before, up to 512 MB), and every row is counted."""
    import gc
    import os

    from tests.helpers import memory_heavy, rss_kib

    gc.collect()
    before = rss_kib(os.getpid())
    result = RemoteSandbox(endpoint).run(memory_heavy(), timeout=120)
    assert result.cut_at_bytes == 16 << 20 and result.total == 5000 and 0 < len(result.rows) < 5000
    assert rss_kib(os.getpid()) - before < 120 * 1024
