"""HermiT finds the ontology with the data consistent and infers the defined classes."""

import pytest
from rdflib import RDF

from kg.vocab.namespace import ID, WTV

pytestmark = pytest.mark.reasoner


@pytest.fixture(scope="module")
def graph(reasoned):
    return reasoned.graph


def advice(path: str):
    return ID[f"wijkteams-werken-aan-veiligheid/advice/{path}"]


def test_consistent(reasoned):
    assert reasoned.reasoning is not None and reasoned.reasoning.consistent
    assert reasoned.reasoning.individuals > 300


def test_evidence_based_advice(graph):
    # "Sociaal netwerk" cites Li et al. (2011), a journal article.
    assert (advice("sociaal-netwerk/a1"), RDF.type, WTV.EvidenceBasedAdvice) in graph
    # "Collectief" rests on an SCP report and a web article only.
    assert (advice("collectief/a1"), RDF.type, WTV.EvidenceBasedAdvice) not in graph


def test_practice_based_advice(graph):
    # werken-aan-directe-veiligheid/a2 (keep evaluating) rests on p3/s6-s8 and the cycle's evaluation, which cite
    # nothing; the practice footnote 38 of that section backs a1 (stay in your role), not a2.
    practice = set(graph.subjects(RDF.type, WTV.PracticeBasedAdvice))
    expected = {
        advice(p)
        for p in (
            "analyse/a1",
            "werken-aan-directe-veiligheid/a1",  # footnote 38 (conversations) on the two paradigms, p2/s3
            "structureel-werken-aan-herstel/a1",
            "veiligheidsparadox-en-maakbaarheidsillusie/a1",
            "veiligheidsparadox-en-maakbaarheidsillusie/a2",
        )
    }
    assert practice == expected


def test_guidance_backed_advice_and_norm_backed_claims(graph):
    # "Signaleren en de Meldcode" cites the Wet meldcode (Staatsblad 2013-142).
    assert (advice("signaleren-en-de-meldcode/a1"), RDF.type, WTV.GuidanceBackedAdvice) in graph
    claim = ID["wijkteams-werken-aan-veiligheid/claim/signaleren-en-de-meldcode/p2/s1"]
    assert (claim, RDF.type, WTV.NormBackedClaim) in graph


def test_knowledge_categories_are_materialised(graph):
    assert (ID["source/leung-2022"], RDF.type, WTV.ScientificSource) in graph
    assert (ID["source/leung-2022"], RDF.type, WTV.PeerReviewedSource) in graph
    assert (ID["source/vink-2020"], RDF.type, WTV.ProfessionalGuidance) in graph
    assert (ID["source/zwaan-2022"], RDF.type, WTV.GreyLiterature) in graph
