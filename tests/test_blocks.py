"""Lexing and rejoining text that footnote blocks cut at page breaks."""

from kg.parse.blocks import separate
from kg.parse.lexer import Kind, lex


def body(src: str):
    return separate(lex(src))


def test_sentence_cut_by_footnote_block_is_rejoined():
    src = "Een zin die hier\n\n---\n\n<sup>1</sup> Bron (2020).\n\ndoorloopt tot het eind.\n"
    result = body(src)
    assert [b.text.text for b in result.blocks] == ["Een zin die hier doorloopt tot het eind."]
    assert len(result.blocks[0].fragments) == 2


def test_footnote_block_without_rule_still_separates():
    src = "Alinea zonder eind\n\n<sup>3</sup> Bron (2019).\n\nverder.\n"
    result = body(src)
    assert [n.number for n in result.footnotes] == [3]
    assert result.blocks[0].text.text == "Alinea zonder eind verder."


def test_capitalised_text_after_notes_starts_a_new_paragraph():
    src = "Eerste alinea.\n\n<sup>1</sup> Bron.\n\nTweede alinea.\n"
    assert [b.text.text for b in body(src).blocks] == ["Eerste alinea.", "Tweede alinea."]


def test_url_on_a_later_page_continues_the_last_footnote():
    src = "Tekst\n\n---\n\n<sup>23</sup> Richtlijn (2016).\n\nmeer tekst.\n\n---\n\n<https://example.org/x>\n\nnog meer.\n"
    result = body(src)
    note = result.footnotes[0]
    assert "https://example.org/x" in note.text.text
    assert note.continued_later


def test_bullets_after_a_colon_belong_to_the_footnote():
    src = (
        "Tekst\n\n---\n\n<sup>30</sup> Gebaseerd op bronnen zoals:\n\n- Arum (2018). Titel.\n- Steketee (2020). Titel.\n\n"
        "<sup>31</sup> NJi (2017).\n\nverder.\n"
    )
    result = body(src)
    assert len(result.footnotes[0].items) == 2
    assert all(b.kind is not Kind.ITEM for b in result.blocks)


def test_list_continues_after_a_footnote_block():
    src = "Het volgende:\n\n- een\n\n---\n\n<sup>1</sup> Bron.\n\n- twee\n"
    result = body(src)
    items = [b for b in result.blocks if b.kind is Kind.ITEM]
    assert len(items) == 2 and items[1].continues_list
