"""The streaming build: each report on its own into an on-disk store, the same graph as the build in memory,
and only what changed rebuilt."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.graph import pipeline
from kg.graph.pipeline import published_graph
from tests.helpers import SMALL_CURATED, as_oxigraph_holds_it, small_corpus, store_graph, store_quads


def build(out: Path, reports: list[Path], **options: object):
    return pipeline.build(out, reports, curated=SMALL_CURATED, with_reasoner=False, **options)  # type: ignore[arg-type]


def assert_isomorphic(actual, expected) -> None:
    if not isomorphic(actual, expected):
        _, only_actual, only_expected = graph_diff(to_isomorphic(actual), to_isomorphic(expected))
        lines = sorted(only_expected.serialize(format="nt").splitlines())[:10], sorted(only_actual.serialize(format="nt").splitlines())[:10]
        raise AssertionError(f"only in expected: {lines[0]}\nonly in actual: {lines[1]}")


def test_streamed_one_report_is_the_graph_built_in_memory(tmp_path):
    reports = small_corpus(1, tmp_path / "reports")
    outcome = build(tmp_path / "out", reports)
    assert outcome.built == ["klein-rapport"] and not outcome.failed
    assert_isomorphic(store_graph(outcome.store), as_oxigraph_holds_it(published_graph(reports, SMALL_CURATED, with_reasoner=False).graph))


@pytest.mark.slow
def test_streamed_twenty_reports_in_two_workers_are_the_graph_built_in_memory(tmp_path):
    reports = small_corpus(20, tmp_path / "reports")
    outcome = build(tmp_path / "out", reports, workers=2)
    assert sorted(outcome.built) == sorted(p.stem for p in reports)
    expected = published_graph(reports, SMALL_CURATED, with_reasoner=False).graph
    assert_isomorphic(store_graph(outcome.store), as_oxigraph_holds_it(expected))
    files = (tmp_path / "out" / "kg.nt").read_bytes()
    assert files == pipeline.render(pipeline.canonical_nt(expected), "nt")


def test_an_unchanged_build_reads_no_report_and_rebuilds_nothing(tmp_path):
    reports = small_corpus(3, tmp_path / "reports")
    build(tmp_path / "out", reports)
    again = build(tmp_path / "out", reports)
    assert again.skipped and again.unchanged == 3
    reports[1].touch()  # the same bytes, a new time: read and found unchanged
    assert build(tmp_path / "out", reports).skipped


def test_an_incremental_rebuild_after_changing_one_report_equals_a_full_rebuild(tmp_path):
    reports = small_corpus(6, tmp_path / "reports")
    build(tmp_path / "out", reports)
    # Report 2 now cites another Ogink & Gijzel (2019) than before: it claims a key that report 1 held.
    changed = reports[2]
    changed.write_text(changed.read_text(encoding="utf-8").replace("*Basisfuncties voor lokale teams in kaart*", "*Een nieuw werk*"), encoding="utf-8")
    incremental = build(tmp_path / "out", reports)
    assert "klein-rapport-002" in incremental.built and len(incremental.built) < len(reports)
    full = build(tmp_path / "full", reports)
    assert store_quads(incremental.store) == store_quads(full.store)
    assert (tmp_path / "out" / "kg.nq").read_bytes() == (tmp_path / "full" / "kg.nq").read_bytes()


def test_a_report_that_claims_a_key_first_renames_the_later_work_as_a_full_build_would(tmp_path):
    reports = small_corpus(4, tmp_path / "reports")
    build(tmp_path / "out", [reports[0], reports[3]])  # report 3 names its other Ogink & Gijzel (2019) 'ogink-gijzel-2019-2'
    incremental = build(tmp_path / "out", reports)  # report 1 comes before it and now claims that key for its own work
    assert sorted(incremental.built) == ["klein-rapport-001", "klein-rapport-002", "klein-rapport-003"], "the report whose work was renamed is rebuilt"
    full = build(tmp_path / "full", reports)
    assert store_quads(incremental.store) == store_quads(full.store)


def test_removing_a_report_removes_its_graph_and_the_works_only_it_cited(tmp_path):
    reports = small_corpus(4, tmp_path / "reports")
    build(tmp_path / "out", reports)
    gone = reports.pop(3)
    outcome = build(tmp_path / "out", reports)
    assert outcome.removed == [gone.stem] and not outcome.built
    quads = store_quads(outcome.store)
    assert not any(gone.stem in q for q in quads)
    assert not any("ander-werk-nummer-3" in q.lower() or "Ander werk nummer 3" in q for q in quads)
    full = build(tmp_path / "full", reports)
    assert quads == store_quads(full.store)


def test_one_bad_report_is_named_and_skipped_and_the_others_are_built(tmp_path):
    reports = small_corpus(4, tmp_path / "reports")
    build(tmp_path / "out", reports)
    before = store_quads(tmp_path / "out" / "store")
    bad = reports[2]
    bad.write_text(bad.read_text(encoding="utf-8").replace("bij veiligheid thuis.<sup>1</sup>", "bij veiligheid thuis.<sup>99</sup>"), encoding="utf-8")
    reports[3].write_text(reports[3].read_text(encoding="utf-8").replace("Die elementen", "Deze elementen"), encoding="utf-8")
    outcome = build(tmp_path / "out", reports)
    assert [f.path for f in outcome.failed] == [str(bad)] and "line 13" in outcome.failed[0].message
    assert outcome.built == ["klein-rapport-003"]
    after = store_quads(outcome.store)
    assert {q for q in before if "klein-rapport-002/" in q} == {q for q in after if "klein-rapport-002/" in q}, "the bad report keeps its last graph"


def test_a_forced_build_starts_afresh_and_gives_the_same_store(tmp_path):
    reports = small_corpus(3, tmp_path / "reports")
    first = store_quads(build(tmp_path / "out", reports).store)
    forced = build(tmp_path / "out", reports, force=True)
    assert sorted(forced.built) == sorted(p.stem for p in reports)
    assert store_quads(forced.store) == first
    shutil.rmtree(tmp_path / "out" / "stores" / "work")
    assert sorted(build(tmp_path / "out", reports).built) == sorted(p.stem for p in reports), "without its store the build starts afresh"


PEAK = """
import json, resource, sys
from pathlib import Path
from kg.graph import pipeline
from tests.helpers import SMALL_CURATED, small_corpus

def peak_mb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024

if __name__ == "__main__":
    folder, n = Path(sys.argv[1]), int(sys.argv[2])
    pipeline.build(folder / "out", small_corpus(n, folder / "reports"), curated=SMALL_CURATED, with_reasoner=False, files=False, workers=2)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps(peak_mb() + 2 * workers))
"""


@pytest.mark.slow
def test_the_builds_memory_does_not_grow_with_the_number_of_reports(tmp_path):
    """The build's peak (its own, and twice its largest worker's) at 200 reports is within 1.5 times that at 20."""
    import json
    import os
    import subprocess
    import sys

    from kg.settings import ROOT

    script = tmp_path / "peak.py"
    script.write_text(PEAK, encoding="utf-8")
    peaks = {}
    for n in (20, 200):
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        done = subprocess.run([sys.executable, str(script), str(tmp_path / str(n)), str(n)], capture_output=True, text=True, cwd=ROOT, env=env)
        assert done.returncode == 0, done.stderr[-2000:]
        peaks[n] = json.loads(done.stdout.strip().splitlines()[-1])
    assert peaks[200] <= 1.5 * peaks[20], peaks
