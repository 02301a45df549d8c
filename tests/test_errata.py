"""Errata: references give the working form, the graph keeps the printed one with why, and a stale entry stops the build."""

from __future__ import annotations

import re

import pytest
from rdflib import RDFS, Literal
from rdflib.namespace import PROV

from kg.explore.cite import apa, sources
from kg.explore.handout import Handout, markdown
from kg.graph.curated import CuratedError
from kg.vocab.namespace import ID, WTV
from tests.helpers import build_with, with_change

BROKEN = "https://www.sociaalwerk nederland.nl/?file=17901&m=1573480031&action=file.download"
WORKING = "https://www.sociaalwerknederland.nl/?file=17901&m=1573480031&action=file.download"


def reference(store, key: str) -> str:
    return apa([s.csl for s in sources(store, {str(ID[f"source/{key}"])})])[0]


def test_references_give_the_working_form(store):
    assert reference(store, "ogink-2019").endswith(WORKING)  # printed with a space (bibliography) and a double k (footnote 19)
    assert "richtlijnendatabase.nl/" in reference(store, "nederlandse-vereniging-klinische-2016")  # the bibliography drops "en"
    assert "Hendrikx, R." in reference(store, "lemmens-2019") and "Herndriks" not in reference(store, "lemmens-2019")


def test_a_handout_gives_the_working_form(store):
    text = markdown(Handout("Thema", "", [], apa([s.csl for s in sources(store, {str(ID["source/ogink-2019"])})])))
    assert WORKING in text and BROKEN not in text


def test_the_graph_keeps_the_printed_form_with_what_changed_and_why(graph):
    source = ID["source/ogink-2019"]
    assert (source, WTV.printedUrl, Literal(BROKEN)) in graph
    assert (source, WTV.workingUrl, Literal(WORKING)) in graph
    corrections = {
        str(graph.value(c, WTV.printedForm)): (
            " / ".join(sorted(str(o) for o in graph.objects(c, RDFS.comment))),  # the reason in Dutch and English
            str(graph.value(c, PROV.wasDerivedFrom)),
        )
        for c in graph.objects(source, WTV.hasCorrection)
    }
    why, origin = corrections[BROKEN]
    assert "space" in why and "spatie" in why and origin.endswith("/errata/rule-url-whitespace")
    why, origin = corrections["https://www.sociaalwerkknederland.nl/?file=17901&m=1573480031&action=file.download"]
    assert "doubles the k" in why and "verdubbelt de k" in why and origin.endswith("/errata/editor")
    # The corrections point at the defects they mend; the defects stay.
    mended = {str(graph.value(d, WTV.defectKind)) for c in graph.objects(source, WTV.hasCorrection) for d in graph.objects(c, WTV.corrects)}
    assert {"url-whitespace", "url-variant"} <= mended


def test_an_erratum_whose_printed_form_is_not_in_the_report_stops_the_build(tmp_path):
    def stale(data):
        data["errata"][1]["printed"] = "https://richtlijndatabase.nl/elders.html"

    with pytest.raises(CuratedError, match=re.escape("does not print url 'https://richtlijndatabase.nl/elders.html'")):
        build_with(with_change(tmp_path, stale))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda e: e.update({"source": "niemand-2099"}), "'niemand-2099' is not a work this report cites"),
        (lambda e: e.update({"field": "year"}), "field 'year' is not one of url, title, author"),
        (lambda e: e.pop("why"), "'why' is missing"),
    ],
)
def test_a_malformed_erratum_says_what_and_where(tmp_path, change, message):
    with pytest.raises(CuratedError, match=message):
        build_with(with_change(tmp_path, lambda data: change(data["errata"][0])))
