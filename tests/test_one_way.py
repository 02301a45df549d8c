"""One way per job, checked where a second way would show: in the source text.

The import contracts in pyproject.toml keep RDF libraries out of the features and pages;
these checks keep the patterns that have one home from spreading.
"""

from __future__ import annotations

import re

from kg.settings import ROOT

CODE = sorted([*(ROOT / "kg").rglob("*.py"), ROOT / "app.py"])


def _outside(folder: str, pattern: str) -> list[str]:
    """Files of the code outside ``folder`` whose text matches ``pattern``, with the line."""
    found = []
    for path in CODE:
        if path.is_relative_to(ROOT / folder):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.search(pattern, line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    return found


def test_named_queries_are_loaded_only_by_the_query_layer():
    """Everything else runs them by name: records(store, name, ...), ask(...), result(...)."""
    assert _outside("kg/sparql", r"\bload_query\(") == []


def test_the_address_is_read_and_written_only_by_url_state():
    """Pages, links and the switches ask kg/ui/url_state.py for ?param= values; none reaches into st.query_params."""
    assert [hit for hit in _outside("kg/ui/url_state.py", r"\bquery_params\b")] == []


def test_a_pages_memory_is_kept_only_by_url_state():
    """What a page keeps between reruns outside the address goes through url_state.remembered / remember / forget."""
    assert [hit for hit in _outside("kg/ui/url_state.py", r"\bsession_state\b")] == []


# Text in two languages side by side: keyword pairs, dictionary entries, or a choice between two literals by language.
TWO_LANGUAGES = (
    r"""\b(?:nl|en)\s*=\s*f?["']|["'](?:nl|en)["']\s*:\s*f?["']\w|["'][^"']*["']\s+if\s+[\w()]*lang[\w()]*\s*==\s*["'](?:nl|en)["']\s+else\s+f?["']"""
)


def test_text_in_two_languages_lives_only_in_the_message_catalogue():
    """Decision 0012: code carries a message key and values; kg/messages says it in a language."""
    assert _outside("kg/messages", TWO_LANGUAGES) == []


def test_the_two_languages_check_sees_a_pair():
    for line in ('raise Problem(en="stopped", nl="gestopt")', 'label = "et al." if lang == "en" else "e.a."', 'words = {"nl": "bron", "en": "source"}'):
        assert re.search(TWO_LANGUAGES, line), line


def test_the_check_finds_what_it_looks_for():
    """A check that cannot fail is worse than none: looked for outside another folder, the query layer's own calls show."""
    assert any(hit.startswith("kg/sparql/named.py:") for hit in _outside("kg/ui", r"\bload_query\("))
    assert ROOT / "kg" / "cli.py" in CODE and ROOT / "app.py" in CODE
