"""The benchmark's own check: its synthetic corpus has the report's shape and shares sources between reports.

It lives beside the corpus it checks, so the project's tests never import the benchmarks.
"""

from bench.corpus import shared_curated, write_corpus
from kg.graph.assemble import asserted_graph
from kg.parse.report import read_report
from kg.settings import ONTOLOGY
from kg.sparql.embedded import EmbeddedStore
from kg.sparql.result import to_records


def test_synthetic_reports_parse_into_the_reports_shape(tmp_path):
    paths = write_corpus(2, tmp_path)
    doc = read_report(paths[0])
    assert len([s for s in doc.sections if s.level == 1]) == 5  # four chapters and "Bronnen"
    assert doc.advice and doc.enumerations and len(doc.footnotes) == 24
    assert all(a.text.plain.endswith("zoals het gewone leven vraagt.") for a in doc.advice), "page-break continuations rejoin their advice"
    assert write_corpus(2, tmp_path / "again")[0].read_text() == paths[0].read_text()  # deterministic


def test_reports_share_the_sources_they_have_in_common(tmp_path):
    paths = write_corpus(3, tmp_path)
    store = EmbeddedStore.from_graph(asserted_graph(paths, shared_curated(tmp_path), ONTOLOGY))
    shared = to_records(
        store.select("SELECT ?s (COUNT(DISTINCT ?r) AS ?n) WHERE { ?f wtv:cites ?s ; wtv:inReport ?r } GROUP BY ?s HAVING (COUNT(DISTINCT ?r) > 1)")
    )
    assert shared, "some works are cited by more than one report and are one node"
