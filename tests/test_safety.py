"""User SPARQL can neither reach out nor take the query workers down (kg.sparql.guard, .isolation, .sandbox)."""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from kg.sparql import worker
from kg.sparql.catalogue import list_queries
from kg.sparql.errors import EngineError, QueryMemoryError, QueryRefused, QuerySyntaxError, QueryTimeout, SandboxBusy
from kg.sparql.guard import guard, refusal
from kg.sparql.isolation import network_is_cut
from kg.sparql.sandbox import LocalSandbox
from tests.helpers import children, query_workers

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
HOG = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"


def test_the_listener_does_see_engines_that_follow_service(listener):
    """Control: unguarded and not isolated, both engines connect — so the tests below could fail."""
    query = f"SELECT * WHERE {{ SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}"
    with pytest.raises(Exception):  # noqa: B017 - the listener answers 500; any error will do
        list(ox.Store().query(query))
    with pytest.raises(Exception):  # noqa: B017
        list(Graph().query(query))
    time.sleep(0.5)
    assert listener.connections >= 2


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("SELECT * { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }", "service"),
        ("SELECT * { ?s ?p ?o FILTER EXISTS { { SELECT * { SERVICE SILENT ?x { ?s ?p ?o } } } } }", "service"),
        ("ASK { OPTIONAL { { } UNION { MINUS { GRAPH ?g { SERVICE <x:y> { } } } } } }", "service"),
        ("SELECT * { BIND(NOT EXISTS { SERVICE <x:y> { } } AS ?b) }", "service"),
        ("SELECT * { \\u0053ERVICE <x:y> { ?s ?p ?o } }", "service"),
        ("CONSTRUCT { ?s ?p ?o } FROM <http://127.0.0.1:1/g> WHERE { ?s ?p ?o }", "from"),
        ("DESCRIBE ?s FROM NAMED <x:g> WHERE { ?s ?p ?o }", "from"),
        ("LOAD SILENT <http://127.0.0.1:1/x.ttl> INTO GRAPH <x:g>", "update"),
        ("INSERT DATA { <x:a> <x:b> <x:c> } ; LOAD <x:d>", "update"),
        ("DROP ALL", "update"),
        ("SELECT * WHERE " + "{" * 3000 + "}" * 3000, "depth"),
        ("SELECT * { ?s ?p '" + "x" * 200_000 + "' }", "size"),
    ],
)
def test_the_guard_refuses_what_leaves_the_graph_at_any_depth(text, reason):
    with pytest.raises(QueryRefused) as refused:
        guard(text)
    assert refused.value.reason == reason
    assert refused.value.message("nl") and refused.value.message("en")


@pytest.mark.parametrize(
    "text",
    [
        "SELECT ?service ?from ?load WHERE { ?service ?from ?load } LIMIT 1",
        'SELECT * WHERE { ?s ?p "SERVICE <x:y> FROM <x:z>" } # SERVICE <x:y>',
        "SELECT * WHERE { ?s wtv:service <http://e.org/FROM#SERVICE> }",
    ],
)
def test_words_inside_variables_strings_and_iris_are_not_refused(text):
    assert refusal(text) is None


def test_every_query_in_the_library_passes_the_guard():
    for named in list_queries(with_pages=True):
        assert refusal(named.text) is None, named.name


GUARD_FROM_THREADS = """
from concurrent.futures import ThreadPoolExecutor
from kg.sparql.guard import guard
texts = [f"SELECT ?x{n} WHERE {{ ?x{n} ?p {n} }} LIMIT {n + 1}" for n in range(40)]
texts += [f"ASK {{ ?s ?p {n} FILTER(?p != <urn:x{n}>) }}" for n in range(40)]
with ThreadPoolExecutor(20) as pool:
    forms = [checked.form for checked in pool.map(guard, texts)]
assert forms == ["select"] * 40 + ["ask"] * 40, forms
"""


def test_the_guard_holds_when_many_threads_check_queries_at_once():
    """pyparsing is not thread-safe: concurrent first parses once broke most queries for good."""
    done = subprocess.run([sys.executable, "-c", GUARD_FROM_THREADS], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]


def test_a_malformed_query_gets_line_and_column():
    with pytest.raises(QuerySyntaxError) as err:
        guard("SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(?o = }")
    assert err.value.line == 3 and err.value.column is not None
    assert "regel 3" in err.value.message("nl")


