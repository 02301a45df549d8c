"""Every query in queries/ has its header and answers on the real graph; ontology checks return nothing."""

import pytest

from kg.settings import ROOT
from kg.sparql.catalogue import list_queries, load_query, parse_query_file
from tests.helpers import rows

QUERIES = list_queries(with_pages=True)
CHECKS = sorted((ROOT / "ontology" / "checks").glob("*-violation.rq"))


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_query_has_header_and_answers(store, query):
    assert query.title_nl != query.name and query.title_en != query.name
    assert query.description and query.audience
    answer = store.query(query.text)
    assert answer.rows or answer.boolean, f"{query.name} returned nothing"


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_query_says_what_it_answers_and_for_whom_in_english(query):
    """The SPARQL page's English view shows these; a query without them would show Dutch there."""
    assert query.description_en, f"queries/{query.name}.rq lacks '#+ description_en:'"
    assert query.audience_en, f"queries/{query.name}.rq lacks '#+ audience_en:'"
    assert query.description_en != query.description  # a translation, not a copy
    assert query.description_in("en") == query.description_en and query.description_in("nl") == query.description


@pytest.mark.parametrize("path", CHECKS, ids=lambda p: p.stem)
def test_quality_check_finds_no_violation(store, path):
    check = parse_query_file(path.read_text(), path.stem)
    assert rows(store, check.text) == []


def test_advice_sources_names_the_way_of_citing(store):
    found = rows(store, load_query("advice-sources").text)
    by_advice = {}
    for r in found:
        by_advice.setdefault(r["advice"].rsplit("/advice/", 1)[1], {})[r["sourceLabel"]] = (r["kindLabel"], r["viaList"])
    assert by_advice["cyclisch-werken/a1"] == {"Arum e.a. (2020)": ("Onderzoeksrapport", "voetnoot in de kop van de sectie van de premisse")}
    assert by_advice["sociaal-netwerk/a1"]["Li e.a. (2011)"] == ("Tijdschriftartikel", "voetnoot in de premisse")
    councils = "Raad voor Strafrechttoepassing en Jeugdbescherming & Raad voor Volksgezondheid en Samenleving (2019)"
    assert by_advice["werken-aan-directe-veiligheid/a2"][councils][1] == "voetnoot die de premisse dekt (lezing van de redactie)"


def test_every_query_parameter_has_an_example_value():
    from tests.helpers import EXAMPLE_BINDINGS

    names = {p.name for q in QUERIES for p in q.params}
    assert names <= set(EXAMPLE_BINDINGS), names - set(EXAMPLE_BINDINGS)


def test_a_named_query_runs_by_name_with_its_values_bound_as_the_terms_it_declares(store):
    from kg.sparql.named import ParameterError, ask, records
    from tests.helpers import ADVICE, PARTS

    found = records(store, "sources-of-advice", advice=ADVICE)
    assert found and {r["advice"] for r in found} == {ADVICE}
    assert len(records(store, "sources-of-advice", advice="")) > len(found)  # an empty value leaves the variable unbound
    assert ask(store, "is-a", entity=ADVICE, type="https://w3id.org/wijkteams-veiligheid/ontology#Advice")
    assert not ask(store, "is-a", entity=PARTS + "claim/sociaal-netwerk/p1/s2", type="https://w3id.org/wijkteams-veiligheid/ontology#Advice")
    with pytest.raises(ParameterError) as refused:
        records(store, "sources-of-advice", advice="sociaal-netwerk/a1")
    assert refused.value.name == "advice" and "is not an IRI" in str(refused.value)
