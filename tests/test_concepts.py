"""The concept scheme as the report uses it: apart what the report keeps apart, tags in the right sense (read by hand)."""

from __future__ import annotations

import pytest
from rdflib import SKOS, Literal
from rdflib.namespace import DCTERMS

from kg.vocab.namespace import ID

CLAIM = "wijkteams-werken-aan-veiligheid/claim/"
ADVICE = "wijkteams-werken-aan-veiligheid/advice/"


def concept(name: str):
    return ID[f"concept/{name}"]


def tagged(graph, node: str) -> set[str]:
    return {str(c).rsplit("/", 1)[-1] for c in graph.objects(ID[node], DCTERMS.subject)}


def labels(graph, name: str) -> set[str]:
    return {str(o).lower() for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel) for o in graph.objects(concept(name), p) if isinstance(o, Literal)}


def test_eigen_regie_eigen_kracht_zelfredzaamheid_and_autonomie_are_four_concepts(graph):
    four = ("eigen-regie", "eigen-kracht", "zelfredzaamheid", "autonomie")
    for name in four:
        assert (concept(name), SKOS.prefLabel, None) in graph, name
        for other in four:
            if other != name:
                assert not labels(graph, name) & labels(graph, other), (name, other)
                assert (concept(name), SKOS.broader, concept(other)) not in graph
    # "het vergroten van zelfregie, zelfredzaamheid en participatie" names two of them side by side.
    assert {"eigen-regie", "zelfredzaamheid"} <= tagged(graph, CLAIM + "integraal-werken-in-de-wijk/p1/s6")
    # "het versterken van de zelfredzaamheid en eigen kracht"
    assert {"zelfredzaamheid", "eigen-kracht"} <= tagged(graph, ADVICE + "sociaal-netwerk/a1")
    assert "eigen-regie" not in tagged(graph, ADVICE + "sociaal-netwerk/a1")


@pytest.mark.parametrize(
    ("node", "present", "absent"),
    [
        # "met respect voor autonomie van en betrokkenheid bij de inwoner": the ethical stance, not the basic need.
        (ADVICE + "bevoegdheid/a1", "respect-voor-autonomie", "autonomie"),
        # "het belang van autonomie, verbondenheid en competentie": the basic need of self-determination theory.
        (CLAIM + "gedeelde-besluitvorming/p1/s1", "autonomie", "respect-voor-autonomie"),
        # "regie voert over het veiligheidsplan": a professional's coordination, not the resident's self-direction.
        (CLAIM + "werken-aan-directe-veiligheid/p1/s5", None, "eigen-regie"),
        # Profile 2, "controle of dwang van de ene partner": coercion inside a family, not compulsory help.
        ("wijkteams-werken-aan-veiligheid/item/5-gezinsprofielen/list1/i2", None, "gedwongen-hulp"),
        # "alleen de rechter [kan] beslissen tot een dwangmaatregel"
        (CLAIM + "bevoegdheid/p3/s1", "gedwongen-hulp", None),
        # "De professional staat naast de inwoner, zij is een stabiele, betrouwbare partner ..."
        (CLAIM + "de-brede-opdracht-naast-de-inwoner/p1/s4", "naast-de-inwoner", None),
        # "voor het belang van het kind op te komen voortkomend uit het IVRK"
        (CLAIM + "bevoegdheid/p1/s4", "belang-van-het-kind", None),
    ],
)
def test_tags_take_the_sense_the_report_means(graph, node, present, absent):
    assert (ID[node], None, None) in graph, f"{node} is not in the graph"
    found = tagged(graph, node)
    if present:
        assert present in found
    if absent:
        assert absent not in found


def test_no_synonym_names_a_neighbouring_idea(graph):
    assert "sociale steun" not in labels(graph, "sociaal-netwerk")  # what a network gives, not the network
    assert not {"dwangmaatregel", "gedwongen hulp"} & labels(graph, "juridische-bevoegdheid")
    assert "wet meldcode" not in labels(graph, "meldcode")  # the act is its own entity
    assert "illusion of control" not in labels(graph, "maakbaarheidsillusie")
    assert not {"basisfunctie", "basisfuncties"} & labels(graph, "veiligheid-als-basisfunctie")
    # Consent is asked for the collaboration and for investigation too, not only for sharing information.
    assert (concept("toestemming"), SKOS.broader, concept("informatie-uitwisseling")) not in graph
    assert (concept("toestemming"), SKOS.related, concept("informatie-uitwisseling")) in graph


