"""Evidence levels and the gap list against what the report says (read by hand), and every view agreeing with the one definition."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
from rdflib import RDF
from streamlit.testing.v1 import AppTest

from kg.explore.argument_export import review_table
from kg.settings import ROOT
from kg.sparql.catalogue import load_query
from kg.vocab.namespace import WTV
from tests.helpers import ID, PARTS, rows

ADVICES = PARTS + "advice/"  # where the IRI of every advice of the report starts
COUNTS = ("peerReviewed", "science", "guidance", "grey", "practice", "sources")


def evidence(store) -> dict[str, dict[str, str]]:
    return {r["advice"].removeprefix(ADVICES): r for r in rows(store, load_query("advice-evidence").text)}


@pytest.mark.parametrize(
    ("advice", "expected", "level"),
    [
        # "Sociaal netwerk": its premises carry footnotes 7 (Haslam e.a., a Routledge book), 8 (Li e.a., a journal
        # article) and 9 (Ince e.a., an NJi report).
        ("sociaal-netwerk/a1", (1, 2, 0, 1, 0, 3), "peer-reviewed"),
        # "Signaleren en de Meldcode": footnote 24, the Wet meldcode, in a premise's own sentence.
        ("signaleren-en-de-meldcode/a1", (0, 0, 1, 0, 0, 1), "guidance"),
        # "Cyclisch werken": no premise cites anything itself; one premise stands under the heading
        # "Integraal werken in de wijk", whose footnote 14 attributes that section to Arum e.a. (2020), a report.
        ("cyclisch-werken/a1", (0, 0, 0, 1, 0, 1), "grey"),
        # "Veiligheidsparadox" a1 and a2: their premises stand under the heading whose footnote 42 says "gebaseerd
        # op gesprekken binnen NJi en met Associatie Wijkteams ondersteund door interne NJi notitie": conversations
        # plus an internal note of conversations, both practice knowledge. Nothing borrowed lifts a1 any more.
        ("veiligheidsparadox-en-maakbaarheidsillusie/a1", (0, 0, 0, 0, 2, 2), "practice"),
        ("veiligheidsparadox-en-maakbaarheidsillusie/a2", (0, 0, 0, 0, 2, 2), "practice"),
        # "Brede intake" has no footnote anywhere, and no premise from elsewhere cites one.
        ("brede-intake/a1", (0, 0, 0, 0, 0, 0), "none"),
        # "Reflectie op kwaliteit": the NJi's 'Handreiking' (heading, fn 15) is a practice guide, not a guideline;
        # footnotes 17 and 18 are a Movisie web article and the NJi's annual report: grey literature all three.
        ("reflectie-op-kwaliteit/a1", (0, 0, 0, 3, 0, 3), "grey"),
        # "Werken aan directe veiligheid" a2: the heading's Civil Care vision (fn 35), and the RSJ/RVS advice of
        # footnote 39, whose "Dit alles ..." covers "eerlijk te zijn als er nog zorgen zijn" (curated layer).
        ("werken-aan-directe-veiligheid/a2", (0, 0, 2, 0, 0, 2), "guidance"),
    ],
)
def test_evidence_per_premise(store, advice, expected, level):
    found = evidence(store)[advice]
    assert tuple(int(found[k]) for k in COUNTS) == expected
    assert found["level"] == level


def test_a_footnote_elsewhere_in_the_paragraph_is_not_stretched_over_a_premise(store):
    # bevoegdheid p1/s1 ("altijd vrijwillig") cites nothing itself; footnote 43 sits on p1/s3 of the same paragraph.
    gaps = {r["node"].rsplit("/claim/", 1)[-1]: r["gap"] for r in rows(store, load_query("premise-gaps").text)}
    assert gaps["bevoegdheid/p1/s1"] == "claim-paragraph-level"
    assert gaps["brede-intake/p1/s1"] == "claim-without-citation"
    assert "sociaal-netwerk/p1/s2" not in gaps  # carries footnote 8
    # Only premises: the reading guide and questions are never gaps.
    assert not any(k.startswith("leeswijzer/") or k == "werken-aan-directe-veiligheid/p3/s2" for k in gaps)


def test_the_gap_groups(store):
    by_gap: dict[str, set[str]] = {}
    for advice, r in evidence(store).items():
        by_gap.setdefault(r["gap"], set()).add(advice)
    # No footnote anywhere in "Brede intake"; "Samenwerken en informatie uitwisselen" a1 rests on premises that
    # cite nothing themselves, though its paragraph cites the KNMG guideline (fn 45) at the WGBO sentence.
    assert by_gap["no-source"] == {"brede-intake/a1"}
    assert by_gap["uncited-premises"] == {"samenwerken-en-informatie-uitwisselen/a1"}
    assert evidence(store)["samenwerken-en-informatie-uitwisselen/a1"]["passageSources"] == "KNMG (2021)"
    assert by_gap["practice-only"] == {"veiligheidsparadox-en-maakbaarheidsillusie/a1", "veiligheidsparadox-en-maakbaarheidsillusie/a2"}
    assert "collectief/a1" in by_gap["no-peer-reviewed-or-guidance"]  # an SCP report and a web article, through the heading
    assert "sociaal-netwerk/a1" in by_gap[""]


def test_full_chain_of_an_advice(store):
    chain = rows(store, load_query("evidence-chain").text, advice=ox.NamedNode(ADVICES + "sociaal-netwerk/a1"))
    assert {(r["number"], r["sourceLabel"], r["viaEn"]) for r in chain} == {
        ("7", "Haslam e.a. (2018)", "footnote in the premise"),
        ("8", "Li e.a. (2011)", "footnote in the premise"),
        ("9", "Ince e.a. (2018)", "footnote in the premise"),
    }


def test_the_source_kinds_an_editor_decided_say_why(store):
    from kg.vocab.namespace import WTV as wtv

    query = "SELECT ?source ?kind ?why WHERE { ?source a ?kind ; wtv:kindReason ?why . FILTER(LANG(?why) = 'en') ?kind rdfs:subClassOf wtv:GreyLiterature }"
    found = {r["source"].rsplit("/", 1)[-1]: r for r in rows(store, query)}
    assert found["berger-2013"]["kind"] == str(wtv.PracticeGuide) and "not a guideline" in found["berger-2013"]["why"]
    assert found["empel-2016"]["kind"] == str(wtv.AnnualReport) and "annual report" in found["empel-2016"]["why"]


def _advice_iris(store) -> list[str]:
    return [r["advice"] for r in rows(store, load_query("advice-evidence").text)]


def test_every_view_gives_the_same_sources_for_every_advice(store, graph_nt):
    """One answer to what an advice rests on: the evidence page's list and chain, the advice's map,
    kg cite --advice and a handout holding the advice all read the build's groundings."""
    import json

    from click.testing import CliRunner

    from kg.cli import main
    from kg.explore.cite import sources
    from kg.explore.course import Item, cited_sources
    from kg.explore.network import argument_network, scope_advice

    network = argument_network(store)
    for advice in _advice_iris(store):
        listed = {r["source"] for r in rows(store, load_query("advice-sources").text, advice=ox.NamedNode(advice))}
        chained = {r["source"] for r in rows(store, load_query("evidence-chain").text, advice=ox.NamedNode(advice))}
        drawn = {n for n, d in scope_advice(network, advice).nodes(data=True) if d["kind"] == "source"}
        cited = CliRunner().invoke(main, ["cite", "--advice", advice, "--format", "csljson", "--graph", str(graph_nt)]).output
        by_id = {s.csl["id"]: s.iri for s in sources(store)}
        in_cite = {by_id[item["id"]] for item in json.loads(cited)}
        handout = set(cited_sources(store, [Item("advice", advice, "")]))
        assert listed == chained == drawn == in_cite == handout, advice


