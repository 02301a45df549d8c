"""`kg serve` as other tools and hostile clients meet it: the real command, over real sockets."""

from __future__ import annotations

import csv
import http.client
import io
import os
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pyoxigraph as ox
import pytest
from SPARQLWrapper import JSON, SPARQLWrapper

from kg.sparql.catalogue import list_queries
from kg.sparql.result import plain
from tests.helpers import SOAK_QUERIES, Served, descendants, http_get, http_open, http_post, query_workers

QUERY = "SELECT ?a WHERE { ?a a wtv:Advice } ORDER BY ?a"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SOAK = SOAK_QUERIES


def test_a_standard_client_gets_what_the_embedded_store_gives(served, store):
    query = next(q for q in list_queries() if q.name == "sources-in-several-sections")
    client = SPARQLWrapper(served.url)
    prefixes = "PREFIX wtv: <https://w3id.org/wijkteams-veiligheid/ontology#>\nPREFIX dcterms: <http://purl.org/dc/terms/>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    # Without the catalogue's header: SPARQLWrapper guesses the query form from keywords anywhere in the text and
    # takes "every loaded report" in an English description for a LOAD.
    body = "\n".join(line for line in query.text.splitlines() if not line.startswith("#+"))
    client.setQuery(prefixes + body)
    client.setReturnFormat(JSON)
    answer = client.query().convert()
    remote = sorted(tuple(sorted(b.get(v, {}).get("value", "").split()) for v in answer["head"]["vars"]) for b in answer["results"]["bindings"])
    local = sorted(tuple(sorted(plain(c).split()) for c in row) for row in store.select(query.text).rows)
    assert remote == local


@pytest.mark.parametrize(
    ("accept", "media", "fmt"),
    [
        ("application/sparql-results+json", "application/sparql-results+json", ox.QueryResultsFormat.JSON),
        ("application/sparql-results+xml", "application/sparql-results+xml", ox.QueryResultsFormat.XML),
        ("text/csv", "text/csv", None),
        ("text/tab-separated-values", "text/tab-separated-values", ox.QueryResultsFormat.TSV),
        ("text/html;q=0.9, */*;q=0.1", "application/sparql-results+json", ox.QueryResultsFormat.JSON),
    ],
)
def test_results_in_every_protocol_format_parse_back_to_the_same_rows(served, accept, media, fmt):
    status, kind, body = http_get(served.url, QUERY, {"Accept": accept})
    assert (status, kind) == (200, media)
    values = _values(body, fmt)
    assert len(values) == 24 and all(v.startswith("https://w3id.org/") for v in values)


def _values(body: str, fmt: ox.QueryResultsFormat | None) -> list[str]:
    if fmt is None:  # CSV is lossy by design: plain values, which pyoxigraph will not read back
        return [row[0] for row in csv.reader(io.StringIO(body))][1:]
    return [s["a"].value for s in ox.parse_query_results(body.encode(), format=fmt)]


def test_ask_and_construct_negotiate_their_own_types(served):
    status, kind, body = http_get(served.url, "ASK { ?a a wtv:Advice }", {"Accept": "application/sparql-results+xml"})
    assert status == 200 and "<boolean>true</boolean>" in body
    status, kind, body = http_get(served.url, "CONSTRUCT WHERE { ?a a wtv:Advice }", {"Accept": "text/turtle"})
    assert (status, kind) == (200, "text/turtle") and len(list(ox.parse(body.encode(), format=ox.RdfFormat.TURTLE))) == 24
    status, _, _ = http_get(served.url, "ASK { ?a a wtv:Advice }", {"Accept": "image/png"})
    assert status == 406


def test_get_post_and_form_answer_alike(served):
    by_get = http_get(served.url, QUERY)
    by_post = http_post(served.url, QUERY.encode(), "application/sparql-query")
    by_form = http_post(served.url, urllib.parse.urlencode({"query": QUERY}).encode(), "application/x-www-form-urlencoded")
    assert by_get == by_post == by_form and by_get[0] == 200


def test_writes_and_other_content_types_are_refused(served):
    assert http_open(urllib.request.Request(served.url, data=b"x", method="PUT"))[0] == 405
    assert http_post(served.url, f"query={QUERY}".encode(), "text/plain")[0] == 415
    status, _, body = http_get(served.url, "INSERT DATA { <x:a> <x:b> <x:c> }")
    assert status == 400 and body.startswith("query refused: This is an update")
    status, _, body = http_get(served.url + f"?default-graph-uri={urllib.parse.quote('http://127.0.0.1:1/g')}", QUERY)
    assert status == 400


