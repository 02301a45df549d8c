"""User SPARQL can neither reach out nor freeze the app (one implementation: kg.sandbox)."""

from __future__ import annotations

import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph

from kg.cli import main
from kg.sandbox import SandboxPool, check_query

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


class Listener:
    """A TCP listener on 127.0.0.1 that counts the connections it receives."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.running = False
        self.thread.join(2)
        self.sock.close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("graph")
    assert CliRunner().invoke(main, ["build", "--no-reason", "--out", str(out)]).exit_code == 0
    return out / "kg.nt"


def escapes(port: int) -> list[str]:
    url = f"http://127.0.0.1:{port}"
    return [
        f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * FROM <{url}/graph> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{url}/graph> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"LOAD <{url}/data.ttl>",
        f"INSERT DATA {{ <{url}/a> <{url}/b> <{url}/c> }}",
    ]


def test_the_listener_does_see_engines_that_follow_service(listener):
    """Control: unguarded, both engines connect — so the tests below could fail."""
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}"
    with pytest.raises(Exception):  # noqa: B017 - the listener closes the connection; any error will do
        list(ox.Store().query(query))
    with pytest.raises(Exception):  # noqa: B017
        list(Graph().query(query))
    time.sleep(0.5)
    assert listener.connections >= 2


def test_cli_refuses_every_way_out_without_connecting(listener, graph_file, tmp_path):
    for n, text in enumerate(escapes(listener.port)):
        query = tmp_path / f"q{n}.rq"
        query.write_text(text)
        for extra in ([], ["--timeout", "5"]):
            result = CliRunner().invoke(main, ["query", str(query), "--graph", str(graph_file), *extra])
            assert result.exit_code == 2 and "query refused" in result.output, (text, result.output)
    time.sleep(0.5)
    assert listener.connections == 0


def test_sandbox_refuses_every_way_out_without_connecting(listener, graph_file):
    with SandboxPool(graph_file, workers=1) as pool:
        for text in escapes(listener.port):
            outcome = pool.run(text, timeout=5)
            assert outcome.kind == "refused", text
    time.sleep(0.5)
    assert listener.connections == 0


@pytest.mark.parametrize("text", ["SELECT ?service ?from ?load WHERE { ?service ?from ?load } LIMIT 1", 'SELECT * WHERE { ?s ?p "SERVICE <x:y>" }'])
def test_words_inside_variables_and_strings_are_not_refused(text):
    assert check_query(text) is None


def test_a_runaway_query_is_stopped_and_the_others_answer(graph_file):
    with SandboxPool(graph_file, workers=2) as pool:
        assert pool.run("ASK { ?s ?p ?o }").kind == "ask"  # both workers warm

        def run(n: int) -> tuple[str, float]:
            start = time.perf_counter()
            outcome = pool.run(RUNAWAY if n == 0 else "SELECT ?a WHERE { ?a a wtv:Advice }", timeout=4)
            return outcome.kind, time.perf_counter() - start

        with ThreadPoolExecutor(max_workers=20) as executor:
            results = list(executor.map(run, range(20)))
    assert results[0][0] == "timeout" and 3.5 < results[0][1] < 10
    assert all(kind == "select" for kind, _ in results[1:])
    assert max(seconds for _, seconds in results[1:]) < 2.0, results


def test_row_cap_reports_the_total(graph_file):
    with SandboxPool(graph_file, workers=1) as pool:
        outcome = pool.run("SELECT ?c WHERE { ?c a wtv:Claim }", max_rows=10)
    assert len(outcome.rows) == 10 and outcome.total == 238 and outcome.capped
