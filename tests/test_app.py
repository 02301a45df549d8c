"""Streamlit AppTest: every page, in Dutch and English, opened by its link."""

from __future__ import annotations

import re
from urllib.parse import quote, unquote

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from kg.settings import ROOT
from kg.ui.links import PAGES as LINKED_PAGES
from tests.helpers import ID, PARTS, html_of, open_page

PAGES = list(LINKED_PAGES.values())  # the app's one table of pages


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders(page, lang):
    app = open_page(page, lang)
    assert not app.exception, app.exception


def test_overview_in_both_languages():
    nl, en = open_page("overzicht", "nl"), open_page("overzicht", "en")
    assert nl.title[0].value == "Wijkteams werken aan veiligheid"
    assert "Waar wilt u beginnen?" in [s.value for s in nl.subheader]
    assert "Where would you like to start?" in [s.value for s in en.subheader]
    assert {"Advies", "Voetnoot", "Bron"} <= {m.label for m in nl.metric}
    assert "Rechtsbescherming" in html_of(nl)
    # Each of the three starting points leads to the page that does that task, not to a page near it.
    for slug, words in (("onderbouwing", "Onderbouwing verkennen"), ("bronnen", "Bronnen citeren"), ("lesmateriaal", "Lesmateriaal maken")):
        assert f'href="{slug}?lang=nl" target="_self">{words}</a>' in html_of(nl)


def test_language_parameter_by_its_long_name():
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.query_params["language"] = "en"
    app.run()
    assert "Where would you like to start?" in [s.value for s in app.subheader]


def test_entity_link_opens_the_entity():
    app = open_page("entiteit", entity=ID + "source/ogink-2019")
    assert app.header[0].value == "Basisfuncties voor lokale teams in kaart"
    page = html_of(app)
    assert "Onderzoeksrapport" in page and "sociaalwerk nederland.nl" in page  # the printed form, kept
    # The reference to copy gives the working form.
    assert any("https://www.sociaalwerknederland.nl/?file=17901" in c.value for c in app.code)


def test_unknown_entity_is_said_plainly():
    app = open_page("entiteit", entity="https://example.org/nothing")
    assert app.warning and "niet in de kennisgraaf" in app.warning[0].value


def test_reader_opens_the_chapter_and_highlights_the_claim():
    app = open_page("lezen", entity=PARTS + "claim/sociaal-netwerk/p1/s2")
    assert app.selectbox[0].value.endswith("section/de-brede-opdracht-naast-de-inwoner")
    page = html_of(app)
    assert "<mark>Het hebben van een steunend netwerk is bovendien een beschermende factor" in page
    assert 'class="highlight"' in page


def test_reader_opens_a_section_link():
    app = open_page("lezen", section=PARTS + "section/bevoegdheid")
    assert app.selectbox[0].value.endswith("section/rechtsbescherming")
    assert "➜" in html_of(app)


@pytest.mark.parametrize(("query", "expected"), [("veilig", "onveiligheid"), ("gezinnen", "gezin"), ("meldcode", "Meldcode")])
def test_search_understands_dutch_word_forms(query, expected):
    app = open_page("zoeken", q=query)
    page = html_of(app)
    assert f"<mark>{expected}" in page or f"<mark>{expected.capitalize()}" in page


def test_search_facets_keep_iris_in_the_address_and_name_them_in_the_chosen_language():
    concept = ID + "concept/veiligheidsparadox"
    nl = open_page("zoeken", q="veilig", about=concept)
    en = open_page("zoeken", "en", q="veilig", about=concept)
    assert not nl.exception and not en.exception
    facet = lambda app, label: next(m for m in app.multiselect if m.label == label)  # noqa: E731
    assert facet(nl, "Begrip").value == [concept] and facet(en, "Concept").value == [concept]
    assert facet(en, "Concept").format_func(concept) == "Safety paradox"
    assert facet(nl, "Begrip").format_func(concept) == "Veiligheidsparadox"
    kinds = facet(en, "Source kind")
    assert kinds.options and not any(o in ("Tijdschriftartikel", "Onderzoeksrapport") for o in kinds.options)
    narrowed, everything = (len(re.findall("<mark>", html_of(a))) for a in (nl, open_page("zoeken", q="veilig")))
    assert 0 < narrowed < everything