def test_an_oversize_body_is_refused_with_413_and_not_read(served):
    status, _, _ = http_post(served.url, b"query=" + b"x" * 200_000, "application/x-www-form-urlencoded")
    assert status == 413
    with socket.create_connection(("127.0.0.1", served.port)) as sock:  # chunked, with no length to check up front
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\nTransfer-Encoding: chunked\r\n\r\n")
        chunk = b"x" * 32_768
        for _ in range(4):
            sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        assert sock.recv(100).startswith(b"HTTP/1.1 413")


def test_a_foreign_host_and_a_foreign_origin_are_refused(served):
    """DNS rebinding sends the attacker's name as Host; a page elsewhere sends its own Origin."""
    assert http_get(served.url, QUERY, {"Host": "evil.example"})[0] == 400
    assert http_get(served.url, QUERY, {"Host": f"localhost:{served.port}"})[0] == 200
    form = urllib.parse.urlencode({"query": QUERY}).encode()
    assert http_post(served.url, form, "application/x-www-form-urlencoded", {"Origin": "http://evil.example"})[0] == 403
    assert http_post(served.url, form, "application/x-www-form-urlencoded", {"Origin": f"http://127.0.0.1:{served.port}"})[0] == 200


def test_cors_is_opt_in(graph_nt):
    server = Served(graph_nt, "--cors", "https://tools.example")
    try:
        request = urllib.request.Request(f"{server.url}?{urllib.parse.urlencode({'query': 'ASK {}'})}", headers={"Origin": "https://tools.example"})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.headers["access-control-allow-origin"] == "https://tools.example"
        assert http_get(server.url, "ASK {}", {"Origin": "https://other.example"})[0] == 403
    finally:
        server.stop()


def test_a_negative_or_broken_content_length_is_a_bad_request(served):
    for length in (b"-1", b"abc", b"1, 2"):
        with socket.create_connection(("127.0.0.1", served.port), timeout=5) as sock:
            sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\nContent-Length: " + length + b"\r\n\r\nASK {}")
            assert sock.recv(100).startswith(b"HTTP/1.1 400"), length


def test_http11_keep_alive_and_concurrent_requests(served):
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
    for _ in range(3):
        connection.request("GET", "/sparql?" + urllib.parse.urlencode({"query": "ASK {}"}))
        response = connection.getresponse()
        assert response.version == 11 and response.status == 200
        response.read()
    connection.close()
    with ThreadPoolExecutor(max_workers=10) as pool:
        assert set(pool.map(lambda _: http_get(served.url, QUERY)[0], range(20))) == {200}