def _isolated_service(graph_path: str, url: str, answers: mp.Queue) -> None:
    worker.start(graph_path, 2 * 1024**3)
    try:
        worker.run(f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}", None, 10)
        answers.put("answered")
    except Exception as err:
        answers.put(f"{type(err).__name__}: {err}")


def test_a_worker_cannot_connect_even_when_the_guard_is_bypassed(listener, graph_nt):
    """Defence in depth: the worker runs SERVICE with no guard in front, and the listener sees nothing."""
    ctx = mp.get_context("spawn")
    answers = ctx.Queue()
    process = ctx.Process(target=_isolated_service, args=(str(graph_nt), listener.url, answers))
    process.start()
    answer = answers.get(timeout=60)
    process.join(10)
    time.sleep(0.3)
    assert listener.connections == 0, answer
    assert "unreachable" in answer.lower() or "EngineError" in answer, answer
    assert Listener_MARK not in answer


Listener_MARK = "LISTENER-SECRET-BODY"


def _probe(answers: mp.Queue) -> None:
    from kg.sparql.isolation import isolate

    isolate(2 * 1024**3)
    answers.put(network_is_cut())


def test_isolation_leaves_no_route_to_loopback():
    ctx = mp.get_context("spawn")
    answers = ctx.Queue()
    ctx.Process(target=_probe, args=(answers,)).start()
    assert answers.get(timeout=30) is True
    assert network_is_cut() is False  # this process, not isolated, can reach loopback


@pytest.mark.slow
def test_a_runaway_query_is_stopped_and_the_others_answer(graph_nt):
    with LocalSandbox(graph_nt, workers=2) as pool:
        assert pool.run("ASK { ?s ?p ?o }").boolean is True  # a worker warm

        def run(n: int) -> tuple[str, float]:
            start = time.perf_counter()
            try:
                pool.run(RUNAWAY if n == 0 else "SELECT ?a WHERE { ?a a wtv:Advice }", timeout=4)
                kind = "select"
            except QueryTimeout:
                kind = "timeout"
            return kind, time.perf_counter() - start

        with ThreadPoolExecutor(max_workers=20) as executor:
            results = list(executor.map(run, range(20)))
    assert results[0][0] == "timeout" and 3.5 < results[0][1] < 10
    assert all(kind == "select" for kind, _ in results[1:])
    assert max(seconds for _, seconds in results[1:]) < 2.0, results


@pytest.mark.slow
def test_a_query_that_gets_no_worker_in_time_is_turned_away_not_left_waiting(graph_nt):
    with LocalSandbox(graph_nt, workers=1, queue_seconds=0.5) as pool:
        assert pool.run("ASK { ?s ?p ?o }").boolean is True
        with ThreadPoolExecutor(max_workers=1) as executor:
            runaway = executor.submit(pool.run, RUNAWAY, timeout=4)
            time.sleep(0.5)
            start = time.perf_counter()
            with pytest.raises(SandboxBusy) as err:
                pool.run("ASK { ?s ?p ?o }", timeout=1)
            assert time.perf_counter() - start < 3
            assert "bezet" in err.value.message("nl")
            with pytest.raises(QueryTimeout):
                runaway.result()
        assert pool.run("ASK { ?s ?p ?o }", timeout=10).boolean is True


def test_row_cap_reports_the_total(graph_nt):
    with LocalSandbox(graph_nt, workers=1) as pool:
        result = pool.run("SELECT ?c WHERE { ?c a wtv:Claim }", max_rows=10)
    assert len(result.rows) == 10 and result.total == 238 and result.capped


@pytest.mark.slow
def test_a_query_past_the_memory_limit_says_so_and_the_worker_is_replaced(graph_nt):
    with LocalSandbox(graph_nt, workers=1, memory_bytes=1536 << 20) as pool:
        with pytest.raises(QueryMemoryError) as err:
            pool.run(HOG, timeout=60)
        assert "memory" in err.value.message("en") and "geheugen" in err.value.message("nl")
        assert pool.run("ASK { ?a a wtv:Advice }", timeout=30).boolean is True
        with pytest.raises(QueryMemoryError):
            pool.run(HOG, timeout=60)
        assert pool.run("ASK { ?a a wtv:Advice }", timeout=30).boolean is True


