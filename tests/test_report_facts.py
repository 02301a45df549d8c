"""The parsed report against facts read in the report by hand."""

import hashlib
import re

from kg.parse.report import locate
from kg.settings import ROOT

SHA = re.search(r"sha256 \| `([0-9a-f]{64})`", (ROOT / "data" / "README.md").read_text()).group(1)


def test_report_file_is_shipped_unchanged(doc):
    assert hashlib.sha256(doc.source.encode("utf-8")).hexdigest() == SHA


def test_front_matter(doc):
    assert doc.meta.title == "Wijkteams werken aan veiligheid"
    assert doc.meta.subtitle == "Een argumentatie vanuit kennis"
    assert doc.meta.date == "November 2022"
    assert doc.meta.author.startswith("Janneke Witte")


def test_counts(doc):
    assert len(doc.advice) == 24
    assert len(doc.footnotes) == 45
    assert [f.number for f in doc.footnotes] == list(range(1, 46))
    assert len(doc.bibliography) == 33
    assert len([s for s in doc.sections if s.role == "body"]) == 29
    assert len(doc.figures) == 4


def test_outline_keeps_the_real_nesting(doc):
    parent = {s.title: s.parent for s in doc.sections}
    # ### and #### siblings under "Onderbouwing van de basis"
    for title in (
        "Zelfdeterminatie / Self determination theory",
        "Brede concepten van gezondheid",
        "Sociaal netwerk",
        "Gedeelde besluitvorming",
        "Integraal werken in de wijk",
        "Cyclisch werken",
        "Reflectie op kwaliteit",
    ):
        assert parent[title] == "onderbouwing-van-de-basis", title
    for title in ("Risicofactoren en voorkomen potentiële onveiligheid", "Brede intake", "Signaleren en de Meldcode", "Collectief"):
        assert parent[title] == "voorkomen-en-signaleren-van-potentiele-onveiligheid", title
    for title in (
        "Onveiligheid en herstel",
        "Analyse",
        "5 gezinsprofielen",
        "Werken aan directe veiligheid",
        "Structureel werken aan herstel",
        "Veiligheidsparadox en maakbaarheidsillusie",
    ):
        assert parent[title] == "samen-bij-onveiligheid", title
    assert "Visie" not in parent


def test_figures_with_their_captions(doc):
    figures = {f.number: f for f in doc.figures}
    assert figures[1].caption.plain.startswith("Figuur 1. Schematische weergave aandeel rol wijkteam")
    assert figures[2].title == "Visie" and figures[2].section == "onveiligheid-en-herstel"
    assert figures[3].title == "Vijf profielen"
    assert figures[4].caption.plain.endswith("Stichting Civil Care, 2021)")


def test_paragraph_cut_by_a_page_break_is_one_paragraph(doc):
    para = next(p for p in doc.paragraphs if p.key == "risicofactoren-en-voorkomen-potentiele-onveiligheid/p1")
    assert "factoren die samenhangen met de pleger/ouder, slachtoffer/kind factoren" in para.text.plain
    assert len(locate(doc, para.text.text)) == 2


def test_advice_cut_by_a_page_break_is_one_advice(doc):
    advice = next(a for a in doc.advice if a.key == "zelfdeterminatie-self-determination-theory/a1")
    assert advice.text.plain.endswith("door psychoeducatie te laten aansluiten bij het niveau van de inwoner.")


def test_enumerations_in_order(doc):
    lists = {e.key: e for e in doc.enumerations}
    assert [i.text.plain for i in lists["de-brede-opdracht-naast-de-inwoner/list1"].items][:2] == [
        "Verbinding (in contact komen en blijven)",
        "Vertrouwen",
    ]
    sdm = lists["gedeelde-besluitvorming/list1"].items
    assert len(sdm) == 3 and sdm[1].text.plain.startswith("Beide partijen zetten zich in")
    phases = lists["onveiligheid-en-herstel/list1"].items
    assert phases[2].text.plain == "en vervolgens ondersteuning of behandeling bieden voor herstel."
    profiles = lists["5-gezinsprofielen/list1"].items
    assert [p.title for p in profiles] == [
        "Gezin in de stress",
        "Eén van de partners oefent extreme controle of dwang uit",
        "De kindproblematiek staat voorop",
        "Een ouder of beide ouders hebben langdurige zorg nodig",
        "De ouders maken een conflictscheiding door",
    ]
    assert profiles[4].description.plain.startswith("Veel zaken gaan over de echtscheidingsfase")
    questions = lists["veiligheidsparadox-en-maakbaarheidsillusie/list1"].items
    assert [q.text.plain for q in questions][-1] == "Kun je het nog wel alleen?" and len(questions) == 5


def test_footnotes_stand_where_their_marker_stands(doc):
    where = {f.number: {m.section for m in f.markers} for f in doc.footnotes}
    assert where[4] == {"zelfdeterminatie-self-determination-theory"}
    assert where[11] == {"gedeelde-besluitvorming"}
    assert where[19] == {"veiligheid-als-basisfunctie"}
    assert where[23] == {"risicofactoren-en-voorkomen-potentiele-onveiligheid"}
    assert where[42] == {"veiligheidsparadox-en-maakbaarheidsillusie"}
    assert all(len(f.markers) == 1 for f in doc.footnotes)


def test_footnote_23_continues_on_the_next_page(doc):
    note = next(f for f in doc.footnotes if f.number == 23)
    assert note.continued_later
    assert "richtlijnendatabase.nl/richtlijn/vermoeden_van_ouderenmishandeling_om" in note.text.plain


def test_selectors_quote_the_report_exactly(doc):
    for para in doc.paragraphs:
        for start, end in locate(doc, para.text.text):
            exact = doc.source[start:end]
            assert exact.strip() == exact and exact
    para = doc.paragraphs[0]
    start, end = locate(doc, para.text.text)[0]
    assert doc.source[start:end].startswith("Wijkteams zijn zeven jaar geleden ontstaan")
