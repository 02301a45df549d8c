"""The outline rules on small fixtures (see kg/parse/outline.py for the rules)."""

from kg.parse.report import parse_report

HEAD = "# Rapport\n\n"


def sections(src: str):
    return {s.title: (s.level, s.parent) for s in parse_report(HEAD + src, "t").sections}


def test_italic_headings_nest_under_an_introducing_heading_whatever_their_hashes():
    src = "## H\n\n### Basis\n\nInleiding.\n\n#### *Eerste*\n\nTekst.\n\n### *Tweede*\n\nTekst.\n"
    found = sections(src)
    assert found["Eerste"] == (3, "basis")
    assert found["Tweede"] == (3, "basis")


def test_heading_with_its_own_advice_is_no_container():
    src = "## H\n\n### Profielen\n\nTekst.\n\n- Advies van de auteur.\n\n#### *Directe veiligheid*\n\nTekst.\n"
    assert sections(src)["Directe veiligheid"] == (2, "h")


def test_chapter_ending_in_a_caption_is_a_figure_box():
    src = "## H\n\n### A\n\nTekst.\n\n## Visie\n\nDe visie:\n\n- stap een\n- stap twee\n\nFiguur 2. Een kader\n\n### B\n\nTekst.\n"
    doc = parse_report(HEAD + src, "t")
    assert "Visie" not in {s.title for s in doc.sections}
    figure = doc.figures[0]
    assert (figure.number, figure.title, figure.section) == (2, "Visie", "a")
    assert doc.enumerations[0].figure == "figuur-2"
    assert {s.title: s.parent for s in doc.sections}["B"] == "h"


def test_list_after_a_colon_is_an_enumeration_otherwise_advice():
    src = "## H\n\nDe elementen:\n\n- Verbinding\n- Vertrouwen\n\nEen alinea.\n\n- Een advies.\n- Nog een advies.\n"
    doc = parse_report(HEAD + src, "t")
    assert [i.text.plain for i in doc.enumerations[0].items] == ["Verbinding", "Vertrouwen"]
    assert [a.text.plain for a in doc.advice] == ["Een advies.", "Nog een advies."]
    assert doc.advice[0].passage == ["h/p1", "h/p2"]  # the whole passage since the last advice


def test_numbered_items_with_descriptions_are_one_enumeration():
    src = "## H\n\n**Vijf**\n\nIntro.\n\n- 1. Gezin in de stress**\n\nBeschrijving een.\n- 2. Controle**\n\nBeschrijving twee.\n\nFiguur 3. Profielen\n"
    doc = parse_report(HEAD + src, "t")
    items = doc.enumerations[0].items
    assert [(i.title, i.description.plain) for i in items] == [
        ("Gezin in de stress", "Beschrijving een."),
        ("Controle", "Beschrijving twee."),
    ]
    assert doc.figures[0].title == "Vijf"
