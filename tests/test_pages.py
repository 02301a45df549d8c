"""The pages people look for, one per thing (an advice, a section, a concept, a source), in the reader's words."""

from __future__ import annotations

import pytest

from tests.helpers import ID, PARTS, html_of, machine_words, open_page, visible_text

THINGS = [
    ("advies", PARTS + "advice/bevoegdheid/a1"),
    ("sectie", PARTS + "section/bevoegdheid"),
    ("begrip", ID + "concept/veiligheidsparadox"),
    ("bron", ID + "source/huber-2011"),
]


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize(("page", "entity"), THINGS, ids=[p for p, _ in THINGS])
def test_each_thing_has_a_page_that_speaks_the_readers_language(page, entity, lang):
    app = open_page(page, lang, entity=entity)
    assert not app.exception, app.exception
    assert app.title, "the page names what it shows"
    assert machine_words(visible_text(app)) == []


def test_an_advice_reads_as_an_argument_with_its_tensions_and_how_to_cite_it():
    app = open_page("advies", entity=PARTS + "advice/bevoegdheid/a1")
    page = html_of(app)
    assert app.title[0].value == "Advies in ‘Bevoegdheid’"
    # Premise cards: the full sentence with the quoted words marked, and the form of reasoning in words.
    assert "<mark>altijd vrijwillig en met instemming van de inwoner(s)</mark>" in page
    assert "Beroep op een wettelijke plicht" in page
    # A "but" card quotes both sides and names them.
    assert "Ook als dat betekent dat er partners uit het veiligheidsdomein betrokken moeten worden terwijl inwoners dat niet willen" in page
    assert "Autonomie tegenover veiligheid" in page and ">Veiligheid</span>" in page and ">Autonomie</span>" in page
    # The evidence level in words, from the ontology.
    assert "Richtlijn, wet of beleid" in page
    # Cite this: the sentence, the references and the report's own reference, with a visible copy button.
    assert "Witte, J. (2022). <i>Wijkteams werken aan veiligheid" in page
    assert [b.label for b in app.get("download_button")] == ["Download als webpagina (.html)", "Download voor Argdown (.argdown)", "Download als AIF (.json)"]


def test_the_paradox_advice_says_it_rests_on_practice_knowledge_only():
    page = html_of(open_page("advies", "en", entity=PARTS + "advice/veiligheidsparadox-en-maakbaarheidsillusie/a2"))
    assert "Practice knowledge only" in page and "Kraak (2022)" in page


def test_an_advice_without_sources_says_which_kind_of_no_source():
    page = html_of(open_page("advies", entity=PARTS + "advice/samenwerken-en-informatie-uitwisselen/a1"))
    assert "Premissen zonder eigen bron" in page and "KNMG (2021)" in page


def test_a_section_shows_its_text_advice_questions_concepts_and_sources():
    app = open_page("sectie", entity=PARTS + "section/veiligheidsparadox-en-maakbaarheidsillusie")
    page = html_of(app)
    assert "De veiligheidsparadox houdt kortgezegd in" in page  # its text
    assert page.count('class="advice"') >= 4  # both advice in the text, both with what they rest on
    assert "Heb je echt samen met de inwoner besloten?" in page  # a reflection question
    assert "Kraak, A. (2022)" in page  # the internal note behind footnote 42, in APA
    assert "← Structureel werken aan herstel" in page and "Rechtsbescherming →" in page  # previous and next


def test_a_concept_gives_the_reports_words_and_marks_an_outside_definition():
    page = html_of(open_page("begrip", entity=ID + "concept/positieve-gezondheid"))
    assert "meedoen, zingeving en mentaal welbevinden" in page
    assert "Definitie van buiten het rapport" in page and "the ability to adapt and to self manage" in page


def test_a_concept_lists_every_advice_of_the_section_named_after_it():
    page = html_of(open_page("begrip", entity=ID + "concept/veiligheidsparadox"))
    assert "Het vraagt om stevige, veerkrachtige wijkteamprofessional" in page
    assert "voetnoot 42" in page


def test_a_source_says_its_kind_why_where_it_is_cited_and_what_rests_on_it():
    app = open_page("bron", "en", entity=ID + "source/berger-2013")
    page = html_of(app)
    assert "Practice guide" in page and "not a guideline" in page
    assert "footnote 15" in page and "in the heading of" in page
    assert "Reflectie moet een vast onderdeel zijn" in page


def test_a_link_that_names_nothing_says_so():
    app = open_page("advies", entity=PARTS + "advice/bestaat-niet/a9")
    assert any("Niet gevonden" in w.value and "deze link" in w.value for w in app.warning)
    assert app.title  # and shows an advice, saying which