def test_network_opens_on_a_concept_with_a_table():
    app = open_page("netwerk", concept=ID + "concept/veiligheidsparadox")
    assert app.session_state["url_network_scope_nl"] == "concept"
    page = html_of(app)
    assert "network-nodes" in page and "Veiligheidsparadox" in page
    frame = app.get("iframe")[0].proto.srcdoc
    assert "new vis.Network" in frame
    assert not re.search(r"<(?:script|link)[^>]+(?:src|href)=[\"']https?://", frame), "the network view must not load from a CDN"


def test_evidence_page_shows_profiles_chain_and_gaps():
    app = open_page("onderbouwing", entity=PARTS + "advice/sociaal-netwerk/a1")
    assert app.dataframe and len(app.dataframe[0].value) == 24
    page = html_of(app)
    assert "Li e.a. (2011)" in page and "Haslam e.a. (2018)" in page
    assert any("Helemaal geen bron" in e.label for e in app.expander)
    # The chain says the advice's level and leads to its page; long texts end in an ellipsis, not mid-word.
    assert "<b>Bewijsniveau:</b> Wetenschappelijk (peer review)" in page and "Lees dit advies als argument →" in page
    thin = next(e for e in app.expander if e.label.startswith("Geen wetenschap en geen norm"))
    assert "…</a>" in html_of(thin) and "zeer go</a>" not in html_of(thin)


def test_sources_page_exports_apa_of_every_source():
    app = open_page("bronnen")
    assert len(app.dataframe[0].value) == 38
    # The list as it pastes: APA with italics and working links, copied by a button that is always there.
    page = html_of(app)
    assert "Ryan, R. M., &amp; Deci, E. L. (2000)." in page and "<i>American Psychologist</i>" in page
    assert '<a href="https://doi.org/10.1136/bmj.d4163">' in page


def test_report_check_page_lists_findings_in_the_chosen_language():
    app = open_page("rapportcontrole")
    table = app.dataframe[0].value
    assert {"URL met spatie", "auteursnaam wijkt af", "dezelfde bron onder meerdere voetnoten"} <= set(table["controle"])
    assert any("drukt" in d for d in table["bevinding"]) and not any(" prints " in d for d in table["bevinding"])
    english = open_page("rapportcontrole", "en").dataframe[0].value
    assert "URL with a space" in set(english["check"]) and any(" prints " in d for d in english["finding"])


