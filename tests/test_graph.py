"""The built graph against the report, asked through SPARQL as users will."""

import pyoxigraph as ox
import pytest
from rdflib import RDF, Literal, URIRef

from kg.vocab.namespace import ID, WTV
from tests.helpers import SLUG, rows


def part(kind: str, path: str) -> URIRef:
    return ID[f"{SLUG}/{kind}/{path}"]


def test_public_vocabulary_is_used(graph):
    for cls in (
        WTV.Report,
        WTV.Section,
        WTV.Paragraph,
        WTV.Claim,
        WTV.Advice,
        WTV.Footnote,
        WTV.Source,
        WTV.PracticeKnowledge,
        WTV.FamilyProfile,
        WTV.ReflectionQuestion,
    ):
        assert (None, RDF.type, cls) in graph, cls


def test_sections_have_clean_titles_and_parents(store):
    found = rows(
        store,
        """SELECT ?t ?pt WHERE { ?s a wtv:Section ; dcterms:title ?t ; dcterms:isPartOf ?p .
                             OPTIONAL { ?p dcterms:title ?pt } }""",
    )
    titles = {r["t"]: r["pt"] for r in found}
    assert titles["Brede concepten van gezondheid"] == "Onderbouwing van de basis"
    assert titles["Collectief"] == "Voorkomen en signaleren van potentiële onveiligheid"
    assert titles["Rechtsbescherming"] == "Wijkteams werken aan veiligheid"
    assert not any("*" in t or "<sup>" in t for t in titles)


def test_footnote_numbers_text_and_section(store):
    found = rows(
        store,
        """SELECT ?n ?text ?title WHERE { ?f a wtv:Footnote ; wtv:number ?n ; wtv:text ?text ;
                             wtv:inSection/dcterms:title ?title }""",
    )
    by_number = {int(r["n"]): r for r in found}
    assert len(by_number) == 45
    assert by_number[13]["title"] == "Integraal werken in de wijk"
    assert by_number[45]["title"] == "Samenwerken en informatie uitwisselen"
    assert by_number[16]["text"].startswith("Korthagen A.J., Wubbels T. (1995) Characteristics of Reflective Practitioners")
    assert "HYPERLINK" not in by_number[28]["text"]


def test_every_footnote_cites_a_source_and_practice_knowledge_is_a_source(store):
    found = rows(store, "SELECT ?n ?kind WHERE { ?f wtv:number ?n ; wtv:cites ?s . ?s a wtv:PracticeKnowledge . BIND(1 AS ?kind) }")
    assert sorted({int(r["n"]) for r in found}) == [30, 33, 38, 41, 42]
    missing = rows(store, "SELECT ?f WHERE { ?f a wtv:Footnote . FILTER NOT EXISTS { ?f wtv:cites ?s } }")
    assert missing == []


def test_secondary_and_curated_citations(graph):
    fn30, fn42 = part("footnote", "30"), part("footnote", "42")
    assert (fn30, WTV.cites, ID["source/arum-2018"]) in graph
    assert (fn30, WTV.cites, ID["source/steketee-2020"]) in graph
    assert (fn30, WTV.cites, ID["source/ryan-2000"]) in graph  # curated: "determination theory"
    assert (fn42, WTV.cites, ID["source/kraak-2022"]) in graph  # curated: "interne NJi notitie"


def test_dois_without_resolver_prefix(store):
    dois = {r["d"] for r in rows(store, "SELECT ?d WHERE { ?s bibo:doi ?d }")}
    assert "10.1136/bmj.d4163" in dois and "10.1037/0003-066X.55.1.68" in dois
    assert not any(d.startswith(("http", "doi:")) for d in dois)


def test_claims_support_the_advice_that_ends_their_passage(graph):
    advice = part("advice", "sociaal-netwerk/a1")
    claim = part("claim", "sociaal-netwerk/p1/s2")  # "... beschermende factor tegen ... kindermishandeling."
    assert (claim, WTV.supports, advice) in graph
    assert (claim, WTV.hasFootnote, part("footnote", "8")) in graph
    other = part("claim", "brede-concepten-van-gezondheid/p1/s1")
    assert (other, WTV.supports, advice) not in graph


def test_advice_and_enumeration_items_are_distinct(graph):
    advice = set(graph.subjects(RDF.type, WTV.Advice))
    items = set(graph.subjects(RDF.type, WTV.ListItem))
    assert len(advice) == 24 and len(items) == 19 and not advice & items
    assert len(set(graph.subjects(RDF.type, WTV.FamilyProfile))) == 5
    assert len(set(graph.subjects(RDF.type, WTV.ReflectionQuestion))) == 5
    assert len(set(graph.subjects(RDF.type, WTV.WorkingElement))) == 3
    assert len(set(graph.subjects(RDF.type, WTV.DecisionCondition))) == 3
    assert len(set(graph.subjects(RDF.type, WTV.Phase))) == 3


def test_text_is_dutch_and_clean(graph):
    text = graph.value(part("advice", "cyclisch-werken/a1"), WTV.text)
    assert text == Literal(
        "Van de wijkteamprofessional vraagt dit telkens opnieuw het gesprek aan te gaan over hoe gaat het nu, "
        "wat is er veranderd en wat betekent dat voor de volgende stap?",
        lang="nl",
    )


def test_concepts_found_by_their_labels(store):
    found = rows(
        store,
        "SELECT ?s ?c WHERE { ?s dcterms:subject ?c }",
        s=ox.NamedNode(str(part("section", "veiligheidsparadox-en-maakbaarheidsillusie"))),
    )
    concepts = {r["c"].rsplit("/", 1)[-1] for r in found}
    assert {"veiligheidsparadox", "maakbaarheidsillusie"} <= concepts


@pytest.mark.parametrize(
    ("entity", "section"),
    [
        ("organisation/veilig-thuis", "Bevoegdheid"),
        ("organisation/raad-voor-de-kinderbescherming", "Bevoegdheid"),
        ("legislation/wgbo", "Samenwerken en informatie uitwisselen"),
        ("legislation/jeugdwet", "Bevoegdheid"),
        ("legislation/wet-meldcode", "Signaleren en de Meldcode"),
    ],
)
def test_organisations_and_laws_are_linked_where_they_appear(store, entity, section):
    found = rows(store, "SELECT ?e ?t WHERE { ?n wtv:mentions ?e ; wtv:inSection/dcterms:title ?t }", e=ox.NamedNode(str(ID[entity])))
    assert section in {r["t"] for r in found}


def test_a_tension_from_the_map_is_an_aif_conflict_with_its_quote(graph):
    # bevoegdheid p1/s3: "Dat kan op gespannen voet staan met het feit dat situaties van geweld vragen om ..."
    source, target = part("claim", "bevoegdheid/p1/s3"), part("claim", "bevoegdheid/p1/s2")
    assert (source, WTV.challenges, target) in graph
    conflict = next(c for c in graph.subjects(WTV.premise, source) if (c, RDF.type, WTV.Conflict) in graph)
    assert (conflict, WTV.conclusion, target) in graph
    assert (conflict, WTV.weighs, WTV.AutonomyAgainstSafety) in graph
    assert "op gespannen voet" in str(graph.value(conflict, WTV.quote))
