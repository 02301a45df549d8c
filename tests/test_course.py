"""Course material: what a theme collects, the handout, and collections that survive restarts and concurrent saves."""

import io
import threading

import docx
import pytest

from kg.explore.cite import apa, sources
from kg.explore.collection_store import CollectionStore
from kg.explore.course import collect
from kg.explore.handout import Handout, html_page, markdown, typst_source
from kg.explore.handout import docx as handout_docx
from kg.explore.handout import pdf as handout_pdf
from kg.vocab.namespace import ID as NS
from tests.helpers import ID, REPORT_IRI

PARADOX = ID + "concept/veiligheidsparadox"


@pytest.fixture(scope="module")
def paradox_items(store):
    return collect(store, PARADOX)


def test_a_concept_collects_passages_advice_questions_concepts_and_sources(paradox_items):
    kinds = {}
    for item in paradox_items:
        kinds.setdefault(item.kind, []).append(item)
    assert [q.text for q in kinds["question"]][-1] == "Kun je het nog wel alleen?" and len(kinds["question"]) == 5
    assert any(a.text.startswith("De veiligheidsparadox vraagt van de wijkteamprofessional") for a in kinds["advice"])
    assert {c.text for c in kinds["concept"]} == {"Veiligheidsparadox", "Maakbaarheidsillusie", "Ontwikkelperspectief"}
    assert all(c.detail for c in kinds["concept"])  # definitions
    assert {s.iri.rsplit("/", 1)[-1] for s in kinds["source"]} == {"kraak-2022", "voetnoot-42"}


def test_a_section_collects_its_text(store):
    items = collect(store, ID + "wijkteams-werken-aan-veiligheid/section/5-gezinsprofielen")
    assert [i.kind for i in items].count("advice") == 2
    assert any(i.kind == "source" and i.iri.endswith("verwey-jonker-instituut-2021") for i in items)
    assert {i.section for i in items if i.kind in ("paragraph", "advice")} == {"5 gezinsprofielen"}  # its title, not its address


