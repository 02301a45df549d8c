"""The README documents every command and every query (after datasette's test_docs)."""

import pytest

from kg.cli import main
from kg.settings import ROOT
from kg.sparql.catalogue import list_queries

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", sorted(main.commands))
def test_command_is_documented(command):
    assert f"`kg {command}" in README


@pytest.mark.parametrize("name", [q.name for q in list_queries(with_pages=True)])
def test_query_is_documented(name):
    assert f"`{name}`" in README


def test_both_commands_are_in_the_readme_and_ci_runs_the_test_one():
    assert "./run app" in README and "./run test" in README
    assert "./run test" in (ROOT / ".ci" / "run").read_text()


def test_the_ontology_reference_has_an_entry_for_every_term():
    from kg.vocab.reference import missing_terms, reference_html

    page = reference_html()
    assert page is not None and "<h2>Classes" in page
    assert missing_terms(page) == []
    without = page.replace("<code>https://w3id.org/wijkteams-veiligheid/ontology#Correction</code>", "")
    assert missing_terms(without) == ["https://w3id.org/wijkteams-veiligheid/ontology#Correction"]  # a stale page is caught


def test_no_file_holds_an_unresolved_merge():
    """A merge left half done (conflict markers) breaks a query or a page only where someone happens to look."""
    import subprocess

    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    marked = []
    for name in tracked:
        path = ROOT / name
        if path.suffix in (".py", ".rq", ".md", ".yaml", ".ttl", ".toml", ".js", ".css", ".html", ".txt", "") and path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            if any(line.startswith(("<<<<<<< ", ">>>>>>> ")) for line in text.splitlines()):
                marked.append(name)
    assert marked == []
