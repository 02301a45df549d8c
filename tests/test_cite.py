"""References checked against APA 7 references written by hand; BibTeX and RIS parse back."""

import re

import bibtexparser
import pytest
import rispy
from click.testing import CliRunner

from kg.cli import main
from kg.explore.cite import apa, bibtex, cite_this, plain_references, ris, sources
from tests.helpers import CURATED, ID, REPORT_FILE


@pytest.fixture(scope="module")
def items(store):
    return {s.csl["id"]: s.csl for s in sources(store)}


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        # journal article with DOI
        (
            "ryan-2000",
            "Ryan, R. M., & Deci, E. L. (2000). Self-determination theory and the facilitation of intrinsic motivation, social development, "
            "and well-being. American Psychologist, 55(1), 68–78. https://doi.org/10.1037/0003-066X.55.1.68",
        ),
        # book
        (
            "haslam-2018",
            "Haslam, C., Jetten, J., Cruwys, T., Dingle, G., & Haslam, S. A. (2018). The New Psychology of Health: Unlocking the Social Cure "
            "(1st ed.). Routledge. https://doi.org/10.4324/9781315648569",
        ),
        # book chapter
        (
            "elwyn-2001",
            "Elwyn, G., & Charles, C. (2001). Shared decision-making: the principles and the competencies. In A. G. Edwards & G. Elwyn (red.), "
            "Evidence-Based Patient Choice: Inevitable or Impossible? (pp. 118–143). Oxford University Press.",
        ),
        # guideline
        (
            "vink-2020",
            "Vink, R., Wolff, M. de, Broerse, A., & Kamphuis, M. (2020). Richtlijn kindermishandeling voor jeugdhulp en jeugdbescherming. "
            "3e herziene versie. NJi. https://richtlijnenjeugdhulp.nl/wp-content/uploads/2020/07/Richtlijn-Kindermishandeling-Verantwoording-aanpassingen-juni-2020.pdf",
        ),
        # law
        (
            "ministerie-volksgezondheid-2013",
            "Ministerie van Volksgezondheid, Welzijn en Sport. (2013). Wet verplichte meldcode huiselijk geweld en "
            "kindermishandeling (Staatsblad 2013-142). Rijksoverheid. https://zoek.officielebekendmakingen.nl/stb-2013-142.html",
        ),
        # web article, Dutch particle after the initials as the report prints it
        (
            "arum-2022",
            "Arum, S. van (2022). Wijkteams: collectief waar mogelijk, individueel waar nodig. "
            "https://sociaalweb.nl/nieuws/wijkteams-collectief-waar-mogelijk-individueel-waar-nodig/",
        ),
    ],
)
def test_apa_reference(items, key, expected):
    assert apa([items[key]]) == [expected]


def test_practice_knowledge_is_a_personal_communication_without_list_entry(items):
    practice = items["wijkteams-werken-aan-veiligheid-voetnoot-41"]
    assert practice["type"] == "personal_communication"
    assert apa([practice]) == [
        "Informatie gebaseerd op gesprekken met Associatie Wijkteams in periode september-november 2022 "
        "(persoonlijke communicatie; Praktijkkennis (voetnoot 41))"
    ]


def test_bibtex_parses_back_into_the_same_fields(items):
    chosen = [items[k] for k in ("ryan-2000", "haslam-2018", "elwyn-2001", "zwaan-2022")]
    library = bibtexparser.parse_string(bibtex(chosen))
    assert not library.failed_blocks
    entries = {e.key: {f.key: f.value for f in e.fields} for e in library.entries}
    assert entries["ryan-2000"]["doi"] == "10.1037/0003-066X.55.1.68"
    assert entries["ryan-2000"]["author"] == "Ryan, R. M. and Deci, E. L."
    assert entries["ryan-2000"]["journal"] == "American Psychologist" and entries["ryan-2000"]["pages"] == "68--78"
    assert entries["elwyn-2001"]["booktitle"] == "Evidence-Based Patient Choice: Inevitable or Impossible?"
    assert entries["zwaan-2022"]["author"] == "van der Zwaan, J." and entries["zwaan-2022"]["institution"] == "Zwaan onderzoek en advies"
    assert {e.entry_type for e in library.entries} == {"article", "book", "incollection", "techreport"}