def test_slowloris_300_half_open_connections_do_not_block_a_normal_query(served):
    sockets = []
    try:
        for _ in range(300):
            sock = socket.create_connection(("127.0.0.1", served.port), timeout=5)
            sock.sendall(b"GET /sparql?query=ASK%20%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            sockets.append(sock)
        begin = time.monotonic()
        assert http_get(served.url, "ASK { ?a a wtv:Advice }")[0] == 200
        assert time.monotonic() - begin < 2.0
    finally:
        for sock in sockets:
            sock.close()


@pytest.mark.slow
def test_a_connection_that_never_finishes_its_headers_is_closed(graph_nt):
    server = Served(graph_nt)
    try:
        with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
            sock.sendall(b"GET /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            begin = time.monotonic()
            while True:  # trickle a header byte every second: each keeps the socket busy, none completes the request
                try:
                    sock.sendall(b"X")
                    if sock.recv(1, socket.MSG_DONTWAIT) == b"":
                        break
                except BlockingIOError:
                    pass
                except OSError:
                    break
                time.sleep(1)
                assert time.monotonic() - begin < 25, "the half-open connection was never closed"
        assert 8 < time.monotonic() - begin < 25
    finally:
        server.stop()


@pytest.mark.slow
def test_a_runaway_is_stopped_and_a_dead_worker_does_not_take_the_server_down(served):
    status, _, body = http_get(served.url, RUNAWAY)
    assert status == 503 and "stopped after 2 s" in body
    for pid in query_workers(descendants(served.process.pid)):
        os.kill(pid, 9)
    time.sleep(0.5)
    answers = [http_get(served.url, "ASK { ?a a wtv:Advice }")[0] for _ in range(3)]
    assert answers[-2:] == [200, 200], answers


@pytest.fixture
def soaked(graph_nt):
    server = Served(graph_nt, "--timeout", "1", "--workers", "4")
    yield server
    server.stop()


@pytest.mark.slow
def test_soak_1000_mixed_queries_from_20_clients(soaked):
    """5% runaways: every normal query still answers, and the server's memory stays flat."""
    served = soaked
    normal = ["ASK { ?a a wtv:Advice }", QUERY, "SELECT ?c WHERE { ?c a wtv:Claim } LIMIT 50", "CONSTRUCT WHERE { ?s a wtv:Footnote }"]

    def one(n: int) -> tuple[bool, int]:
        runaway = n % 20 == 7
        status = http_get(served.url, RUNAWAY if runaway else normal[n % len(normal)])[0]
        return runaway, status

    with ThreadPoolExecutor(max_workers=20) as pool:
        list(pool.map(one, range(100)))  # warm-up: workers started, caches filled
        before = served.rss_kib()
        results = list(pool.map(one, range(SOAK)))
    after = served.rss_kib()
    failures = [status for runaway, status in results if not runaway and status != 200]
    assert failures == []
    assert all(status == 503 for runaway, status in results if runaway)
    assert after - before < 100 * 1024, (before, after)


def test_the_listener_is_never_reached_through_the_endpoint(served, listener):
    escape = f"SELECT * WHERE {{ SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}"
    status, _, body = http_get(served.url, escape)
    assert status == 400 and "SERVICE" in body and "Traceback" not in body
    time.sleep(0.3)
    assert listener.connections == 0


def test_threads_are_not_left_behind():
    assert threading.active_count() < 50


def _or_chain(operands: int, tag: int) -> str:
    return "ASK { FILTER(" + "||".join(["1"] * operands) + f"||{tag}) }}"


@pytest.mark.slow
def test_three_slow_parses_in_flight_do_not_refuse_another_clients_query(graph_nt):
    """Each of three clients sends a text that keeps a parser busy past its limit; a fourth client's ordinary
    query answers within 2 s, and the slow texts are refused (or answered), never reported as busy.

    A server of its own, warmed up: the session's server may be replacing workers another test ended."""
    served = Served(graph_nt, "--workers", "2")
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:  # both workers and the light parsers up
            assert set(pool.map(lambda n: http_get(served.url, f"ASK {{ ?a a wtv:Advice }} # warm {n}")[0], range(4))) == {200}
        with ThreadPoolExecutor(max_workers=3) as pool:
            heavy = [pool.submit(http_post, served.url, _or_chain(6_000, 100 + n).encode(), "application/sparql-query") for n in range(3)]
            time.sleep(1.5)
            assert not any(future.done() for future in heavy)
            begin = time.monotonic()
            status, _, body = http_get(served.url, "SELECT ?advice WHERE { ?advice a wtv:Advice }")
            elapsed = time.monotonic() - begin
            answers = [future.result() for future in heavy]
    finally:
        served.stop()
    assert status == 200 and elapsed < 2.0, (status, elapsed, body[:200])
    for status, _, body in answers:
        assert status == 200 or (status == 400 and "could not be checked within" in body), (status, body[:200])


@pytest.mark.slow
def test_the_99_kb_query_is_refused_at_once_and_the_service_stays_up(graph_nt):
    """It used to occupy the one parser thread for two minutes, and every other query was refused meanwhile."""
    server = Served(graph_nt)
    try:
        assert http_get(server.url, "ASK {}")[0] == 200
        begin = time.monotonic()
        status, _, body = http_post(server.url, _or_chain(33_000, 7).encode(), "application/sparql-query")
        assert status == 400 and "parts" in body and time.monotonic() - begin < 2.0, (status, body)
        assert http_get(server.url, "ASK { ?a a wtv:Advice }")[0] == 200
    finally:
        server.stop()


@pytest.mark.slow
def test_a_body_that_stops_arriving_gets_408_and_an_idle_connection_is_closed(served):
    """The README's deadlines: a body must arrive within 10 s, an idle keep-alive connection closes after 5 s."""
    with socket.create_connection(("127.0.0.1", served.port), timeout=30) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\nASK {")
        begin = time.monotonic()
        answer = sock.recv(100)
        assert answer.startswith(b"HTTP/1.1 408") and 8 < time.monotonic() - begin < 20, answer
    with socket.create_connection(("127.0.0.1", served.port), timeout=30) as sock:
        sock.sendall(b"GET /sparql?query=ASK%20%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert sock.recv(4096).startswith(b"HTTP/1.1 200")
        begin = time.monotonic()
        while sock.recv(4096):
            pass
        assert 4 < time.monotonic() - begin < 15