def test_a_killed_worker_is_replaced_before_the_next_query(graph_nt):
    with LocalSandbox(graph_nt, workers=1) as pool:
        assert pool.run("ASK { ?s ?p ?o }").boolean is True
        before = set(query_workers(children(os.getpid())))
        for pid in before:
            os.kill(pid, signal.SIGKILL)
        time.sleep(0.5)
        answers = []
        for _ in range(3):
            try:
                answers.append(pool.run("ASK { ?s ?p ?o }", timeout=30).boolean)
            except (EngineError, QueryMemoryError):
                answers.append(None)  # the query that was in flight when the worker died, at most
        assert answers[-2:] == [True, True], answers
        assert set(query_workers(children(os.getpid()))).isdisjoint(before)


def _or_chain(operands: int, tag: int = 0) -> str:
    """ASK { FILTER(1||1||…) }: the grammar's slowest text to parse, about a millisecond per operand."""
    return "ASK { FILTER(" + "||".join(["1"] * operands) + f"||{tag}) }}"


def test_a_99_kb_or_chain_is_refused_at_once_as_too_large_to_check():
    """The 99 KB query that held the one parser thread for two minutes is refused by its token count, unparsed."""
    text = _or_chain(33_000)
    assert len(text) > 99_000
    start = time.monotonic()
    problem = refusal(text)
    assert problem is not None and problem.reason == "complex", problem
    assert time.monotonic() - start < 1.5
    assert "20.000" in problem.message("nl") and "20,000" in problem.message("en")


def _outcome(pool: LocalSandbox, text: str) -> str:
    try:
        pool.run(text, timeout=10)
    except QueryRefused as refused:
        return refused.reason
    return "answered"


@pytest.mark.slow
def test_slow_parses_do_not_hold_up_another_clients_query(graph_nt):
    """Three texts that each keep a parser busy past its limit are in flight; a query from another client still
    answers within 2 s (the app's sessions share one sandbox like this; `kg serve` is tested in test_serve)."""
    with LocalSandbox(graph_nt, workers=2) as pool:
        assert pool.run("ASK { ?s ?p ?o }").boolean is True  # a worker and the light parsers warm
        with ThreadPoolExecutor(max_workers=3) as executor:
            heavy = [executor.submit(_outcome, pool, _or_chain(6_000, tag)) for tag in range(3)]
            time.sleep(1.5)
            assert not any(future.done() for future in heavy)
            start = time.monotonic()
            answer = pool.run(f"SELECT ?a{os.getpid()} WHERE {{ ?a{os.getpid()} a wtv:Advice }}", timeout=10)
            elapsed = time.monotonic() - start
            outcomes = [future.result() for future in heavy]
    assert len(answer.rows) == 24
    assert elapsed < 2.0, elapsed
    assert set(outcomes) <= {"slow", "answered"}, outcomes


@pytest.mark.slow
def test_a_parse_past_its_limit_is_stopped_and_its_verdict_kept():
    """The parser's process is ended at the limit (not left running), and the same text is refused again at once."""
    text = _or_chain(6_500, 99)
    start = time.monotonic()
    first = refusal(text)
    assert first is not None and first.reason == "slow", first
    assert time.monotonic() - start < 15
    again = time.monotonic()
    assert refusal(text).reason == "slow"
    assert time.monotonic() - again < 0.5


def _without_namespaces(graph_path: str, answers: mp.Queue) -> None:
    import errno

    from kg.sparql import isolation

    isolation._unshare = lambda flags: errno.EPERM  # as in a container that forbids unshare
    worker.start(graph_path, 2 * 1024**3)
    try:
        worker.run("ASK { ?s ?p ?o }", None, 1)
        answers.put("answered")
    except Exception as err:
        answers.put(f"{type(err).__name__}: {err}")


def test_where_the_kernel_allows_no_network_namespace_typed_sparql_is_switched_off():
    """The worker never runs user SPARQL with the network: it says why instead."""
    ctx = mp.get_context("spawn")
    answers = ctx.Queue()
    process = ctx.Process(target=_without_namespaces, args=(str(Path(os.devnull)), answers))
    process.start()
    answer = answers.get(timeout=60)
    process.join(10)
    assert answer.startswith("SandboxUnavailable: typed SPARQL is switched off"), answer
    assert "unshare" in answer