def test_ris_parses_back_into_the_same_fields(items):
    records = {r["id"]: r for r in rispy.loads(ris(list(items.values())))}
    li = records["li-2011"]
    assert li["type_of_reference"] == "JOUR" and li["doi"] == "10.1016/j.childyouth.2010.08.026"
    assert li["authors"] == ["Li, F.", "Godinet, M. T.", "Arnsberger, P."]
    assert (li["start_page"], li["end_page"], li["volume"], li["number"]) == ("139", "148", "33", "1")
    assert records["arum-2022"]["urls"] == ["https://sociaalweb.nl/nieuws/wijkteams-collectief-waar-mogelijk-individueel-waar-nodig/"]
    # Practice knowledge keeps what its footnote says it rests on (BibTeX's note, RIS's N1), not a bare "voetnoot 41".
    # Its key names its report: every report has its own footnote 41.
    practice = "wijkteams-werken-aan-veiligheid-voetnoot-41"
    assert records[practice]["type_of_reference"] == "PCOMM"
    assert records[practice]["notes"] == [items[practice]["note"]] and "gesprekken met Associatie Wijkteams" in items[practice]["note"]


def test_ris_holds_only_tagged_lines(items):
    """Every line is ``XX  - value`` or the blank line between records, as EndNote and Zotero write RIS (rispy adds ``1.`` by default)."""
    text = ris(list(items.values()))
    assert text.startswith("TY  - ")
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) or not line for line in text.splitlines())


def test_cite_this_names_the_section_and_primary_sources(store):
    sentence = cite_this(store, ID + "wijkteams-werken-aan-veiligheid/advice/sociaal-netwerk/a1")
    assert sentence.startswith("Witte (2022, sectie ‘Sociaal netwerk’) adviseert dit op basis van Haslam e.a. (2018), Ince e.a. (2018) en Li e.a. (2011).")


def test_kg_cite_selection_and_formats(graph_nt):
    advice = ID + "wijkteams-werken-aan-veiligheid/advice/sociaal-netwerk/a1"
    result = CliRunner().invoke(main, ["cite", "--advice", advice, "--graph", str(graph_nt)])
    assert result.exit_code == 0, result.output
    assert [line.split(" (")[0] for line in result.stdout.strip().splitlines()] == [
        "Haslam, C., Jetten, J., Cruwys, T., Dingle, G., & Haslam, S. A.",
        "Ince, D., Yperen, T. van, & Valkestijn, M.",
        "Li, F., Godinet, M. T., & Arnsberger, P.",
    ]
    whole = CliRunner().invoke(main, ["cite", "--format", "csljson", "--graph", str(graph_nt)])
    import json

    assert len(json.loads(whole.stdout)) == 38


def test_cite_this_names_each_reports_own_author_and_year(tmp_path):
    from kg.graph.assemble import asserted_graph
    from kg.settings import ONTOLOGY
    from kg.sparql.embedded import EmbeddedStore

    second = tmp_path / "tweede-rapport.md"
    text = REPORT_FILE.read_text(encoding="utf-8").replace("# *Wijkteams werken aan veiligheid*", "# *Tweede rapport*", 1)
    second.write_text(text.replace("*November 2022*", "*Maart 2024*", 1).replace("Janneke Witte, AIOS", "Karin Jansen, AIOS", 1), encoding="utf-8")
    store = EmbeddedStore.from_graph(asserted_graph([REPORT_FILE, second], CURATED, ONTOLOGY))
    assert cite_this(store, ID + "tweede-rapport/advice/sociaal-netwerk/a1").startswith("Jansen (2024, sectie ‘Sociaal netwerk’)")
    assert cite_this(store, ID + "wijkteams-werken-aan-veiligheid/advice/sociaal-netwerk/a1").startswith("Witte (2022, sectie")


def test_bibtex_survives_braces_backslashes_and_accents_in_a_title():
    from bibtexparser.middlewares import LatexDecodingMiddleware

    hostile = {
        "id": "x-2020",
        "type": "report",
        "title": "Een {rare} titel \\ met 100% & under_score: Lünemann – één",
        "author": [{"literal": "Verwey-Jonker & Co"}, {"family": "Lünemann", "given": "K."}],
        "URL": "https://example.org/a b{c}",
    }
    text = bibtex([hostile])
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert not library.failed_blocks and len(library.entries) == 1
    fields = {f.key: f.value for f in library.entries[0].fields}
    assert fields["title"] == hostile["title"]
    raw = {f.key: f.value for f in bibtexparser.parse_string(text).entries[0].fields}
    assert raw["url"] == "https://example.org/a%20b%7Bc%7D"  # verbatim field: only what would unbalance the entry is encoded
    assert raw["author"].startswith("{Verwey-Jonker {\\&} Co} and ")  # an organisation stays one name