def test_every_concept_is_used_by_the_report(graph):
    unused = [c for c in graph.subjects(SKOS.inScheme, None) if (None, DCTERMS.subject, c) not in graph]
    assert unused == []


def definition(graph, name: str, lang: str = "nl") -> str:
    return next(str(o) for o in graph.objects(concept(name), SKOS.definition) if o.language == lang)


def test_every_definition_says_where_in_the_report_its_words_come_from(graph):
    from kg.vocab.namespace import WTV

    concepts = set(graph.subjects(SKOS.inScheme, ID["scheme/begrippen"]))
    assert concepts and all(list(graph.objects(c, WTV.definitionFrom)) for c in concepts)
    # Positieve gezondheid: the report describes it through broad concepts of health; Huber's own definition
    # ("the ability to adapt and to self manage") is not the report's words and stands apart, with its source.
    assert "aan te passen" not in definition(graph, "positieve-gezondheid") and "meedoen, zingeving" in definition(graph, "positieve-gezondheid")
    note = graph.value(concept("positieve-gezondheid"), WTV.outsideDefinition)
    assert graph.value(note, DCTERMS.source) == ID["source/huber-2011"]
    assert "ability to adapt" in next(str(o) for o in graph.objects(note, SKOS.definition) if o.language == "en")


def test_definitions_keep_what_the_report_says_and_no_more(graph):
    # The third condition: "Er wordt een besluit genomen over de uit te voeren behandeling (of: “agree to disagree”)".
    assert "agree to disagree" in definition(graph, "gedeelde-besluitvorming")
    # "eigen kracht en het steunend netwerk" are two things in the report.
    assert "met hun steunend netwerk" not in definition(graph, "eigen-kracht") and "naast het steunend netwerk" in definition(graph, "eigen-kracht")
    # "Het ontwikkelparadigma is leidend bij de wijkteams" (Werken aan directe veiligheid p2/s3).
    assert (concept("ontwikkelperspectief"), SKOS.related, concept("ontwikkelparadigma")) in graph


def test_a_concept_reaches_every_advice_of_the_section_named_after_it(store):
    import pyoxigraph as ox

    from kg.sparql.catalogue import load_query
    from tests.helpers import rows

    found = rows(store, load_query("concept-everything").text, concept=ox.NamedNode(str(concept("veiligheidsparadox"))))
    advice = {r["node"].rsplit("/advice/", 1)[-1] for r in found if r["part"] == "advice"}
    # "Het vraagt om stevige, veerkrachtige wijkteamprofessional" does not name the paradox, but concludes its section.
    assert advice == {"veiligheidsparadox-en-maakbaarheidsillusie/a1", "veiligheidsparadox-en-maakbaarheidsillusie/a2"}
    assert any(r["part"] == "footnote" and r["node"].endswith("/footnote/42") for r in found)
    assert {r["text"] for r in found if r["part"] == "source"} >= {"Kraak (2022)", "Praktijkkennis (voetnoot 42)"}


def test_bound_to_one_report_a_concept_is_what_that_report_says_of_it(store, two_reports_nt):
    """In a graph of two reports, each report's own passages, questions, footnotes and sources, and the concept's
    definition and neighbours with both; bound to the real report, what the one-report graph gives unbound."""
    from kg.sparql.embedded import EmbeddedStore
    from kg.sparql.named import records
    from tests.helpers import REPORT_IRI

    two = EmbeddedStore.from_file(two_reports_nt)
    second = REPORT_IRI.replace("wijkteams-werken-aan-veiligheid", "tweede-rapport")
    paradox = str(concept("veiligheidsparadox"))

    def parts(found: list[dict[str, str]]) -> set[tuple[str, str]]:
        return {(r["part"], r["node"]) for r in found}

    alone = parts(records(store, "concept-everything", concept=paradox))
    assert parts(records(two, "concept-everything", concept=paradox, report=REPORT_IRI)) == alone
    theirs = parts(records(two, "concept-everything", concept=paradox, report=second))
    own = {(part, node) for part, node in theirs if "/tweede-rapport/" in node}
    assert {part for part, _ in own} >= {"passage", "advice", "footnote"}, sorted(theirs)
    assert not any("/wijkteams-werken-aan-veiligheid/" in node for _, node in theirs), sorted(theirs)
    assert ("definition", paradox) in theirs
