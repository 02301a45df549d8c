"""The curated layer: merged when right, a clear message when not."""

import pytest

from kg.graph.curated import CuratedError, load_curated
from tests.helpers import CURATED, build_with, with_change


def test_relations_now_live_in_the_argument_map(tmp_path):
    path = with_change(tmp_path, lambda d: d.update({"relations": [{"from": "claim/bevoegdheid/p1/s1", "relation": "qualifies", "to": "concept/reflectie"}]}))
    with pytest.raises(CuratedError, match="moved to the argument map"):
        build_with(path)


def test_unknown_source_kind_is_refused(tmp_path):
    path = with_change(tmp_path, lambda d: d["sources"].update({"ryan-2000": {"kind": "Blog"}}))
    with pytest.raises(CuratedError, match=r"sources\.ryan-2000: kind 'Blog' is not one of"):
        build_with(path)


def test_concept_without_english_label_is_refused(tmp_path):
    path = with_change(tmp_path, lambda d: d["concepts"][0]["label"].pop("en"))
    with pytest.raises(CuratedError, match=r"concepts\[1\] \(zelfdeterminatietheorie\): label.en is missing"):
        build_with(path)


def test_yaml_syntax_error_names_line_and_column(tmp_path):
    path = tmp_path / "curated.yaml"
    path.write_text("scheme:\n  id: x\nconcepts: [\n  - id: y\n", encoding="utf-8")
    with pytest.raises(CuratedError, match=r"line \d+, column \d+"):
        load_curated(path)


def test_a_new_synonym_is_a_data_edit(tmp_path):
    def add_synonym(data):
        concept = next(c for c in data["concepts"] if c["id"] == "reflectie")
        concept.setdefault("hidden", []).append("gereflecteerd")

    graph = build_with(with_change(tmp_path, add_synonym))
    from rdflib.namespace import DCTERMS

    from kg.vocab.namespace import ID

    claim = ID["wijkteams-werken-aan-veiligheid/claim/veiligheidsparadox-en-maakbaarheidsillusie/p2/s3"]
    assert (claim, DCTERMS.subject, ID["concept/reflectie"]) in graph
    assert (claim, DCTERMS.subject, ID["concept/reflectie"]) not in build_with(CURATED)
