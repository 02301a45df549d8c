"""`kg push` with a built N-Quads file: one named graph per report into a real Oxigraph server, only what changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.sparql.named import records
from kg.sparql.push import ledger_of
from kg.sparql.remote import RemoteStore
from tests.helpers import ID, REPORT_FILE, oxigraph_server

SECOND = ID + "graph/tweede-rapport"


def _store_url(endpoint: str) -> str:
    return RemoteStore(endpoint).store_url


@pytest.fixture
def server(tmp_path: Path):
    """An Oxigraph server of its own that answers over the union of its graphs, as the deployment runs it."""
    with oxigraph_server("--location", str(tmp_path / "data"), "--union-default-graph") as url:
        yield url


def _build(out: Path, *reports: Path) -> Path:
    args = ["build", "--no-reason", "--out", str(out)]
    for report in reports:
        args += ["--report", str(report)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return out / "kg.nq"


def _push(endpoint: str, quads: Path) -> str:
    result = CliRunner().invoke(main, ["--endpoint", endpoint, "push", "--graph", str(quads)])
    assert result.exit_code == 0, result.output
    return result.output


def _titles(endpoint: str) -> list[str]:
    return sorted(r["title"] for r in records(RemoteStore(endpoint), "report-info"))


def test_a_push_sends_the_reports_that_changed_and_drops_the_one_removed(server, tmp_path):
    second = tmp_path / "tweede-rapport.md"
    text = REPORT_FILE.read_text(encoding="utf-8")
    second.write_text(text.replace("# *Wijkteams werken aan veiligheid*", "# *Tweede rapport*", 1), encoding="utf-8")
    quads = _build(tmp_path / "out", REPORT_FILE, second)

    assert "3 of 3 graphs sent, 0 dropped" in _push(server, quads)
    assert _titles(server) == ["Tweede rapport", "Wijkteams werken aan veiligheid"]
    assert "0 of 3 graphs sent, 0 dropped" in _push(server, quads)

    second.write_text(text.replace("# *Wijkteams werken aan veiligheid*", "# *Derde titel*", 1), encoding="utf-8")
    _build(tmp_path / "out", REPORT_FILE, second)
    before = json.loads(ledger_of(quads).read_text(encoding="utf-8"))
    assert "1 of 3 graphs sent, 0 dropped" in _push(server, quads)  # the changed report's graph, and only it
    after = json.loads(ledger_of(quads).read_text(encoding="utf-8"))
    changed = {key for key, digest in after[_store_url(server)].items() if before[_store_url(server)].get(key) != digest}
    assert changed == {SECOND}
    assert _titles(server) == ["Derde titel", "Wijkteams werken aan veiligheid"]

    _build(tmp_path / "out", REPORT_FILE)
    assert "1 of 2 graphs sent, 1 dropped" in _push(server, quads)  # the default graph loses what only it cited
    assert _titles(server) == ["Wijkteams werken aan veiligheid"]
    answered = records(RemoteStore(server), "advice-evidence", report=ID + "report/wijkteams-werken-aan-veiligheid")
    assert len(answered) == 24  # the real report's advice, each once: no graph left behind twice
