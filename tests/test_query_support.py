"""Facts the graph states so that queries stay fast at a thousand reports, checked against the report.

Each is derivable from other triples (that is the point: queries read one
triple instead of a path, an aggregate or a full scan), so each test also
checks it against what it is derived from.
"""

from __future__ import annotations

import pyoxigraph as ox

from tests.helpers import ID, rows

R = ID + "wijkteams-werken-aan-veiligheid/"


def test_a_node_starts_where_its_first_part_starts(store):
    # "Sociaal netwerk", line 74: the advice arrow after the paragraph on social networks.
    found = rows(store, "SELECT ?n ?o ?l WHERE { ?n wtv:offset ?o ; wtv:line ?l }", n=_iri(R + "advice/sociaal-netwerk/a1"))
    assert [(r["o"], r["l"]) for r in found] == [("7735", "74")]


def test_every_offset_is_the_first_of_its_locations(store):
    wrong = rows(
        store,
        """SELECT ?n WHERE {
             ?n wtv:offset ?o ; wtv:line ?l .
             { SELECT ?n (MIN(?s) AS ?first) WHERE { ?n wtv:location/oa:hasSelector/oa:start ?s } GROUP BY ?n }
             ?n wtv:location ?loc . ?loc oa:hasSelector/oa:start ?first ; wtv:line ?firstLine .
             FILTER(?o != ?first || ?l != ?firstLine)
           }""",
    )
    assert wrong == []
    split = rows(store, "SELECT (COUNT(DISTINCT ?n) AS ?c) WHERE { ?n wtv:offset ?o ; wtv:location/oa:hasSelector/oa:start ?s FILTER(?s > ?o) }")
    assert int(split[0]["c"]) > 0  # nodes cut by a footnote block (and items with descriptions) exist, so the MIN matters


def test_a_section_lies_within_itself_and_every_section_above_it(store):
    within = {r["s"].rsplit("/", 1)[1] for r in rows(store, "SELECT ?n ?s WHERE { ?n wtv:withinSection ?s }", n=_iri(R + "section/sociaal-netwerk"))}
    assert within == {"sociaal-netwerk", "onderbouwing-van-de-basis", "de-brede-opdracht-naast-de-inwoner"}


def test_within_section_is_the_closure_of_is_part_of(store):
    closure = rows(store, "SELECT ?a ?b WHERE { ?a a wtv:Section ; dcterms:isPartOf* ?b . ?b a wtv:Section }")
    stated = rows(store, "SELECT ?a ?b WHERE { ?a wtv:withinSection ?b }")
    assert sorted(map(_pair, closure)) == sorted(map(_pair, stated))


def test_the_report_references_each_source_it_lists_or_cites(store):
    found = rows(store, "SELECT ?r (COUNT(?s) AS ?n) WHERE { ?r wtv:referencesSource ?s } GROUP BY ?r", r=_iri(ID + "report/wijkteams-werken-aan-veiligheid"))
    assert found[0]["n"] == "38"  # 33 in "Bronnen" and 5 practice-knowledge footnotes


def test_usage_statistics_count_what_the_graph_holds(store):
    stated = rows(store, "SELECT ?n WHERE { ?p void:class wtv:Advice ; void:entities ?n }")
    assert stated == [{"n": "24"}]
    for prop in ("supports", "cites", "location"):
        counted = rows(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s wtv:{prop} ?o }}")[0]["n"]
        assert rows(store, f"SELECT ?n WHERE {{ ?p void:property wtv:{prop} ; void:triples ?n }}") == [{"n": counted}]


def _iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def _pair(row: dict[str, str]) -> tuple[str, str]:
    return row["a"], row["b"]
