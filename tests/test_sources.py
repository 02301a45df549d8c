"""Source reconciliation against what the report prints."""

import pytest

from kg.parse.references import parse_reference, split_authors
from kg.parse.sources import guess_kind


def test_one_record_per_work(sources):
    bib = [r for r in sources.records if r.bib_line]
    practice = [r for r in sources.records if r.practice_footnote]
    assert len(bib) == 33
    assert sorted(r.practice_footnote for r in practice) == [30, 33, 38, 41, 42]
    assert len(sources.records) == 38


@pytest.mark.parametrize(
    ("numbers", "key"),
    [
        ((1, 19), "ogink-2019"),
        ((2, 27), "vereniging-nederlandse-gemeenten-2019"),
        ((9, 20), "ince-2018"),
        ((13, 30, 37), "arum-2018"),
        ((14, 36), "arum-2020"),
        ((28, 30, 40), "steketee-2020"),
        ((29, 35), "stichting-civil-care-2021"),
        ((39, 44), "raad-strafrechttoepassing-jeugdbescherming-2019"),
    ],
)
def test_footnotes_that_cite_the_same_work(sources, numbers, key):
    for number in numbers:
        assert key in sources.cites[number]


@pytest.mark.parametrize(
    ("key", "doi"),
    [
        ("ryan-2000", "10.1037/0003-066X.55.1.68"),
        ("huber-2011", "10.1136/bmj.d4163"),
        ("haslam-2018", "10.4324/9781315648569"),
        ("li-2011", "10.1016/j.childyouth.2010.08.026"),
        ("charles-1997", "10.1016/s0277-9536(96)00221-3"),
        ("howe-2010", "10.1002/car.1136"),
        ("korthagen-1995", "10.1080/1354060950010105"),
        ("leung-2022", "10.1177/1524838020933865"),
    ],
)
def test_dois_as_printed(sources, key, doi):
    assert sources.get(key).reference.doi == doi


def test_defects_are_recorded_not_fixed(sources):
    kinds = {(r.key, d.kind) for r in sources.records for d in r.defects}
    assert ("ogink-2019", "url-whitespace") in kinds
    assert ("ogink-2019", "url-variant") in kinds  # "sociaalwerkknederland" in footnote 19
    assert ("lemmens-2019", "author-variant") in kinds  # Herndrixx / Herndriks
    assert ("tierolf-2014", "title-variant") in kinds  # geweldspatroom / geweldspatroon
    assert ("steketee-2020", "hyperlink-artefact") in kinds
    assert ("nederlandse-vereniging-klinische-2016", "url-variant") in kinds
    urls = sources.get("ogink-2019").reference.urls
    assert urls == ("https://www.sociaalwerk nederland.nl/?file=17901&m=1573480031&action=file.download",)


def test_kinds(sources):
    kinds = {r.key: r.kind for r in sources.records}
    assert kinds["leung-2022"] == "SystematicReview"
    assert kinds["ryan-2000"] == "JournalArticle"
    assert kinds["haslam-2018"] == "Book"
    assert kinds["elwyn-2001"] == "BookChapter"
    assert kinds["vink-2020"] == "Guideline"
    assert kinds["ministerie-volksgezondheid-2013"] == "Law"
    assert kinds["kraak-2022"] == "InternalNote"
    assert kinds["arum-2022"] == "WebArticle"
    assert kinds["zwaan-2022"] == "ResearchReport"


def test_author_lists():
    assert split_authors("Ryan, R. M.; Deci, E. L.") == ("Ryan, R. M.", "Deci, E. L.")
    assert split_authors("Zwaan, J. van der") == ("Zwaan, J. van der",)
    assert split_authors("Haslam, C., Jetten, J., & Haslam, S.A.") == ("Haslam, C.", "Jetten, J.", "Haslam, S.A.")


def test_reference_without_year_keeps_its_text():
    ref = parse_reference("Informatie uit gesprekken")
    assert ref.year is None and ref.title == "Informatie uit gesprekken"
    assert guess_kind(ref) == "ResearchReport"
