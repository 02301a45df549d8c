"""A small report with the real report's quirks, built in a tenth of a second and checked fact by fact.

``tests/fixtures/klein-rapport.md`` has a paragraph and an enumeration cut in
half by footnote blocks at page breaks, a footnote whose URL continues in the
next page's footnote block, one source cited under two footnote numbers, a URL
printed with a space, and advice bullets next to enumeration bullets. Every
count below was read from that file. Its graph is also kept as a golden file
(``tests/golden/klein-rapport.ttl``), compared by isomorphism; run with
``KG_UPDATE_GOLDEN=1`` to rewrite it after an intended change, and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.graph.assemble import bind_prefixes
from kg.graph.pipeline import published_graph
from kg.vocab.namespace import WTV
from tests.helpers import ID

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parent / "golden" / "klein-rapport.ttl"
FIXTURE_REPORT = FIXTURES / "klein-rapport.md"
OA = "http://www.w3.org/ns/oa#"
OWN = (ID + "klein-rapport/", ID + "report/klein-rapport", ID + "source/")


@pytest.fixture(scope="module")
def graph() -> Graph:
    return published_graph([FIXTURE_REPORT], FIXTURES / "klein-curated.yaml", with_reasoner=False).graph


def node(path: str) -> URIRef:
    return URIRef(ID + "klein-rapport/" + path)


def text(graph: Graph, subject: URIRef) -> str:
    return str(graph.value(subject, WTV.text))


def count(graph: Graph, cls: URIRef) -> int:
    return sum(1 for s in graph.subjects(RDF.type, cls) if str(s).startswith(OWN))


def test_the_parts_of_the_report(graph):
    assert (count(graph, WTV.Paragraph), count(graph, WTV.Advice), count(graph, WTV.Footnote)) == (5, 2, 3)
    assert count(graph, WTV.ListItem) == 4  # Verbinding, Vertrouwen; and the two conditions


def test_a_paragraph_cut_by_a_footnote_block_is_one_paragraph_pointing_at_both_halves(graph):
    paragraph = node("paragraph/gedeelde-besluitvorming/p2")
    assert text(graph, paragraph) == "Het gesprek gaat door, ook als het schuurt. Dat vraagt tijd en geduld."
    source = FIXTURE_REPORT.read_text(encoding="utf-8")
    halves = []
    for position in _selectors(graph, paragraph, "TextPositionSelector"):
        start, end = (int(graph.value(position, URIRef(OA + name))) for name in ("start", "end"))
        halves.append(source[start:end])
    assert sorted(halves) == ["Het gesprek gaat door, ook als het", "schuurt.<sup>3</sup> Dat vraagt tijd en geduld."]


def test_an_enumeration_continues_after_the_page_break(graph):
    items = sorted(text(graph, s) for s in graph.subjects(RDF.type, WTV.DecisionCondition))
    assert items == ["Beide partijen werken aan overeenstemming.", "Er zijn minimaal twee personen;"]


def test_bullets_after_a_paragraph_are_advice_not_enumeration_items(graph):
    advice = sorted(text(graph, s) for s in graph.subjects(RDF.type, WTV.Advice))
    assert advice == [
        "Het samen beslissen is een belangrijk onderdeel van het werk van de wijkteamprofessional.",
        "Het wijkteam bespreekt veiligheid altijd samen met de inwoner.",
    ]


def test_a_footnote_continued_on_the_next_page_keeps_its_url(graph):
    footnote = URIRef(ID + "klein-rapport/footnote/2")
    assert text(graph, footnote).endswith("Oxford University Press. https://global.oup.com/academic/shared-decision-making")


def test_one_source_cited_under_two_footnote_numbers_is_one_source(graph):
    ogink = URIRef(ID + "source/ogink-2019")
    citing = sorted(str(f).rsplit("/", 1)[-1] for f in graph.subjects(WTV.cites, ogink))
    assert citing == ["1", "3"]


def test_a_url_printed_with_a_space_is_kept_and_corrected_by_the_rule(graph):
    correction = node("correction/ogink-2019/1")
    assert str(graph.value(correction, WTV.printedForm)) == "https://www.sociaalwerk nederland.nl/?file=17901&m=1573480031&action=file.download"
    assert str(graph.value(correction, WTV.workingForm)) == "https://www.sociaalwerknederland.nl/?file=17901&m=1573480031&action=file.download"
    assert graph.value(correction, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")) == node("errata/rule-url-whitespace")
    assert len(set(graph.objects(correction, WTV.corrects))) == 2  # footnote 1 and the bibliography both print it so


def test_the_graph_matches_its_golden_file(graph):
    own = Graph()
    for triple in graph:
        if isinstance(triple[0], URIRef) and str(triple[0]).startswith(OWN):
            own.add(triple)
    if os.environ.get("KG_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        bind_prefixes(own).serialize(GOLDEN, format="turtle")
    golden = Graph().parse(GOLDEN)
    if not isomorphic(own, golden):
        _, only_built, only_golden = graph_diff(to_isomorphic(own), to_isomorphic(golden))
        shown = sorted(only_built.serialize(format="nt").splitlines())[:5], sorted(only_golden.serialize(format="nt").splitlines())[:5]
        pytest.fail(f"the fixture's graph differs from {GOLDEN.name} (KG_UPDATE_GOLDEN=1 rewrites it): built has {shown[0]}, golden has {shown[1]}")


def _selectors(graph: Graph, subject: URIRef, kind: str) -> list[URIRef]:
    found = []
    for location in graph.objects(subject, WTV.location):
        for selector in graph.objects(location, URIRef(OA + "hasSelector")):
            if (selector, RDF.type, URIRef(OA + kind)) in graph:
                found.append(selector)
    return found


def test_without_the_reasoner_every_node_has_its_superclasses(graph):
    elwyn = URIRef(ID + "source/elwyn-2001")
    assert (elwyn, RDF.type, WTV.Guideline) in graph and (elwyn, RDF.type, WTV.Source) in graph
    assert (elwyn, RDF.type, WTV.PeerReviewedSource) not in graph  # a defined class: only HermiT says so


def test_a_reference_is_dated_by_its_own_reports_note_on_consulting_websites(graph):
    from kg.explore.cite import sources
    from kg.sparql.embedded import EmbeddedStore

    found = {s.csl["id"]: s.csl for s in sources(EmbeddedStore.from_graph(graph))}
    assert found["ogink-2019"]["accessed"] == {"date-parts": [[2023, 3, 1]]}  # "geraadpleegd op 1 maart 2023", not the real report's date


def test_the_reports_own_reference_comes_from_its_title_page(graph):
    from kg.explore.cite import report_reference
    from kg.sparql.embedded import EmbeddedStore

    reference = report_reference(EmbeddedStore.from_graph(graph), ID + "report/klein-rapport")
    assert reference == "Proef, A. (2023). <i>Een klein rapport: Een proefstuk met de eigenaardigheden van het echte rapport</i>."
