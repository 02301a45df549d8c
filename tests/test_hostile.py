"""The parser on hostile input: it succeeds or fails with a ReportError naming the line."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.parse.model import ReportError
from kg.parse.report import parse_report

PIECES = st.sampled_from(
    [
        "# Titel",
        "## Hoofdstuk",
        "### *Sub*",
        "#### **Vet**",
        "---",
        "<sup>1</sup> Bron (2020).",
        "<sup>2</sup>",
        "- item",
        "- 1. Profiel**",
        "Tekst.<sup>1</sup>",
        "tekst zonder hoofdletter",
        "Figuur 1. Onderschrift",
        "**Kader**",
        "<https://x.org/a b>",
        "[https://x.org](https://x.org)",
        "Lead-in:",
        "",
        " ",
        "## Bronnen",
        "\\*noot",
        "*",
        "<sup>3,4</sup>",
    ]
)
LINES = st.lists(st.one_of(PIECES, st.text(max_size=40)), max_size=30)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LINES)
def test_parser_fails_only_with_a_line_numbered_error(lines):
    text = "\n".join(lines)
    try:
        parse_report(text, "fuzz")
    except ReportError as err:
        assert 1 <= err.line <= max(1, text.count("\n") + 1)
        assert str(err).startswith(f"line {err.line}: ")


def test_missing_title_is_reported_with_line():
    try:
        parse_report("## Hoofdstuk\n\nTekst.\n", "x")
    except ReportError as err:
        assert err.line == 1 and "title" in err.message
    else:
        raise AssertionError("expected a ReportError")


def test_duplicate_footnote_names_both_lines():
    text = "# T\n\n## H\n\nTekst.<sup>1</sup>\n\n<sup>1</sup> Een.\n\n<sup>1</sup> Twee.\n"
    try:
        parse_report(text, "x")
    except ReportError as err:
        assert err.line == 9 and "first on line 7" in err.message
    else:
        raise AssertionError("expected a ReportError")