def test_course_page_saves_a_collection_that_opens_by_link(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_COLLECTIONS", str(tmp_path / "c.sqlite"))
    import streamlit as st

    st.cache_resource.clear()
    app = open_page("lesmateriaal", concept=ID + "concept/veiligheidsparadox")
    assert not app.exception
    app.text_input(key="collection_name").set_value("Les paradox").run()
    next(b for b in app.button if b.label == "Opslaan").click().run()
    assert "Opgeslagen als ‘Les paradox’, versie 1." in [s.value for s in app.success]
    assert app.text_input(key="collection_name").label == "Naam van de collectie"  # a visible label, not a placeholder
    assert app.query_params["collection"] == "Les paradox"  # the address bar names it too
    shared = [c.value for c in app.code]
    assert shared == ["http://localhost:8501/lesmateriaal?collection=Les+paradox&lang=nl"]  # absolute: it works pasted in a mail
    again = open_page("lesmateriaal", collection="Les paradox")
    assert not again.exception
    assert not again.selectbox  # the theme comes from the saved collection, not a fresh pick
    told = again.info[0].value
    assert told.startswith("Opgeslagen collectie ‘Les paradox’ (versie 1) over Veiligheidsparadox.") and "](lesmateriaal?lang=nl)" in told
    assert again.text_input[0].value == "Veiligheidsparadox"
    mistyped = open_page("lesmateriaal", collection="Les paradx")
    assert [w.value for w in mistyped.warning] == ["Niet gevonden: collectie ‘Les paradx’. Getoond wordt: Autonomie."]  # the first theme
    st.cache_resource.clear()


def test_course_builder_takes_advice_picked_by_hand():
    app = open_page("lesmateriaal", concept=ID + "concept/veiligheidsparadox")
    before = len(app.get("arrow_data_frame")[0].value) if app.get("arrow_data_frame") else None
    picker = app.multiselect[0]
    picker.select(PARTS + "advice/brede-intake/a1").run()
    editor = app.get("arrow_data_frame") or app.dataframe
    texts = " ".join(str(v) for v in editor[0].value["text"]) if editor else ""
    assert "uitstekende communicatieve vaardigheden" in texts
    assert before is None or len(editor[0].value) == before + 1


def test_entity_page_offers_cite_this_for_advice():
    app = open_page("entiteit", entity=PARTS + "advice/sociaal-netwerk/a1")
    assert "bronnen?entity=" in html_of(app) and "Citeer dit" in html_of(app)


@pytest.fixture
def two_reports(two_reports_nt, monkeypatch):
    """The app over a graph of two reports: the real one and a retitled copy."""
    import streamlit as st

    monkeypatch.setenv("KG_GRAPH", str(two_reports_nt))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def test_with_several_reports_the_sidebar_scopes_the_app_to_one(two_reports):
    app = open_page("zoeken", q="veiligheid")
    switch = app.sidebar.selectbox(key="report_switch")
    assert switch.options == ["Alle 2 rapporten", "Tweede rapport", "Wijkteams werken aan veiligheid"]
    page = unquote(html_of(app))
    assert "/id/tweede-rapport/" in page and "/id/wijkteams-werken-aan-veiligheid/" in page
    # AppTest cannot pick an option whose label differs from its value (Streamlit 1.67), so the
    # choice is made the way a shared link makes it; the switch must show it.
    app = open_page("zoeken", q="veiligheid", report=ID + "report/tweede-rapport")
    assert app.sidebar.selectbox(key="report_switch").index == 1
    page = unquote(html_of(app))
    assert "/id/tweede-rapport/" in page and "/id/wijkteams-werken-aan-veiligheid/" not in page
    assert "report=" + ID + "report/tweede-rapport" in page  # links keep the chosen scope


def test_with_more_reports_than_a_page_holds_every_page_shows_them_a_page_at_a_time(two_reports, monkeypatch):
    """Past AT_ONCE reports and none chosen, the pages ask each query bound to one report of the page in view,
    so a page takes as long for ten thousand reports as for ten; here a page holds one report of the two."""
    monkeypatch.setattr("kg.ui.data.AT_ONCE", 1)
    first = open_page("zoeken", q="veiligheid")
    assert not first.exception
    assert "Rapporten 1–1 van 2" in [c.value for c in first.sidebar.caption]
    assert first.sidebar.selectbox(key="report_switch").options == ["Alle 2 rapporten", "Tweede rapport"]
    page = unquote(html_of(first))
    assert "/id/tweede-rapport/" in page and "/id/wijkteams-werken-aan-veiligheid/" not in page
    second = open_page("zoeken", q="veiligheid", reports="2")
    assert "Rapporten 2–2 van 2" in [c.value for c in second.sidebar.caption]
    page = unquote(html_of(second))
    assert "/id/wijkteams-werken-aan-veiligheid/" in page and "/id/tweede-rapport/" not in page
    chosen = open_page("zoeken", q="veiligheid", report=ID + "report/wijkteams-werken-aan-veiligheid")
    assert not [c.value for c in chosen.sidebar.caption if c.value.startswith("Rapporten")]  # one report chosen: no pages


def test_a_concept_page_of_several_reports_a_page_at_a_time_says_each_thing_once(two_reports, monkeypatch):
    """Asked report by report, the concept's definition and neighbours come back from each; the page shows them once,
    and the passages of the reports in view."""
    monkeypatch.setattr("kg.ui.data.AT_ONCE", 1)
    paradox = ID + "concept/veiligheidsparadox"
    for reports, shown, hidden in (("1", "tweede-rapport", "wijkteams-werken-aan-veiligheid"), ("2", "wijkteams-werken-aan-veiligheid", "tweede-rapport")):
        app = open_page("begrip", entity=paradox, reports=reports)
        assert not app.exception
        page = unquote(html_of(app))
        assert page.count('<blockquote class="passage">') == 1, reports
        assert page.count(">Maakbaarheidsillusie</a>") == 1, reports
        assert f"/id/{shown}/" in page and f"/id/{hidden}/" not in page, reports
    # Both reports on one page of reports: each asked alone, as past ten thousand of them.
    monkeypatch.setattr("kg.ui.data.reports_in_view", lambda: [ID + "report/tweede-rapport", ID + "report/wijkteams-werken-aan-veiligheid"])
    both = unquote(html_of(open_page("begrip", entity=paradox)))
    assert both.count('<blockquote class="passage">') == 1 and both.count(">Maakbaarheidsillusie</a>") == 1
    assert "/id/tweede-rapport/" in both and "/id/wijkteams-werken-aan-veiligheid/" in both


def test_course_material_of_many_reports_comes_from_the_page_of_reports_in_view(two_reports, monkeypatch):
    """Past AT_ONCE reports and none chosen, a theme's material is the page in view's, asked report by report (it
    spanned every report); what two reports share, such as a concept, is one item."""
    monkeypatch.setattr("kg.ui.data.AT_ONCE", 1)
    paradox = ID + "concept/veiligheidsparadox"

    def items(app: AppTest) -> list[tuple[str, str]]:
        assert not app.exception
        editor = app.get("arrow_data_frame") or app.dataframe
        return list(zip(editor[0].value["kind"], editor[0].value["text"], strict=True))

    second = items(open_page("lesmateriaal", theme=paradox, report=ID + "report/tweede-rapport"))
    real = items(open_page("lesmateriaal", theme=paradox, report=ID + "report/wijkteams-werken-aan-veiligheid"))
    assert sorted(second) != sorted(real)  # the curated questions are the real report's
    assert items(open_page("lesmateriaal", theme=paradox)) == second  # the first page of reports
    assert items(open_page("lesmateriaal", theme=paradox, reports="2")) == real
    monkeypatch.setattr("kg.ui.data.reports_in_view", lambda: [ID + "report/tweede-rapport", ID + "report/wijkteams-werken-aan-veiligheid"])
    both = items(open_page("lesmateriaal", theme=paradox))
    texts = ("Passage", "Advies", "Reflectievraag")
    assert sorted(i for i in both if i[0] in texts) == sorted(i for i in second + real if i[0] in texts)
    concepts = [i for i in both if i[0] == "Begrip"]
    assert concepts == [i for i in second if i[0] == "Begrip"] == [i for i in real if i[0] == "Begrip"]  # once, not per report
    assert sorted(i for i in both if i[0] == "Bron") == sorted(i for i in second + real if i[0] == "Bron")  # each its own footnote 42


def test_the_report_check_of_many_reports_is_the_page_of_reports_in_view(two_reports, monkeypatch):
    """Past AT_ONCE reports and none chosen, the check lists the findings of the reports in view, asked report by
    report (over 10,000 reports at once it took 70 s)."""
    monkeypatch.setattr("kg.ui.data.AT_ONCE", 1)
    one = open_page("rapportcontrole", report=ID + "report/tweede-rapport").dataframe[0].value
    assert len(one) > 3
    for page in ("1", "2"):
        shown = open_page("rapportcontrole", reports=page)
        assert not shown.exception and len(shown.dataframe[0].value) == len(one), page
    everything = open_page("rapportcontrole")
    monkeypatch.setattr("kg.ui.data.AT_ONCE", 10)
    assert len(open_page("rapportcontrole").dataframe[0].value) == 2 * len(one) == 2 * len(everything.dataframe[0].value)


def test_the_references_of_many_reports_are_asked_once_for_each_report_in_view(two_reports, monkeypatch):
    """Past AT_ONCE reports and none chosen, the sources page's references come from the reports in view, each asked
    once for all its sources (at 10,000 reports, source by source over every citing report took 2 s); a source
    is one reference whichever reports name it."""
    import streamlit as st

    import kg.explore.cite.csl as csl

    monkeypatch.setattr("kg.ui.data.AT_ONCE", 1)
    asked: list[dict[str, str | None]] = []
    answer = csl.records

    def spied(store, name, **values):
        if name == "sources-for-citation":
            asked.append(values)
        return answer(store, name, **values)

    monkeypatch.setattr(csl, "records", spied)
    st.cache_data.clear()
    app = open_page("bronnen", format="bibtex", reports="2")
    assert not app.exception
    assert asked == [{"report": ID + "report/wijkteams-werken-aan-veiligheid"}]
    assert app.code[0].value.count("@") == 38
    asked.clear()
    monkeypatch.setattr("kg.ui.data.AT_ONCE", 10)
    assert open_page("bronnen", format="bibtex").code[0].value.count("@") == 43  # 33 shared works, 5 practice accounts each
    assert asked and all(set(values) == {"source"} for values in asked)  # two reports: each source asked over both


def test_a_source_page_of_many_reports_shows_where_the_reports_in_view_cite_it(two_reports, monkeypatch):
    """A work every report cites is cited 10,000 times at 10,000 reports: past AT_ONCE reports the source page lists the
    citations and advice of the reports in view; with both shown, each place says its report."""
    ryan = ID + "source/ryan-2000"
    monkeypatch.setattr("kg.ui.data.AT_ONCE", 1)
    first = unquote(html_of(open_page("bron", entity=ryan)))
    assert "/id/tweede-rapport/" in first and "/id/wijkteams-werken-aan-veiligheid/" not in first
    second = unquote(html_of(open_page("bron", entity=ryan, reports="2")))
    assert "/id/wijkteams-werken-aan-veiligheid/" in second and "/id/tweede-rapport/" not in second
    monkeypatch.setattr("kg.ui.data.AT_ONCE", 10)
    both = unquote(html_of(open_page("bron", entity=ryan)))
    assert ">Tweede rapport: " in both and ">Wijkteams werken aan veiligheid: " in both


def test_with_several_reports_and_none_chosen_chapters_say_their_report(two_reports):
    app = open_page("lezen")
    chapters = app.selectbox[0].options
    assert "Tweede rapport: Wijkteams en veiligheid" in chapters and "Wijkteams werken aan veiligheid: Wijkteams en veiligheid" in chapters
    scoped = open_page("lezen", report=ID + "report/tweede-rapport")
    assert "Wijkteams en veiligheid" in scoped.selectbox[0].options and not any(":" in c for c in scoped.selectbox[0].options)


def test_with_several_reports_the_overview_lists_them_as_links_that_scope(two_reports):
    app = open_page("overzicht")
    assert app.title[0].value == "Alle 2 rapporten"
    page = unquote(html_of(app))
    assert "report=" + ID + "report/tweede-rapport" in page and ">Tweede rapport</a>" in page
    chosen = open_page("overzicht", report=ID + "report/tweede-rapport")
    assert chosen.title[0].value == "Tweede rapport"


def test_cite_this_opens_on_the_citation_and_narrows_the_list():
    app = open_page("bronnen", entity=PARTS + "advice/sociaal-netwerk/a1")
    assert not app.exception
    assert app.subheader[0].value == "Citeer dit"  # first thing on the page
    page = html_of(app)
    assert "Witte (2022, sectie ‘Sociaal netwerk’) adviseert dit op basis van" in page
    table = app.dataframe[0].value
    assert len(table) == 3  # Haslam e.a., Li e.a., Ince e.a.: the sources of its premises
    assert page.count("<li>Li, F.") == 2  # in the cite block, and in the narrowed list below
    assert "Witte, J. (2022). <i>Wijkteams werken aan veiligheid" in page  # the report's own reference too


def test_cite_this_knows_a_claim_by_its_type_and_leaves_other_entities_alone():
    claim = open_page("bronnen", entity=PARTS + "claim/onveiligheid-en-herstel/p3/s5")
    assert not claim.exception and claim.subheader[0].value == "Citeer dit"
    source = open_page("bronnen", entity=ID + "source/ogink-2019")  # a source is cited, not "cited this"
    assert not source.exception and all(h.value != "Citeer dit" for h in source.subheader)
    assert len(source.dataframe[0].value) > 30  # the whole list


def test_an_entity_page_in_english_gives_corrections_their_english_reason():
    page = html_of(open_page("entiteit", "en", entity=ID + "source/ogink-2019"))
    assert "footnote 19 doubles the k in the domain" in page
    assert "voetnoot 19 verdubbelt de k" not in page
    assert "voetnoot 19 verdubbelt de k" in html_of(open_page("entiteit", entity=ID + "source/ogink-2019"))


def test_the_evidence_page_names_argument_schemes_in_the_chosen_language():
    advice = PARTS + "advice/zelfdeterminatie-self-determination-theory/a1"
    assert "Beroep op deskundigheid" in html_of(open_page("onderbouwing", entity=advice))
    english = html_of(open_page("onderbouwing", "en", entity=advice))
    assert "Beroep op deskundigheid" not in english and "expert opinion" in english.lower()


def test_the_sources_table_names_kinds_in_the_chosen_language():
    kinds = lambda app: set(app.dataframe[0].value.iloc[:, 2])  # noqa: E731
    nl, en = kinds(open_page("bronnen")), kinds(open_page("bronnen", "en"))
    assert "Tijdschriftartikel" in nl and "Tijdschriftartikel" not in en
    assert "Journal article" in en and len(nl) == len(en)


def test_the_sources_filter_searches_authors_and_titles():
    by_author = open_page("bronnen", q="Godinet")  # second author of Li e.a. (2011)
    assert list(by_author.dataframe[0].value.iloc[:, 1]) == ["Li e.a. (2011)"]
    by_title = open_page("bronnen", q="geweldspatroon")
    assert list(by_title.dataframe[0].value.iloc[:, 1]) == ["Tierolf e.a. (2014)"]


def test_a_chapters_sources_are_one_choice_away_and_export_together():
    reader = open_page("lezen", chapter=PARTS + "section/rechtsbescherming")
    assert "bronnen?in=" in html_of(reader)  # the chapter's own link to its sources
    app = open_page("bronnen", **{"in": PARTS + "section/rechtsbescherming"})
    assert not app.exception
    # Footnotes 43-45 of the chapter: Tierolf e.a. (2014), RSJ and RVS (2019), KNMG (2021).
    assert sorted(app.dataframe[0].value.iloc[:, 1]) == [
        "KNMG (2021)",
        "Raad voor Strafrechttoepassing en Jeugdbescherming & Raad voor Volksgezondheid en Samenleving (2019)",
        "Tierolf e.a. (2014)",
    ]
    app.radio[0].set_value("ris").run()
    assert app.query_params["format"] == "ris" and app.code[0].value.count("TY  - ") == 3


def test_a_paragraph_is_titled_by_its_place_and_each_sentence_is_one_click_from_its_citation():
    app = open_page("entiteit", entity=PARTS + "paragraph/onveiligheid-en-herstel/p3")
    assert app.header[0].value == "Alinea in ‘Onveiligheid en herstel’"  # not the whole paragraph as a headline
    page = unquote(html_of(app))
    assert "Signs of safety is een voorbeeld van een wetenschappelijk onderbouwde methode" in page
    assert "bronnen?entity=" + PARTS + "claim/onveiligheid-en-herstel/p3/s5" in page
    assert not app.text_input  # a followed link needs no identifier field
    english = open_page("entiteit", "en", entity=PARTS + "paragraph/onveiligheid-en-herstel/p3")
    assert english.header[0].value == "Paragraph in “Onveiligheid en herstel”"


def test_a_choice_is_written_to_the_address():
    app = open_page("netwerk")
    app.selectbox[0].select(PARTS + "advice/bevoegdheid/a1").run()
    assert app.query_params["entity"] == PARTS + "advice/bevoegdheid/a1"
    again = open_page("netwerk", entity=PARTS + "advice/bevoegdheid/a1")
    assert again.selectbox[0].value == PARTS + "advice/bevoegdheid/a1"


def test_a_concept_page_tells_what_the_report_says_about_it():
    app = open_page("entiteit", entity=ID + "concept/gedeelde-besluitvorming")
    assert not app.exception
    headings = [s.value for s in app.subheader]
    assert {"Passages (3)", "Adviezen (1)", "Reflectievragen (1)"} <= set(headings)
    assert any(h.startswith("Bronnen achter deze passages") for h in headings)
    page = html_of(app)
    assert "Het samen beslissen is een belangrijk onderdeel" in page and "Heb je echt samen met de inwoner besloten?" in page
    assert "Charles e.a. (1997)" in page
    assert any("Betekenis:" in m.value for m in app.markdown)
    # Human names for relations, each relation once; places and positions only in the technical details.
    main = [h.proto.body for h in app.get("html")]
    assert not any("offset" in body or "hasSource" in body for body in main[:-1])
    assert "gaat over" in page and "voorkeursnaam" in page and "prefLabel" not in page


def test_with_several_reports_an_entity_page_names_its_own_reports_file(two_reports):
    app = open_page("entiteit", entity=ID + "tweede-rapport/paragraph/onveiligheid-en-herstel/p3")
    # The file and the character positions are for technical users: in the folded details, not the page's text.
    places = " ".join(c.value for c in app.code)
    assert "tweede-rapport.md" in places and "wijkteams-werken-aan-veiligheid.md" not in places
    assert "data/tweede-rapport.md" not in places  # it was built from a temporary folder, not from data/
    assert "tweede-rapport.md" not in " ".join(c.value for c in app.caption)


def test_without_a_built_graph_the_app_says_how_to_build_one(monkeypatch, tmp_path):
    missing = tmp_path / "kg.nt"
    monkeypatch.setenv("KG_GRAPH", str(missing))
    st.cache_data.clear()
    st.cache_resource.clear()
    try:
        app = open_page("overzicht")
        assert not app.exception
        assert any("./run build" in e.value and str(missing) in e.value for e in app.error)
        assert not missing.exists()  # the page process builds nothing
    finally:
        st.cache_data.clear()
        st.cache_resource.clear()


def test_the_course_page_names_themes_and_concepts_in_the_chosen_language():
    paradox = ID + "concept/veiligheidsparadox"
    app = open_page("lesmateriaal", "en", theme=paradox)
    assert not app.exception
    assert app.selectbox[0].format_func(paradox) == "Safety paradox (concept)"
    assert app.text_input[0].value == "Safety paradox"  # the handout's title
    dutch = open_page("lesmateriaal", theme=paradox)
    assert dutch.selectbox[0].format_func(paradox) == "Veiligheidsparadox (begrip)"


def test_the_course_page_says_which_kinds_of_item_a_theme_lacks():
    """The intro promises reflection questions; a theme whose passages have none says so rather than leave it out."""
    captions = lambda app: " ".join(c.value for c in app.caption)  # noqa: E731
    autonomy = open_page("lesmateriaal", theme=ID + "concept/autonomie")
    assert "Bij dit thema geeft het rapport geen reflectievragen." in captions(autonomy)
    paradox = open_page("lesmateriaal", theme=ID + "wijkteams-werken-aan-veiligheid/section/veiligheidsparadox-en-maakbaarheidsillusie")
    assert not paradox.exception and "geeft het rapport geen" not in captions(paradox)


def test_links_in_the_network_map_and_the_sparql_results_keep_the_chosen_report(two_reports):
    """Regression: the map's click links and the SPARQL page's result links were built by hand and dropped ?report=."""
    chosen = ID + "report/tweede-rapport"
    network = open_page("netwerk", "en", report=chosen, entity=ID + "tweede-rapport/advice/sociaal-netwerk/a1")
    frame = network.get("iframe")[0].proto.srcdoc
    assert "report=" + quote(chosen, safe="") in frame and "lang=en" in frame
    sparql = open_page("sparql", report=chosen, query="SELECT ?report WHERE { ?report a wtv:Report } ORDER BY ?report")
    links = [v for v in sparql.dataframe[0].value.iloc[:, 0] if v]
    assert links and all("report=" + chosen in v and "lang=nl" in v for v in links), links[:2]


def test_a_link_columns_text_does_not_depend_on_the_order_of_its_parameters():
    from kg.ui.links import shown_param

    for link in ("entiteit?entity=https://e.org/x&lang=nl&report=r", "entiteit?lang=nl&report=r&entity=https://e.org/x"):
        assert re.search(shown_param("entity"), link).group(1) == "https://e.org/x"
