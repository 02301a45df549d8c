"""The kg command line, in process (click's CliRunner)."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.settings import ROOT
from tests.helpers import ID

FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(scope="module")
def built_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("build")
    result = CliRunner().invoke(main, ["build", "--no-reason", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def test_build_writes_turtle_ntriples_and_jsonld(built_dir):
    for name in ("kg.ttl", "kg.nt", "kg.jsonld"):
        assert (built_dir / name).stat().st_size > 100_000


@pytest.mark.reasoner
def test_build_adds_the_types_the_reasoner_infers(tmp_path):
    assert invoke("build", "--out", str(tmp_path)).exit_code == 0
    typed = "<https://w3id.org/wijkteams-veiligheid/id/wijkteams-werken-aan-veiligheid/advice/sociaal-netwerk/a1> "
    typed += "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/wijkteams-veiligheid/ontology#EvidenceBasedAdvice> ."
    assert typed in (tmp_path / "kg.nt").read_text().splitlines()


@pytest.mark.slow
def test_build_is_byte_for_byte_deterministic_across_processes(tmp_path):
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        env = {"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}
        subprocess.run([sys.executable, "-m", "kg.cli", "build", "--no-reason", "--out", str(out)], check=True, env=env, cwd=ROOT, capture_output=True)
        outputs.append({name: (out / name).read_bytes() for name in ("kg.ttl", "kg.nt", "kg.jsonld", "kg.nq")})
    assert outputs[0] == outputs[1]


def test_failed_build_leaves_the_previous_graph(tmp_path, report_copy):
    out = tmp_path / "out"
    assert invoke("build", "--no-reason", "--out", str(out), "--report", str(report_copy)).exit_code == 0
    before = (out / "kg.ttl").read_bytes()
    text = report_copy.read_text().replace("Wijkteams zijn zeven jaar", "Wijkteams zijn<sup>99</sup> zeven jaar")
    report_copy.write_text(text)
    result = invoke("build", "--no-reason", "--out", str(out), "--report", str(report_copy))
    assert result.exit_code == 1
    assert "line 16: marker <sup>99</sup> has no footnote 99" in result.output
    assert (out / "kg.ttl").read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == ["kg.jsonld", "kg.nq", "kg.nt", "kg.ttl", "registry.sqlite", "reports", "store", "stores"]


def test_an_unchanged_build_is_skipped_and_a_changed_input_rebuilds(tmp_path):
    # On the fixture report, a tenth of the real one's build time: the skip does not depend on which report.
    report = tmp_path / "klein-rapport.md"
    report.write_text((FIXTURES / "klein-rapport.md").read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    args = ("build", "--no-reason", "--out", str(out), "--report", str(report), "--curated", str(FIXTURES / "klein-curated.yaml"))
    assert "triples ->" in invoke(*args).output
    graph = out / "kg.nt"
    first = graph.stat().st_mtime_ns
    assert "up to date" in invoke(*args).output and graph.stat().st_mtime_ns == first
    report.write_text(report.read_text(encoding="utf-8") + "\nEen nieuwe alinea.\n", encoding="utf-8")
    assert "triples ->" in invoke(*args).output and graph.stat().st_mtime_ns != first
    assert "triples ->" in invoke(*args, "--force").output


def test_a_bad_report_among_several_is_named_with_its_line(tmp_path, report_copy):
    bad = tmp_path / "tweede-rapport.md"
    bad.write_text(report_copy.read_text().replace("Wijkteams zijn zeven jaar", "Wijkteams zijn<sup>99</sup> zeven jaar"))
    result = invoke("build", "--no-reason", "--out", str(tmp_path / "out"), "--report", str(report_copy), "--report", str(bad))
    assert result.exit_code == 1, "the others are built; the exit code says one was skipped"
    assert f"{bad}: line 16: marker <sup>99</sup> has no footnote 99" in result.output
    assert re.search(r"built +1\n", result.output) and re.search(r"skipped \(previous graph kept\) +1\n", result.output)


def test_query_by_name_as_csv(built_dir):
    result = invoke("query", "duplicate-footnotes", "--graph", str(built_dir / "kg.nt"), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert 'Ogink & Gijzel (2019),"1, 19",2' in result.output


def test_query_with_a_bound_parameter_as_json(built_dir):
    concept = ID + "concept/meldcode"
    result = invoke("query", "concept-everything", "--graph", str(built_dir / "kg.nt"), "--format", "json", "--param", f"concept={concept}")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    labels = {b["conceptLabel"]["value"] for b in data["results"]["bindings"]}
    assert labels == {"Meldcode"}


def test_malformed_query_file_says_line_and_column(built_dir, tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?s WHERE {\n  ?s ?p\n}\n")
    result = invoke("query", str(bad), "--graph", str(built_dir / "kg.nt"))
    assert result.exit_code == 2
    assert "line 2, column 3" in result.output


def test_unknown_query_name(built_dir):
    result = invoke("query", "no-such-query", "--graph", str(built_dir / "kg.nt"))
    assert result.exit_code == 2 and "no query named 'no-such-query'" in result.output


def test_validate_conforms(built_dir):
    result = invoke("validate", "--graph", str(built_dir / "kg.ttl"), "--no-reason")
    assert result.exit_code == 0, result.output
    assert "SHACL: conforms" in result.output


@pytest.mark.reasoner
def test_validate_with_the_reasoner_finds_the_graph_consistent(built_dir):
    result = invoke("validate", "--graph", str(built_dir / "kg.ttl"))
    assert result.exit_code == 0, result.output
    assert "SHACL: conforms" in result.output and "reasoner (HermiT): consistent" in result.output


def test_validate_reports_violations_with_exit_1(built_dir, tmp_path):
    broken = tmp_path / "broken.ttl"
    text = (built_dir / "kg.nt").read_text()
    kept = [line for line in text.splitlines() if "ontology#cites>" not in line]
    broken.write_text("\n".join(kept) + "\n")
    result = invoke("validate", "--graph", str(broken), "--no-reason")
    assert result.exit_code == 1
    assert "every footnote cites at least one source" in result.output


@pytest.mark.parametrize("fmt", ["aif", "graphml", "jsonld", "rdfxml"])
def test_export(built_dir, tmp_path, fmt):
    out = tmp_path / f"export.{fmt}"
    result = invoke("export", "--format", fmt, "--graph", str(built_dir / "kg.nt"), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 1000


def test_aif_export_has_inodes_ra_and_ca(built_dir, tmp_path):
    out = tmp_path / "aif.json"
    invoke("export", "--format", "aif", "--graph", str(built_dir / "kg.nt"), "--out", str(out))
    data = json.loads(out.read_text())
    types = {n["type"] for n in data["nodes"]}
    assert types == {"I", "RA", "CA"}
    ids = {n["nodeID"] for n in data["nodes"]}
    assert all(e["fromID"] in ids and e["toID"] in ids for e in data["edges"])
    advice_ra = [n for n in data["nodes"] if n["type"] == "RA" and n["kind"] == "supports"]
    assert len(advice_ra) == 24


def test_namespace_module_is_in_sync_with_the_ontology():
    assert invoke("namespace", "--check").exit_code == 0


def test_query_that_reaches_outside_is_refused_before_it_runs(built_dir, tmp_path):
    bad = tmp_path / "service.rq"
    bad.write_text("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }\n")
    result = invoke("query", str(bad), "--graph", str(built_dir / "kg.nt"))
    assert result.exit_code == 2 and "query refused: SERVICE asks another server" in result.output


def test_an_unchanged_report_is_not_read_again(tmp_path, monkeypatch):
    """Its file's size and time say it is unchanged; its bytes are read only when they say otherwise."""
    from kg.graph import pipeline

    report = tmp_path / "klein-rapport.md"
    report.write_text((FIXTURES / "klein-rapport.md").read_text(encoding="utf-8"), encoding="utf-8")
    built = pipeline.build(tmp_path / "out", [report], curated=FIXTURES / "klein-curated.yaml", with_reasoner=False)
    assert not built.skipped
    reads = []
    opened, read_bytes = Path.open, Path.read_bytes
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: (reads.append(self) if self == report else None, opened(self, *a, **k))[1])
    monkeypatch.setattr(Path, "read_bytes", lambda self: (reads.append(self) if self == report else None, read_bytes(self))[1])
    assert pipeline.build(tmp_path / "out", [report], curated=FIXTURES / "klein-curated.yaml", with_reasoner=False).skipped
    assert reads == []