def test_ris_keeps_names_as_plain_text(items):
    records = rispy.loads(ris([items["tierolf-2014"]]))
    assert records[0]["authors"] == ["Tierolf, B.", "Lünemann, K.", "Steketee, M."]


def test_apa_keeps_the_printed_capitalisation_of_titles(store):
    from kg.explore.cite import apa, sources

    listed = "\n".join(apa([s.csl for s in sources(store)]))
    assert "BMJ (Clinical research ed.)" in listed and "Clinical Research Ed." not in listed  # as footnote 6 prints it
    assert "Social science & medicine (1982)" in listed


def test_bibtex_uses_entry_types_plain_bibtex_knows(store):
    import re

    from kg.explore.cite import bibtex, sources

    text = bibtex([s.csl for s in sources(store)])
    assert set(re.findall(r"@(\w+)\{", text)) <= {"article", "book", "incollection", "techreport", "misc", "unpublished"}
    web = text[text.index("@misc{arum-2022") :].split("\n}\n", 1)[0]
    assert "howpublished = {\\url{https://sociaalweb.nl/nieuws/wijkteams-collectief-waar-mogelijk-individueel-waar-nodig/}}" in web


def test_sources_asked_by_name_are_those_of_the_whole_list(store):
    """Given IRIs are asked one by one (the whole list takes seconds at a thousand reports): the same sources, in the
    same order, as the whole list filtered; an IRI that names no source adds nothing."""
    everything = sources(store)
    chosen = [everything[5].iri, everything[0].iri, everything[-1].iri, ID + "concept/veiligheidsparadox"]
    assert sources(store, chosen) == [s for s in everything if s.iri in chosen]


@pytest.fixture(scope="module")
def consulted_twice(tmp_path_factory):
    """The report and a copy whose websites were consulted on 9 November 2022, before the report's 23 November."""
    from kg.graph.assemble import asserted_graph
    from kg.settings import ONTOLOGY
    from kg.sparql.embedded import EmbeddedStore

    second = tmp_path_factory.mktemp("consulted") / "tweede-rapport.md"
    text = REPORT_FILE.read_text(encoding="utf-8")
    assert "geraadpleegd op 23 november 2022" in text
    second.write_text(text.replace("geraadpleegd op 23 november 2022", "geraadpleegd op 9 november 2022"), encoding="utf-8")
    return EmbeddedStore.from_graph(asserted_graph([REPORT_FILE, second], CURATED, ONTOLOGY))


def test_a_website_two_reports_cite_is_dated_by_the_latest_visit_or_by_the_reports_in_view(consulted_twice):
    """The latest date, not the last note in alphabetical order ("9 november" sorts after "23 november"); and with
    the reports in view given, their own date."""
    website = ID + "source/arum-2022"
    dated = lambda *reports: [s.csl.get("accessed") for s in sources(consulted_twice, {website}, reports)]  # noqa: E731
    assert dated() == [{"date-parts": [[2022, 11, 23]]}]
    assert dated(ID + "report/tweede-rapport") == [{"date-parts": [[2022, 11, 9]]}]
    assert dated(ID + "report/wijkteams-werken-aan-veiligheid", ID + "report/tweede-rapport") == [{"date-parts": [[2022, 11, 23]]}]


def test_sources_asked_by_the_reports_in_view_are_those_asked_by_name(consulted_twice):
    """The reports in view are asked once each for their sources; a source none of them names is asked on its own."""
    second = ID + "report/tweede-rapport"
    everything = sources(consulted_twice, None, [second])
    theirs = {s.iri for s in sources(consulted_twice) if "/wijkteams-werken-aan-veiligheid/" not in s.iri}  # not the first's practice
    assert len(everything) == 38 and {s.iri for s in everything} == theirs
    assert sources(consulted_twice, {everything[3].iri, ID + "source/not-there"}, [second]) == [everything[3]]


@pytest.mark.parametrize("locale", ["nl-NL", "en-US"])
def test_the_plain_apa_list_is_the_shown_one_without_its_markup(items, locale):
    """A page formats its APA list once, as HTML, and copies and downloads it as text: that text must be exactly
    citeproc's own plain output, for every reference of the report."""
    every = list(items.values())
    assert plain_references(apa(every, locale=locale, html=True)) == "".join(f"{r}\n" for r in apa(every, locale=locale))
