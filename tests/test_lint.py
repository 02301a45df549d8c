"""The report check finds each defect known to be in the report, and nothing on a clean report."""

import textwrap

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.explore.report_check import findings
from kg.graph.assemble import asserted_graph
from kg.settings import ONTOLOGY
from kg.sparql.embedded import EmbeddedStore
from kg.sparql.result import to_records


def test_known_defects_are_found(store):
    found = {(r["check"], r["sourceLabel"], r["footnotes"]) for r in to_records(findings(store))}
    expected = {
        ("duplicate-footnotes", "Ogink & Gijzel (2019)", "1, 19"),
        ("url-whitespace", "Ogink & Gijzel (2019)", "1"),
        ("url-variant", "Ogink & Gijzel (2019)", "19"),  # "sociaalwerkknederland"
        ("author-variant", "Lemmens e.a. (2019)", "5"),  # Herndrixx / Herndriks
        ("title-variant", "Tierolf e.a. (2014)", "43"),  # geweldspatroom / geweldspatroon
        ("url-variant", "Tierolf e.a. (2014)", "43"),
        ("url-variant", "Nederlandse Vereniging voor Klinische Geriatrie (2016)", "23"),  # richtlijnendatabase / richtlijndatabase
        ("hyperlink-artefact", "Steketee e.a. (2020)", "28"),
        ("duplicate-footnotes", "Vereniging van Nederlandse Gemeenten (2019)", "2, 27"),
        ("duplicate-footnotes", "Stichting Civil Care (2021)", "29, 35"),
        ("duplicate-footnotes", "Steketee e.a. (2020)", "28, 30, 40"),
    }
    assert expected <= found
    assert not any(check == "doi-syntax" for check, _, _ in found)  # every printed DOI has DOI syntax


CLEAN = """
# Een schoon rapport

Een argumentatie

*November 2022*

A. Auteur

Opdracht

## Hoofdstuk

Een zin met een bron.<sup>1</sup> Nog een zin met een andere bron.<sup>2</sup>

- Een advies dat hierop rust.

---

<sup>1</sup> Li, F., Godinet, M. T., & Arnsberger, P. (2011). Protective factors. *Children and Youth Services Review*, 33(1), 139–148. <https://doi.org/10.1016/j.childyouth.2010.08.026>

<sup>2</sup> Zwaan, J. van der (2022). *Toegevoegde waarde*. Leimuiden: Zwaan. <https://example.org/zwaan.pdf>

## Bronnen

- Li, F., Godinet, M. T., & Arnsberger, P. (2011). Protective factors. *Children and Youth Services Review*, 33(1), 139–148. <https://doi.org/10.1016/j.childyouth.2010.08.026>
- Zwaan, J. van der (2022). *Toegevoegde waarde*. Leimuiden: Zwaan. <https://example.org/zwaan.pdf>
"""

CURATED = """
scheme: {id: test, label: {nl: Test, en: Test}}
concepts:
  - id: advies
    label: {nl: Advies, en: Advice}
    definition: {nl: Een advies., en: An advice.}
"""


@pytest.fixture
def clean_store(tmp_path):
    report, curated = tmp_path / "schoon.md", tmp_path / "curated.yaml"
    report.write_text(textwrap.dedent(CLEAN), encoding="utf-8")
    curated.write_text(CURATED, encoding="utf-8")
    return EmbeddedStore.from_graph(asserted_graph([report], curated, ONTOLOGY))


def test_clean_report_has_no_findings(clean_store):
    assert findings(clean_store).rows == []


def test_kg_lint_exit_code_and_csv(graph_nt):
    result = CliRunner().invoke(main, ["lint", "--format", "csv", "--graph", str(graph_nt)])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == "report,file,check,source,sourceLabel,footnotes,line,detail,detailNl,citedAs"


def test_kg_lint_prints_each_finding_in_full_on_one_line(store, graph_nt):
    result = CliRunner().invoke(main, ["lint", "--graph", str(graph_nt)])
    assert result.exit_code == 1
    printed = result.stdout.splitlines()
    assert len(printed) == len(findings(store).rows) and all(line.startswith("data/wijkteams-werken-aan-veiligheid.md:") for line in printed)
    # The NVKG URL is 130 characters; the old table cut the detail off.
    nvkg = next(line for line in printed if "Klinische Geriatrie" in line)
    assert nvkg.startswith("data/wijkteams-werken-aan-veiligheid.md:191: url-variant: ")
    assert nvkg.endswith(
        "references give https://richtlijnendatabase.nl/richtlijn/vermoeden_van_ouderenmishandeling_om/startpagina_-_vermoeden_ouderenmishandeling.html"
    )


def test_no_false_positives(store):
    found = {(r["check"], r["sourceLabel"]) for r in to_records(findings(store))}
    # Footnote 30 names self-determination theory in words; the curated layer links it to Ryan & Deci.
    # That is not a second printed reference to the work.
    assert ("duplicate-footnotes", "Ryan & Deci (2000)") not in found
    # Footnote 7 prints the title without "(1st ed.)", the bibliography with it: an edition note, not a variant.
    assert ("title-variant", "Haslam e.a. (2018)") not in found
