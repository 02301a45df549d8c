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
from tests.helpers import rows

MAP = ROOT / "data" / "argument" / "wijkteams-werken-aan-veiligheid.yaml"
REPORT = "https://w3id.org/wijkteams-veiligheid/id/wijkteams-werken-aan-veiligheid/"


@pytest.fixture(scope="module")
def amap():
    return load_argument_map(MAP)


def test_the_map_holds_against_the_report(amap, doc):
    assert problems(amap, doc) == []


def test_every_advice_has_premises_read_from_the_text(amap, doc):
    assert {a.advice for a in amap.advice} == {f"advice/{a.key}" for a in doc.advice}
    assert all(a.premises or a.standalone for a in amap.advice)
    assert all(a.scheme for a in amap.advice)


def test_support_crosses_sections_where_the_reasoning_does(amap):
    crossing = [(a.advice, p.source) for a in amap.advice for p in a.premises if p.source.split("/")[1] != a.advice.split("/")[1]]
    assert len(crossing) >= 8, crossing
    # The advice on self-determination rests on the opening chapter's "De professional staat naast de inwoner".
    assert ("advice/zelfdeterminatie-self-determination-theory/a1", "claim/de-brede-opdracht-naast-de-inwoner/p1/s4") in crossing


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
    text = MAP.read_text(encoding="utf-8").replace("relation: qualifies", "relation: contradicts", 1)
    (tmp_path / "m.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ArgumentMapError, match=r"tensions\[\d+\]: 'contradicts' is not one of challenges, qualifies, undercuts"):
        load_argument_map(tmp_path / "m.yaml")


def test_every_link_in_the_graph_carries_its_quote_and_provenance(graph):
    links = list(graph.subjects(RDF.type, WTV.PremiseLink))
    assert len(links) == 113
    for link in links:
        assert graph.value(link, WTV.quote) is not None and graph.value(link, WTV.premiseStatement) is not None
        assert str(graph.value(link, graph.namespace_manager.expand_curie("prov:wasDerivedFrom"))).endswith("/argument-map/reading")
    conflicts = list(graph.subjects(RDF.type, WTV.Conflict))
    assert len(conflicts) == 22 and all(graph.value(c, WTV.quote) for c in conflicts)


def test_the_section_rule_is_gone_for_a_mapped_report(graph):
    # "Wat is voor de inwoner belangrijk?" used to support both advice of its section.
    question = graph.namespace_manager.expand_curie("id:wijkteams-werken-aan-veiligheid/claim/werken-aan-directe-veiligheid/p3/s2")
    assert not list(graph.objects(question, WTV.supports))


def test_where_the_report_weighs_autonomy_against_safety(store):
    found = rows(store, load_query("autonomy-safety").text)
    sections = {r["section"] for r in found}
    assert {"Bevoegdheid", "Samenwerken en informatie uitwisselen"} <= sections, sections
    assert any("op gespannen voet" in r["quote"] for r in found)
    assert any("niet altijd toestemming" in r["quote"] for r in found)
    assert len(found) == 12


def test_premises_per_advice_answer_with_quote_scheme_and_source(store):
    found = rows(store, load_query("advice-premises").text, advice=store_iri("advice/sociaal-netwerk/a1"))
    assert {r["premise"].rsplit("/claim/", 1)[-1] for r in found} >= {"sociaal-netwerk/p1/s2", "de-brede-opdracht-naast-de-inwoner/p1/s6"}
    assert all(r["quote"] and r["scheme"] == "Positieve gevolgen" for r in found)


def store_iri(path: str):
    import pyoxigraph as ox

    return ox.NamedNode(REPORT + path)


def test_aif_i_nodes_carry_their_text_and_schemes_their_name(store):
    data = json.loads(aif_json(store))
    i_nodes = [n for n in data["nodes"] if n["type"] == "I"]
    assert i_nodes and all(n["text"] != n["iri"] for n in i_nodes if n["kind"] in ("claim", "advice"))
    assert any(n["type"] == "RA" and n["text"] == "Argument from a legal duty" for n in data["nodes"])
    assert sum(1 for n in data["nodes"] if n["type"] == "CA") == 22


def test_graphml_carries_each_link_with_its_quote_and_scheme(store):
    import io

    import networkx as nx

    from kg.explore.argument_export import graphml

    parsed = nx.read_graphml(io.BytesIO(graphml(store).encode("utf-8")))
    edges = [d for _, _, d in parsed.edges(data=True)]
    supports = [d for d in edges if d["relation"] == "supports"]
    tensions = [d for d in edges if d["relation"] in ("challenges", "qualifies", "undercuts")]
    assert len(supports) == 113 and all(d["quote"] for d in supports)
    assert len(tensions) == 22 and all(d["quote"] for d in tensions)
    assert any(d["scheme"] == "Argument from a legal duty" for d in supports)


def test_argdown_has_every_advice_premise_and_tension(store, amap):
    text = argdown(store)
    assert text.count("#advies") == 24
    assert text.count("\n  + [") == sum(len({p.source for p in a.premises}) for a in amap.advice)
    assert text.count("#(autonomie tegenover veiligheid)") == 12
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
    assert MAP.exists() and Path(MAP).read_text(encoding="utf-8").startswith("# The argument map")


def test_evidence_page_shows_an_advices_premises_and_the_dilemma():
    from tests.helpers import html_of, open_page

    app = open_page("onderbouwing", entity=REPORT + "advice/bevoegdheid/a1")
    assert not app.exception
    assert "Autonomie tegenover veiligheid" in [s.value for s in app.subheader]
    markup = html_of(app)
    assert "Premissen: waar het advies op rust" in "".join(m.value for m in app.markdown)
    assert "situaties van geweld vragen om inzet van (gespecialiseerde) hulpverlening" in markup  # a premise's quote
    assert "De inwoner geeft echter niet altijd toestemming" in markup  # the dilemma table
    english = open_page("onderbouwing", "en", entity=REPORT + "advice/bevoegdheid/a1")
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