def test_a_handout_lists_every_source_its_passages_cite(store):
    # The autonomy handout quotes Ryan & Deci's theory ("Zelfdeterminatie / Self determination theory", whose
    # heading carries footnote 4): Ryan & Deci (2000) must be in its reference list.
    from kg.explore.course import cited_sources, collect

    items = collect(store, ID + "concept/autonomie")
    assert any(i.kind == "passage" and "Ryan en Deci" in i.text for i in items)
    assert ID + "source/ryan-2000" in cited_sources(store, [i for i in items if i.kind != "source"])


@pytest.mark.reasoner
def test_every_view_agrees_with_the_one_definition(reasoned_store, reasoned):
    """advice-evidence defines the levels and groups; the ontology's classes, the overview, the reviewer's
    table and the CLI must give the same numbers."""
    store, graph = reasoned_store, reasoned.graph
    found = evidence(store)
    has = {kind: {a for a, r in found.items() if int(r[kind]) > 0} for kind in ("peerReviewed", "guidance", "practice")}
    # The reasoner's defined classes (HermiT over restsOn and evidenceFrom) hold exactly these advice.
    inferred = {
        cls: {str(a).removeprefix(ADVICES) for a in graph.subjects(RDF.type, cls)}
        for cls in (WTV.EvidenceBasedAdvice, WTV.GuidanceBackedAdvice, WTV.PracticeBasedAdvice)
    }
    assert inferred[WTV.EvidenceBasedAdvice] == has["peerReviewed"]
    assert inferred[WTV.GuidanceBackedAdvice] == has["guidance"]
    assert inferred[WTV.PracticeBasedAdvice] == has["practice"]
    # The ontology page counts instances from the build's statistics.
    terms = {r["term"].rsplit("#", 1)[-1]: int(r["count"]) for r in rows(store, load_query("ontology-terms").text)}
    assert terms["PracticeBasedAdvice"] == len(has["practice"]) and terms["EvidenceBasedAdvice"] == len(has["peerReviewed"])
    # The reviewer's table has the level of every advice in its last column.
    table = review_table(store)
    for advice, r in found.items():
        line = next(line for line in table.splitlines() if line.startswith(f"| {advice.replace('/', ' ')}:"))
        assert line.rstrip(" |").endswith(r["level"]), (advice, line)
    # The overview shows the same counts per level and the same "rests (also) on" numbers.
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.query_params["page"], app.query_params["lang"] = "overzicht", "en"
    app.run()
    table = next(h.proto.body for h in app.get("html") if "evidence-levels" in h.proto.body)
    shown = {label: int(count) for label, count in re.findall(r"<tr><td>([^<]+)</td><td>(\d+)</td>", table)}
    assert shown["Scientific (peer reviewed)"] == sum(r["level"] == "peer-reviewed" for r in found.values())
    assert shown["Practice knowledge only"] == sum(r["level"] == "practice" for r in found.values())
    assert shown["No source at all"] == sum(r["gap"] == "no-source" for r in found.values())
    assert shown["Premises without a source of their own"] == sum(r["gap"] == "uncited-premises" for r in found.values())
    caption = " ".join(c.value for c in app.caption)
    assert f"{len(has['practice'])} (also) on practice knowledge" in caption


def test_the_cli_answers_from_the_same_query(graph_nt, store):
    from click.testing import CliRunner

    from kg.cli import main

    out = CliRunner().invoke(main, ["query", "advice-evidence", "--graph", str(graph_nt), "--format", "csv"]).output
    import csv
    import io

    levels = [row["level"] for row in csv.DictReader(io.StringIO(out))]
    assert sorted(levels) == sorted(r["level"] for r in evidence(store).values())