def test_handout_docx_holds_the_chosen_passages_and_references(store, paradox_items):
    paradox_items[1].keep = False  # drop the first question
    references = apa([s.csl for s in sources(store, {i.iri for i in paradox_items if i.kind == "source"})])
    data = handout_docx(Handout("Les: de veiligheidsparadox", "Bespreek in tweetallen.", paradox_items, references))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert "Les: de veiligheidsparadox" in text and "Bespreek in tweetallen." in text
    assert "De veiligheidsparadox houdt kortgezegd in" in text
    assert "Heb je een goede analyse gemaakt?" not in text and "Kun je het nog wel alleen?" in text
    assert "Kraak, A. (2022). Gespreksnotitie veiligheidsparadox. NJi." in text
    # A real hyperlink back to each passage, labelled with its section, to the address given.
    document = docx.Document(io.BytesIO(handout_docx(Handout("T", "", paradox_items, references, "http://127.0.0.1:8600/lezen?entity="))))
    targets = [r.target_ref for r in document.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert targets and all(t.startswith("http://127.0.0.1:8600/lezen?entity=https%3A%2F%2Fw3id.org") for t in targets)
    assert "§ Veiligheidsparadox en maakbaarheidsillusie" in document.element.xml  # the section's title, not an address
    assert "w3id.org" not in "\n".join(p.text for p in document.paragraphs)
    assert "## Reflectievragen" in markdown(Handout("T", "", paradox_items, references))


def test_enumerations_travel_with_their_passage(store):
    # Gedeelde besluitvorming p1 ends "daarbij gelden de volgende:" and the three conditions follow as a list.
    items = collect(store, str(NS["concept/gedeelde-besluitvorming"]))
    passage = next(i for i in items if i.kind == "passage" and "daarbij gelden de volgende" in i.text)
    assert passage.text.count("\n• ") == 3 and "• Er zijn minimaal twee personen" in passage.text


def test_references_keep_apa_italics_in_every_format(store, paradox_items):
    chosen = {str(NS["source/li-2011"]), str(NS["source/ogink-2019"])}
    references = apa([s.csl for s in sources(store, chosen)], html=True)
    assert "<i>Children and Youth Services Review</i>" in references[0] and "139–148" in references[0]
    page = html_page(Handout("T", "", paradox_items, references))
    assert "<style>" in page and "<i>Children and Youth Services Review</i>" in page
    assert "*Children and Youth Services Review*" in markdown(Handout("T", "", paradox_items, references))
    document = docx.Document(io.BytesIO(handout_docx(Handout("T", "", paradox_items, references))))
    italic = {r.text for p in document.paragraphs for r in p.runs if r.italic}
    assert "Children and Youth Services Review" in italic and "Basisfuncties voor lokale teams in kaart" in italic
    assert '#emph("Children and Youth Services Review");' in typst_source(Handout("T", "", paradox_items, references))
    assert handout_pdf(Handout("T", "Notitie met #hekje en *sterren*", paradox_items, references)).startswith(b"%PDF")


def test_dois_are_links_and_text_is_ragged_right_in_every_format(store, paradox_items):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doi = "https://doi.org/10.1016/j.childyouth.2010.08.026"  # Li (2011), footnote 8
    handout = Handout("T", "", paradox_items, apa([s.csl for s in sources(store, {str(NS["source/li-2011"])})], html=True))
    assert f"<a href='{doi}'>{doi}</a>" in html_page(handout) and "text-align: left" in html_page(handout)
    assert f"<{doi}>" in markdown(handout)
    assert f'#link("{doi}")[#"{doi}";]' in typst_source(handout) and "#set par(justify: false)" in typst_source(handout)
    document = docx.Document(io.BytesIO(handout_docx(handout)))
    assert doi in [r.target_ref for r in document.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert document.styles["Normal"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert all(p.paragraph_format.alignment in (None, WD_ALIGN_PARAGRAPH.LEFT) for p in document.paragraphs)


def test_collections_survive_a_restart(collections_at):
    where = collections_at("collections")
    CollectionStore(where).save("Paradox", {"theme": PARADOX, "items": [], "notes": "les 1"})
    reopened = CollectionStore(where)
    assert reopened.names() == ["Paradox"]
    assert reopened.load("Paradox").payload["notes"] == "les 1"


def test_concurrent_saves_lose_nothing(collections_at):
    where = collections_at("collections")
    CollectionStore(where)
    errors = []

    def save(n: int) -> None:
        try:
            CollectionStore(where).save("Gedeeld", {"notes": f"trainer {n}"}, author=f"trainer {n}")
        except Exception as err:  # pragma: no cover - reported below
            errors.append(err)

    threads = [threading.Thread(target=save, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    history = CollectionStore(where).history("Gedeeld")
    assert sorted(c.revision for c in history) == list(range(1, 13))
    assert {c.payload["notes"] for c in history} == {f"trainer {n}" for n in range(12)}


def test_export_and_import(collections_at):
    first, second = CollectionStore(collections_at("a")), CollectionStore(collections_at("b"))
    first.save("Reflectie", {"theme": ID + "concept/reflectie", "notes": "x"})
    second.import_(first.export("Reflectie"))
    assert second.load("Reflectie").payload == {"theme": ID + "concept/reflectie", "notes": "x"}
    with pytest.raises(ValueError, match="'name' is a required property"):
        second.import_('{"oops": 1}')


def test_a_handout_cites_its_own_report_in_the_trainers_language(store, paradox_items):
    from kg.explore.cite import report_reference

    report = report_reference(store, REPORT_IRI)
    # From the report's title page: author, year, title and subtitle, and the organisations of its commission line.
    assert report == (
        "Witte, J. (2022). <i>Wijkteams werken aan veiligheid: Een argumentatie vanuit kennis</i>. Nederlands Jeugdinstituut; Associatie Wijkteams."
    )
    english = markdown(Handout("T", "", paradox_items, [], report=report, lang="en"))
    assert "Source: Witte, J. (2022). *Wijkteams werken aan veiligheid: Een argumentatie vanuit kennis*." in english
    assert "## Reflection questions" in english and "Reflectievragen" not in english
    assert "[§ Veiligheidsparadox en maakbaarheidsillusie](" in english
    assert "Bron: Witte" in markdown(Handout("T", "", paradox_items, [], report=report))


def test_in_english_concepts_are_named_and_defined_in_english(store):
    english = {i.iri.rsplit("/", 1)[-1]: i for i in collect(store, PARADOX, "en") if i.kind == "concept"}
    assert english["veiligheidsparadox"].text == "Safety paradox"  # curated: label {nl: Veiligheidsparadox, en: Safety paradox}
    assert english["veiligheidsparadox"].detail.startswith("That the help involved does not reduce unsafety in families")
    dutch = {i.iri.rsplit("/", 1)[-1]: i for i in collect(store, PARADOX) if i.kind == "concept"}
    assert dutch["veiligheidsparadox"].text == "Veiligheidsparadox"


def test_with_a_report_chosen_a_concepts_material_is_that_reports(store, two_reports_nt):
    """A trainer who chose one report in the sidebar gets its passages, advice and questions; with none chosen, both
    reports'; the sources a concept rests on are one item each, whichever reports cite them."""
    from kg.sparql.embedded import EmbeddedStore

    two = EmbeddedStore.from_file(two_reports_nt)
    theme = ID + "concept/veiligheidsparadox"
    second = REPORT_IRI.replace("wijkteams-werken-aan-veiligheid", "tweede-rapport")
    texts = ("passage", "advice", "question")

    def own(items, slug: str) -> list[str]:
        return [i.iri for i in items if i.kind in texts and f"/id/{slug}/" in i.iri]

    chosen = collect(two, theme, report=second)
    assert own(chosen, "tweede-rapport") and not own(chosen, "wijkteams-werken-aan-veiligheid")
    both = collect(two, theme)
    assert own(both, "tweede-rapport") and own(both, "wijkteams-werken-aan-veiligheid")
    real = [(i.kind, i.iri, i.text) for i in collect(two, theme, report=REPORT_IRI)]
    assert real == [(i.kind, i.iri, i.text) for i in collect(store, theme)]
    every = [i.iri for i in both if i.kind == "source"]
    assert len(every) == len(set(every)) and set(every) == {i for _, i, _ in real if "/source/" in i} | {i.iri for i in chosen if i.kind == "source"}
    assert ID + "source/kraak-2022" in every  # cited by both, one item
