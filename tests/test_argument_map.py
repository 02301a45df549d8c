"""The argument map as read from the report: every link a reading, with its quote; the exports carry it."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF

from kg.cli import main
from kg.explore.argument_export import aif_json, argdown, review_table
from kg.graph.argmap import ArgumentMapError, Premise, Tension, load_argument_map, problems
from kg.settings import ROOT
from kg.sparql.catalogue import load_query
from kg.vocab.namespace import WTV
from tests.helpers import ARGUMENT_MAP, PARTS, rows


@pytest.fixture(scope="module")
def amap():
    return load_argument_map(ARGUMENT_MAP)


def test_the_map_holds_against_the_report(amap, doc):
    assert problems(amap, doc) == []


def test_every_advice_has_premises_read_from_the_text(amap, doc):
    assert {a.advice for a in amap.advice} == {f"advice/{a.key}" for a in doc.advice}
    assert all(a.premises or a.standalone for a in amap.advice)
    assert all(a.scheme for a in amap.advice)


def _premises(amap, advice: str) -> set[str]:
    return {p.source for a in amap.advice if a.advice == f"advice/{advice}" for p in a.premises}


def _set_aside(amap, advice: str) -> dict[str, str]:
    return {r.source: r.why for a in amap.advice if a.advice == f"advice/{advice}" for r in a.rejected}


def test_a_premise_from_another_section_says_which_words_call_on_it(amap, doc):
    crossing = [(a.advice, p) for a in amap.advice for p in a.premises if p.source.split("/")[1] != a.advice.split("/")[1]]
    assert len(crossing) == 2, [(a, p.source) for a, p in crossing]
    assert all(p.why for _, p in crossing)
    # "De wijkteamprofessional zal vanuit haar positie naast de inwoner een logische regievoerder zijn": the advice
    # itself calls on the opening chapter's "De professional staat naast de inwoner".
    integral = next(p for a, p in crossing if a == "advice/integraal-werken-in-de-wijk/a1")
    assert (integral.source, integral.why) == ("claim/de-brede-opdracht-naast-de-inwoner/p1/s4", "vanuit haar positie naast de inwoner")


def test_a_cross_section_premise_without_why_or_with_words_from_elsewhere_is_refused(amap, doc):
    integral = next(a for a in amap.advice if a.advice == "advice/integraal-werken-in-de-wijk/a1")
    borrowed = integral.premises[-1]
    for why, expected in ((None, "give 'why'"), ("staat naast de inwoner", "is not in the advice's passage")):
        broken = replace(amap, advice=(replace(integral, premises=(*integral.premises[:-1], replace(borrowed, why=why))),))
        assert any(expected in found for found in problems(broken, doc)), why


def test_no_premise_restates_its_advice(amap):
    # "Vanuit deze theorie is de positie van de wijkteamprofessional naast de inwoner essentieel" cannot rest on
    # "De professional staat naast de inwoner": that is the advice, not a reason for it.
    assert "claim/de-brede-opdracht-naast-de-inwoner/p1/s4" not in _premises(amap, "zelfdeterminatie-self-determination-theory/a1")
    assert "restatement" in _set_aside(amap, "zelfdeterminatie-self-determination-theory/a1")["claim/de-brede-opdracht-naast-de-inwoner/p1/s4"]
    # "door het versterken van de sociale basis een belangrijke bijdrage leveren aan de veiligheid" restates
    # "draagt het wijkteam bij aan het bevorderen van veiligheid"; the reasons are the sentences after it.
    strengthening = _premises(amap, "versterken-van-veiligheid/a1")
    assert not strengthening & {"claim/versterken-van-veiligheid/p2/s1", "claim/versterken-van-veiligheid/p1/s5", "claim/versterken-van-veiligheid/p2/s4"}
    assert {"claim/versterken-van-veiligheid/p2/s3", "claim/versterken-van-veiligheid/p1/s1"} <= strengthening  # "omdat er ruimte ontstaat", fn 20
    # "Het patroon in profiel 1 benadrukt het belang van de rol van het wijkteam": the role is what it emphasises,
    # not its reason; the reason is profile 1 itself ("de balans tussen draagkracht en draaglast zoek").
    assert _premises(amap, "5-gezinsprofielen/a2") == {"item/5-gezinsprofielen/list1/i1"}
    # "Dit vraagt om engageren én positioneren" names what the meldcode advice asks.
    assert "claim/signaleren-en-de-meldcode/p2/s4" in _set_aside(amap, "signaleren-en-de-meldcode/a1")


def test_the_paradox_advice_rests_on_its_own_section_only(amap):
    # The paradox section never calls on "Reflectie op het werk is een werkzame factor" (Reflectie op kwaliteit).
    paradox = _premises(amap, "veiligheidsparadox-en-maakbaarheidsillusie/a1")
    assert all(p.startswith("claim/veiligheidsparadox-en-maakbaarheidsillusie/") for p in paradox)
    assert "claim/veiligheidsparadox-en-maakbaarheidsillusie/p2/s3" not in paradox  # "Daarom ...": the advice's own conclusion
    # "De veiligheidsparadox vraagt om een andere blik": a parallel conclusion, kept as the paradox's weighing.
    assert "claim/veiligheidsparadox-en-maakbaarheidsillusie/p1/s4" in _set_aside(amap, "veiligheidsparadox-en-maakbaarheidsillusie/a1")
    assert "claim/reflectie-op-kwaliteit/p1/s2" in _set_aside(amap, "veiligheidsparadox-en-maakbaarheidsillusie/a1")


def test_the_doubtful_links_are_decided_with_a_reason(amap):
    # "Beide partijen zetten zich in om tot consensus te komen" is the second condition of shared decision-making.
    assert "definition" in _set_aside(amap, "gedeelde-besluitvorming/a1")["item/gedeelde-besluitvorming/list1/i2"]
    # "maar vaak ook niet als er niet naar gevraagd wordt" is why the professional always asks (p1/s6, "daarom").
    assert "daarom" in _set_aside(amap, "signaleren-en-de-meldcode/a1")["claim/signaleren-en-de-meldcode/p1/s5"]


def test_the_reasons_the_report_gives_are_in_the_map(amap):
    assert "claim/analyse/p3/s2" in _premises(amap, "analyse/a1")  # "is niet altijd de aangewezen professional"
    assert "claim/werken-aan-directe-veiligheid/p3/s10" in _premises(amap, "werken-aan-directe-veiligheid/a2")  # "eerlijk te zijn als er nog zorgen zijn"
    authority = _premises(amap, "bevoegdheid/a1")
    assert {"claim/bevoegdheid/p2/s4", "claim/bevoegdheid/p3/s2"} <= authority  # "samen met inwoners het proces", "mits de inwoner(s) dit wenst"
    # "problemen op verschillende domeinen [die] kunnen leiden tot onveiligheid": the risk factors themselves.
    risks = _premises(amap, "risicofactoren-en-voorkomen-potentiele-onveiligheid/a1")
    assert {"claim/risicofactoren-en-voorkomen-potentiele-onveiligheid/p1/s3", "claim/risicofactoren-en-voorkomen-potentiele-onveiligheid/p1/s5"} <= risks
    assert "claim/structureel-werken-aan-herstel/p1/s5" in _premises(amap, "structureel-werken-aan-herstel/a1")  # "langdurig"


def test_a_set_aside_statement_cannot_also_be_a_premise(amap, doc):
    from kg.graph.argmap import Rejection

    first = amap.advice[0]
    both = replace(first, rejected=(Rejection(first.premises[0].source, "x"),))
    assert any("both a premise and rejected" in p for p in problems(replace(amap, advice=(both,)), doc))


def test_questions_examples_and_lead_ins_are_not_premises(amap):
    used = {p.source for a in amap.advice for p in a.premises}
    assert "claim/brede-intake/p3/s4" not in used  # "Bijvoorbeeld 'wat gebeurt er als er ruzie ontstaat bij jullie thuis'?"
    assert "claim/werken-aan-directe-veiligheid/p3/s2" not in used  # "Wat is voor de inwoner belangrijk?"
    assert "claim/de-brede-opdracht-naast-de-inwoner/p2/s2" not in used  # "Het gaat hierbij om:"
    assert not any(s.startswith("claim/leeswijzer/") or s.startswith("claim/aanleiding/") for s in used)  # about the report itself


def test_a_misquote_an_unknown_sentence_and_a_concept_target_are_each_named(amap, doc):
    first = amap.advice[0]
    broken = replace(
        amap,
        advice=(replace(first, premises=(Premise(first.premises[0].source, "ieder mens vier behoeften"), Premise("claim/bevoegdheid/p9/s1", "x"))),),
        tensions=(Tension("claim/bevoegdheid/p1/s1", "challenges", "concept/maakbaarheidsillusie", "altijd vrijwillig"),),
    )
    found = "\n".join(problems(broken, doc))
    assert "the quote is not in" in found and "'claim/bevoegdheid/p9/s1' names nothing" in found
    assert "'concept/maakbaarheidsillusie' is not a statement" in found
    assert "in the map 0 times" in found  # the 23 advice left out


def test_a_bad_scheme_or_relation_is_refused_with_its_entry(tmp_path):
    text = ARGUMENT_MAP.read_text(encoding="utf-8").replace("relation: qualifies", "relation: contradicts", 1)
    (tmp_path / "m.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ArgumentMapError, match=r"tensions\[\d+\]: 'contradicts' is not one of challenges, qualifies, undercuts"):
        load_argument_map(tmp_path / "m.yaml")


def test_every_link_in_the_graph_carries_its_quote_and_provenance(graph):
    links = list(graph.subjects(RDF.type, WTV.PremiseLink))
    assert len(links) == 115
    for link in links:
        assert graph.value(link, WTV.quote) is not None and graph.value(link, WTV.premiseStatement) is not None
        assert str(graph.value(link, graph.namespace_manager.expand_curie("prov:wasDerivedFrom"))).endswith("/argument-map/reading")
    conflicts = list(graph.subjects(RDF.type, WTV.Conflict))
    assert len(conflicts) == 15 and all(graph.value(c, WTV.quote) for c in conflicts)


def test_the_section_rule_is_gone_for_a_mapped_report(graph):
    # "Wat is voor de inwoner belangrijk?" used to support both advice of its section.
    question = graph.namespace_manager.expand_curie("id:wijkteams-werken-aan-veiligheid/claim/werken-aan-directe-veiligheid/p3/s2")
    assert not list(graph.objects(question, WTV.supports))


def test_where_the_report_weighs_autonomy_against_safety(store):
    found = rows(store, load_query("autonomy-safety").text)
    sections = {r["section"] for r in found}
    assert {"Bevoegdheid", "Samenwerken en informatie uitwisselen", "Signaleren en de Meldcode"} <= sections, sections
    assert any("op gespannen voet" in r["quote"] for r in found)
    assert [r["kind"] for r in found].count("tension") == 8 and [r["kind"] for r in found].count("weighing") == 3
    # The map names each side; the order of the relation does not decide it. "mag niet als dwangmiddel" and
    # "Hoewel hiervoor geen toestemming ... transparant te zijn" speak for the resident.
    autonomy = {r["autonomyText"] for r in found}
    safety = {r["safetyText"] for r in found}
    for words in ("mag niet als dwangmiddel", "is het wel noodzakelijk om transparant te zijn", "naast de inwoner staan"):
        assert any(words in text for text in autonomy) and not any(words in text for text in safety), words
    assert any("De eerdergenoemde Meldcode" in text for text in safety)


def test_a_sentence_that_weighs_a_dilemma_names_the_words_of_each_side(store):
    # "een blik vanuit een ontwikkelperspectief in plaats van het streven naar maakbaarheid van absolute veiligheid"
    found = {r["statement"].rsplit("/claim/", 1)[-1]: r for r in rows(store, load_query("weighings").text)}
    paradox = found["veiligheidsparadox-en-maakbaarheidsillusie/p1/s4"]
    assert paradox["dilemmaEn"] == "Development against safety"
    assert (paradox["developmentWords"], paradox["safetyWords"]) == (
        "een blik vanuit een ontwikkelperspectief",
        "het streven naar maakbaarheid van absolute veiligheid",
    )


def test_a_weighing_quotes_its_own_sentence(amap, doc):
    from kg.graph.argmap import Weighing

    wrong = Weighing("claim/bevoegdheid/p2/s3", "autonomy-safety", (("autonomy", "altijd vrijwillig"), ("safety", "dwangmiddel")))
    assert any("the quote is not in claim/bevoegdheid/p2/s3" in p for p in problems(replace(amap, weighings=(wrong,)), doc))


def test_a_dilemma_tension_must_name_its_two_sides(amap, doc):
    tension = next(t for t in amap.tensions if t.dilemma == "autonomy-safety")
    wrong = replace(tension, sides=(("autonomy", tension.source), ("safety", tension.source)))
    assert any("autonomy and safety must name the two statements" in p for p in problems(replace(amap, tensions=(wrong,)), doc))


def test_tensions_read_as_the_report_words_them(store):
    found = {(r["from"].split("/", 6)[-1], r["to"].split("/", 6)[-1]): r for r in rows(store, load_query("tensions").text)}
    paradox = "claim/veiligheidsparadox-en-maakbaarheidsillusie/"
    # The report uses the paradox to argue for a developmental view, not against the team's strengthening role.
    assert (paradox + "p1/s2", "claim/versterken-van-veiligheid/p2/s1") not in found
    # "Het is gebleken dat samenwerking lastig ... Dit is echter wel nodig": granted, and held against.
    assert found[("claim/structureel-werken-aan-herstel/p1/s6", "claim/structureel-werken-aan-herstel/p1/s7")]["relation"] == "concession"
    # "kan weliswaar ... bijdragen ... Desondanks zijn er situaties waarin de ondersteuning niet leidt tot verbetering".
    assert found[(paradox + "p2/s1", paradox + "p2/s2")]["relation"] == "concession"
    # "De inwoner geeft echter niet altijd toestemming" is the condition under which the preference gives way.
    assert found[("claim/samenwerken-en-informatie-uitwisselen/p2/s4", "claim/samenwerken-en-informatie-uitwisselen/p2/s2")]["relation"] == "qualifies"
    # "Deze visie geeft echter weinig houvast" limits a statement, it does not cut a premise from a conclusion.
    assert found[("claim/onveiligheid-en-herstel/p2/s4", "claim/onveiligheid-en-herstel/p2/s3")]["relation"] == "qualifies"
    # "Dat kan op gespannen voet staan": "Dat" is p1/s2, no legal power to act under compulsion.
    assert found[("claim/bevoegdheid/p1/s3", "claim/bevoegdheid/p1/s2")]["autonomySide"].endswith("/bevoegdheid/p1/s2")


def test_premises_per_advice_answer_with_quote_scheme_and_source(store):
    found = rows(store, load_query("advice-premises").text, advice=store_iri("advice/sociaal-netwerk/a1"))
    assert {r["premise"].rsplit("/claim/", 1)[-1] for r in found} == {"sociaal-netwerk/p1/s1", "sociaal-netwerk/p1/s2", "sociaal-netwerk/p1/s3"}
    assert all(r["quote"] and r["scheme"] == "Positieve gevolgen" for r in found)
    borrowed = rows(store, load_query("advice-premises").text, advice=store_iri("advice/integraal-werken-in-de-wijk/a1"))
    assert {r["why"] for r in borrowed if "de-brede-opdracht" in r["premise"]} == {"vanuit haar positie naast de inwoner"}


def store_iri(path: str):
    import pyoxigraph as ox

    return ox.NamedNode(PARTS + path)


def test_aif_i_nodes_carry_their_text_and_schemes_their_name(store):
    data = json.loads(aif_json(store))
    i_nodes = [n for n in data["nodes"] if n["type"] == "I"]
    assert i_nodes and all(n["text"] != n["iri"] for n in i_nodes if n["kind"] in ("claim", "advice"))
    assert any(n["type"] == "RA" and n["text"] == "Argument from a legal duty" for n in data["nodes"])
    assert sum(1 for n in data["nodes"] if n["type"] == "CA") == 15


def test_graphml_carries_each_link_with_its_quote_and_scheme(store):
    import io

    import networkx as nx

    from kg.explore.argument_export import graphml

    parsed = nx.read_graphml(io.BytesIO(graphml(store).encode("utf-8")))
    edges = [d for _, _, d in parsed.edges(data=True)]
    supports = [d for d in edges if d["relation"] == "supports"]
    tensions = [d for d in edges if d["relation"] in ("challenges", "qualifies", "undercuts", "concession")]
    assert len(supports) == 115 and all(d["quote"] for d in supports)
    assert len(tensions) == 15 and all(d["quote"] for d in tensions)
    assert any(d["scheme"] == "Argument from a legal duty" for d in supports)


def test_argdown_has_every_advice_premise_and_tension(store, amap):
    text = argdown(store)
    assert text.count("#advies") == 24
    assert text.count("\n  + [") == sum(len({p.source for p in a.premises}) for a in amap.advice)
    assert text.count("#(autonomie tegenover veiligheid)") == 8
    assert '{quote: "Dat kan op gespannen voet staan met' in text


def test_the_reviewers_table_in_docs_is_up_to_date(store):
    assert (ROOT / "docs" / "argument-map.md").read_text(encoding="utf-8") == review_table(store), "run: kg export --format review --out docs/argument-map.md"


def test_kg_export_argdown_from_the_command_line(tmp_path, graph_nt):
    out = tmp_path / "kaart.argdown"
    result = CliRunner().invoke(main, ["export", "--format", "argdown", "--out", str(out), "--graph", str(graph_nt)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("===\ntitle:")


def test_a_report_without_a_map_gets_the_marked_section_rule(tmp_path, report_copy):
    from kg.graph.assemble import asserted_graph
    from kg.settings import ONTOLOGY

    graph = asserted_graph([report_copy], ROOT / "data" / "curated.yaml", ONTOLOGY, argument_dir=tmp_path / "none")
    placeholder = graph.namespace_manager.expand_curie("id:wijkteams-werken-aan-veiligheid/argument-map/section-rule")
    inferences = list(graph.subjects(RDF.type, WTV.Inference))
    assert len(inferences) == 24
    assert all(str(graph.value(i, graph.namespace_manager.expand_curie("prov:wasDerivedFrom"))) == str(placeholder) for i in inferences)
    assert not list(graph.subjects(RDF.type, WTV.PremiseLink))


def test_map_file_is_shipped_with_the_report():
    assert ARGUMENT_MAP.exists() and Path(ARGUMENT_MAP).read_text(encoding="utf-8").startswith("# The argument map")


def test_evidence_page_shows_an_advices_premises_and_the_dilemma():
    from tests.helpers import html_of, open_page

    app = open_page("onderbouwing", entity=PARTS + "advice/bevoegdheid/a1")
    assert not app.exception
    assert "Autonomie tegenover veiligheid" in [s.value for s in app.subheader]
    markup = html_of(app)
    assert "Premissen: waar het advies op rust" in "".join(m.value for m in app.markdown)
    assert "situaties van geweld vragen om inzet van (gespecialiseerde) hulpverlening" in markup  # a premise's quote
    assert "Vanuit de WGBO is het in dat geval toch mogelijk" in markup  # the dilemma table
    english = open_page("onderbouwing", "en", entity=PARTS + "advice/bevoegdheid/a1")
    assert "Autonomy against safety" in [s.value for s in english.subheader]


def test_every_premise_and_tension_end_is_a_claim_not_a_question_example_or_lead_in(graph):
    kinds = {}
    for link in graph.subjects(RDF.type, WTV.PremiseLink):
        statement = graph.value(link, WTV.premiseStatement)
        kinds[statement] = graph.value(statement, WTV.statementKind)
    for conflict in graph.subjects(RDF.type, WTV.Conflict):
        for end in (graph.value(conflict, WTV.premise), graph.value(conflict, WTV.conclusion)):
            kinds[end] = graph.value(end, WTV.statementKind)
    wrong = {str(s): str(k) for s, k in kinds.items() if k is not None and str(k) != "claim"}
    assert wrong == {}
    typed = {str(k) for k in graph.objects(None, WTV.statementKind)}
    assert typed == {"claim", "question", "example", "lead-in", "about-the-report"}
