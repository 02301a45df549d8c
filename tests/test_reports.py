"""Several reports in one graph: each in its own named graph, a source cited by both is one node."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.graph import pipeline
from kg.graph.assemble import asserted_graph
from kg.graph.serialize import canonical_nt, render, write_atomic
from kg.settings import ONTOLOGY
from kg.sparql.catalogue import list_queries
from kg.sparql.embedded import EmbeddedStore
from tests.helpers import ARGUMENT_MAP, CURATED, EXAMPLE_BINDINGS, ID, REPORT_FILE, rows

GRAPH = ID + "graph/"
REPORTS = ID + "report/"
SCOPED = [q for q in list_queries(with_pages=True) if any(p.name == "report" for p in q.params)]


@pytest.fixture(scope="module", params=["in memory", "streamed"])
def two_reports(request, tmp_path_factory) -> EmbeddedStore:
    """Two reports built together in memory (and written as N-Quads), or each on its own into the on-disk store:
    every merge below holds for both."""
    folder = tmp_path_factory.mktemp("reports")
    second = folder / "tweede-rapport.md"
    second.write_text(REPORT_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    maps = folder / "argument"
    maps.mkdir()
    for slug in ("wijkteams-werken-aan-veiligheid", "tweede-rapport"):  # a map names statements by their path in the report
        (maps / f"{slug}.yaml").write_text(ARGUMENT_MAP.read_text(encoding="utf-8").replace("report: wijkteams-werken-aan-veiligheid", f"report: {slug}"))
    if request.param == "streamed":
        built = pipeline.build(folder / "out", [REPORT_FILE, second], curated=CURATED, with_reasoner=False, argument_dir=maps)
        assert built.store is not None and not built.failed
        return EmbeddedStore.from_file(built.store)
    graph = asserted_graph([REPORT_FILE, second], CURATED, ONTOLOGY, argument_dir=maps)
    path = folder / "kg.nq"
    write_atomic({path: render(canonical_nt(graph), "nq")})
    return EmbeddedStore.from_file(path)


def test_each_report_has_its_own_named_graph(two_reports):
    found = {r["g"] for r in rows(two_reports, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
    assert found == {GRAPH + "wijkteams-werken-aan-veiligheid", GRAPH + "tweede-rapport"}


def test_queries_see_all_reports_and_can_be_scoped_to_one(two_reports):
    assert rows(two_reports, "SELECT (COUNT(?a) AS ?n) WHERE { ?a a wtv:Advice }")[0]["n"] == "48"
    scoped = rows(two_reports, "SELECT ?g (COUNT(?a) AS ?n) WHERE { GRAPH ?g { ?a a wtv:Advice } } GROUP BY ?g", g=ox.NamedNode(GRAPH + "tweede-rapport"))
    assert scoped[0]["n"] == "24"


def test_a_source_cited_by_both_reports_is_one_node(two_reports):
    assert rows(two_reports, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a/rdfs:subClassOf* wtv:Source }")[0]["n"] == "43"  # 33 shared + 5 practice each
    citing = rows(two_reports, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?f wtv:cites <https://w3id.org/wijkteams-veiligheid/id/source/ryan-2000> } }")
    assert len(citing) == 2
    described = rows(two_reports, "SELECT (COUNT(*) AS ?n) WHERE { <https://w3id.org/wijkteams-veiligheid/id/source/ryan-2000> dcterms:title ?t }")
    assert described[0]["n"] == "1"


@pytest.mark.parametrize("how", ["in memory", "streamed"])
def test_different_works_with_the_same_author_and_year_stay_apart(tmp_path, how):
    second = tmp_path / "ander-rapport.md"
    text = REPORT_FILE.read_text(encoding="utf-8").replace("*Toegevoegde waarde en effectiviteit wijkteams*", "*Een ander werk*")
    second.write_text(text, encoding="utf-8")
    if how == "streamed":
        built = pipeline.build(tmp_path / "out", [REPORT_FILE, second], curated=CURATED, with_reasoner=False)
        assert built.store is not None
        store = EmbeddedStore.from_file(built.store)
    else:
        store = EmbeddedStore.from_graph(asserted_graph([REPORT_FILE, second], CURATED, ONTOLOGY))
    titles = {
        r["t"]
        for r in rows(store, "SELECT ?s ?t WHERE { ?s dcterms:title ?t FILTER(STRSTARTS(STR(?s), 'https://w3id.org/wijkteams-veiligheid/id/source/zwaan')) }")
    }
    assert titles == {"Toegevoegde waarde en effectiviteit wijkteams", "Een ander werk"}


@pytest.mark.parametrize("query", SCOPED, ids=lambda q: q.name)
def test_a_report_parameter_scopes_the_query_to_that_report(two_reports, query):
    # Other parameters stay unbound unless they name something both reports share (a concept).
    others = {p.name: ox.NamedNode(EXAMPLE_BINDINGS[p.name]) for p in query.params if p.name in ("concept", "theme")}
    second = rows(two_reports, query.text, report=ox.NamedNode(REPORTS + "tweede-rapport"), **others)
    everything = rows(two_reports, query.text, **others)
    values = [v for r in second for v in r.values()]
    assert second, f"{query.name} finds nothing in the second report"
    assert not any("/id/wijkteams-werken-aan-veiligheid/" in v or v.endswith("/report/wijkteams-werken-aan-veiligheid") for v in values)
    assert {r["report"] for r in everything} >= {REPORTS + "tweede-rapport", REPORTS + "wijkteams-werken-aan-veiligheid"}


def test_each_report_keeps_its_own_defects_of_a_shared_work(two_reports):
    found = rows(
        two_reports,
        "SELECT ?r (COUNT(?d) AS ?n) WHERE { <https://w3id.org/wijkteams-veiligheid/id/source/ogink-2019> wtv:hasDefect ?d . ?d wtv:inReport ?r } GROUP BY ?r",
    )
    assert sorted((r["r"].rsplit("/", 1)[1], r["n"]) for r in found) == [("tweede-rapport", "3"), ("wijkteams-werken-aan-veiligheid", "3")]
