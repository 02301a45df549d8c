"""The SPARQL server the project starts itself (`.ci/run`, the deployment recipe) cannot open a connection.

`deploy/no_egress.py` runs Oxigraph's server in a network namespace of its own
and relays its port; a SERVICE sent to it straight, with no guard in front,
must reach nothing. The control shows the same query from the same server,
started plainly, does connect.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest

from kg.settings import ROOT
from tests.helpers import OXIGRAPH, free_port, http_get, http_post

NO_EGRESS = ROOT / "deploy" / "no_egress.py"


def _service(listener) -> str:
    return f"SELECT * WHERE {{ SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}"


def _sealed(port: int, location: Path) -> list[str]:
    """Oxigraph's server started as .ci/run starts it."""
    return [sys.executable, str(NO_EGRESS), f"127.0.0.1:{port}", "--", OXIGRAPH, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]


def _start(command: list[str], port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(100):
        try:
            if http_get(f"http://127.0.0.1:{port}/query", "ASK {}")[0] == 200:
                return process
        except OSError:
            pass
        time.sleep(0.1)
    process.kill()
    raise RuntimeError(process.stderr.read().decode() if process.stderr else "the server did not start")


@pytest.fixture
def sealed(tmp_path):
    port = free_port()
    process = _start(_sealed(port, tmp_path), port)
    yield f"http://127.0.0.1:{port}/query"
    process.terminate()
    process.wait(15)


def test_a_plain_oxigraph_server_follows_service(listener):
    """Control: the server itself has no switch against federation."""
    port = free_port()
    process = _start([OXIGRAPH, "serve", "--bind", f"127.0.0.1:{port}"], port)
    try:
        http_get(f"http://127.0.0.1:{port}/query", _service(listener))
    finally:
        process.terminate()
        process.wait(10)
    time.sleep(0.3)
    assert listener.connections >= 1


def test_the_sealed_server_answers_loads_and_reaches_nothing(sealed, listener):
    store = sealed.replace("/query", "/store") + "?default"
    status, _, _ = http_post(store, b"<http://e.org/a> <http://e.org/b> <http://e.org/c> .\n", "application/n-triples")
    assert status in (200, 201, 204)
    status, _, body = http_get(sealed, "SELECT ?o WHERE { ?s ?p ?o }")
    assert status == 200 and "http://e.org/c" in body
    http_get(sealed, _service(listener))
    time.sleep(0.3)
    assert listener.connections == 0


def test_the_sealed_server_stops_with_its_relay(tmp_path):
    port = free_port()
    process = _start(_sealed(port, tmp_path), port)
    server = [int(p) for p in subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout.split()]
    process.terminate()
    process.wait(15)
    time.sleep(0.5)
    assert server and all(not Path(f"/proc/{pid}").exists() for pid in server)


@pytest.mark.skipif(not os.environ.get("KG_TEST_ENDPOINT"), reason="only where .ci/run started the endpoint")
def test_the_endpoint_ci_started_reaches_nothing(listener):
    http_get(os.environ["KG_TEST_ENDPOINT"], _service(listener))
    form = urllib.parse.urlencode({"query": _service(listener)}).encode()
    http_post(os.environ["KG_TEST_ENDPOINT"], form, "application/x-www-form-urlencoded")
    time.sleep(0.3)
    assert listener.connections == 0
