"""What must hold for any report, checked on the small fixture report and on the real one.

The facts of each report are checked elsewhere (``test_fixture_report``,
``test_report_facts``, ``test_graph``); these are the promises every build makes:
each passage points at the exact characters of its file, IRIs are readable, the
project's own terms are the ontology's, and the same input gives the same bytes.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import RDFS, SKOS

from kg.devtools.codegen import ontology_terms
from kg.graph.pipeline import published_graph
from kg.graph.serialize import canonical_nt
from kg.settings import ROOT
from kg.vocab.namespace import ID, OA, WTV

FIXTURES = Path(__file__).parent / "fixtures"
READABLE = re.compile(r"[A-Za-z0-9/._-]+")


def _fixture_graph() -> Graph:
    return published_graph([FIXTURES / "klein-rapport.md"], FIXTURES / "klein-curated.yaml", with_reasoner=False).graph


@pytest.fixture(scope="module", params=["klein-rapport", "wijkteams-werken-aan-veiligheid"])
def graph(request: pytest.FixtureRequest) -> Graph:
    return _fixture_graph() if request.param == "klein-rapport" else request.getfixturevalue("built").graph


def _file(graph: Graph, resource: URIRef) -> str:
    """The text of a report file named in the graph, after checking it is the file the graph was built from."""
    path = ROOT / str(graph.value(resource, RDFS.label))
    data = path.read_bytes()
    assert hashlib.sha256(data).hexdigest() == str(graph.value(resource, WTV.sha256)), path
    return data.decode("utf-8")


def test_every_location_quotes_the_exact_characters_of_its_file_with_their_line(graph):
    files: dict[URIRef, str] = {}
    locations = sorted(set(graph.subjects(OA.hasSource, None)))
    assert len(locations) > 20
    for location in locations:
        resource = graph.value(location, OA.hasSource)
        text = files.setdefault(resource, _file(graph, resource))
        selectors = list(graph.objects(location, OA.hasSelector))
        position = next(s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in graph)
        quote = next(s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in graph)
        start, end = int(graph.value(position, OA.start)), int(graph.value(position, OA.end))
        exact = str(graph.value(quote, OA.exact))
        assert text[start:end] == exact, location
        assert text[:start].endswith(str(graph.value(quote, OA.prefix) or "")), location
        assert text[end:].startswith(str(graph.value(quote, OA.suffix) or "")), location
        assert int(graph.value(location, WTV.line)) == text.count("\n", 0, start) + 1, location


def test_every_iri_of_ours_is_readable(graph):
    ours = {str(t) for triple in graph for t in triple if isinstance(t, URIRef) and str(t).startswith(str(ID))}
    unreadable = sorted(i for i in ours if not READABLE.fullmatch(i[len(str(ID)) :]))
    assert not unreadable, unreadable[:5]


def test_every_term_of_the_project_is_the_ontologys(graph):
    declared = {str(WTV[name]) for name in ontology_terms()}
    used = {str(p) for p in graph.predicates()} | {str(c) for c in graph.objects(None, RDF.type)}
    assert not sorted(t for t in used if t.startswith(str(WTV)) and t not in declared)


def test_no_argument_link_points_at_a_concept(graph):
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    assert concepts
    for prop in (WTV.supports, WTV.challenges, WTV.qualifies, WTV.undercuts):
        assert not [t for t in graph.objects(None, prop) if t in concepts], prop


def test_the_same_input_gives_the_same_bytes():
    assert canonical_nt(_fixture_graph()) == canonical_nt(_fixture_graph())
