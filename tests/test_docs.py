"""The README documents every command and every query (after datasette's test_docs)."""

import re
from pathlib import Path

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
    from kg.devtools.reference import missing_terms
    from kg.settings import reference_page

    page = reference_page()
    assert page is not None and "<h2>Classes" in page
    assert missing_terms(page) == []
    without = page.replace("<code>https://w3id.org/wijkteams-veiligheid/ontology#Correction</code>", "")
    assert missing_terms(without) == ["https://w3id.org/wijkteams-veiligheid/ontology#Correction"]  # a stale page is caught


def _what_is_where() -> dict[str, str]:
    """README's "What is where": each entry's path (a file or a folder) and its text, continuation lines included."""
    block = README.split("## What is where", 1)[1].split("```", 2)[1]
    entries: dict[str, str] = {}
    path = ""
    for line in block.splitlines():
        if line and not line[0].isspace():
            path, _, line = line.partition(" ")
            entries[path] = ""
        if path:
            entries[path] += " " + line.strip()
    return entries


def _named(entries: dict[str, str]) -> set[Path]:
    """Every path the entries name: the entries' own, and the files and folders their text names, found
    beside the entry's folder (``pipeline.py`` under ``kg/graph/``) or from the checkout's root."""
    found = set()
    for path, text in entries.items():
        found.add(ROOT / path)
        folder = ROOT / path if path.endswith("/") else ROOT
        for name in re.findall(r"(?<![\w/.<])((?:[\w.-]+/)*[\w*-]+\.(?:py|yaml|ttl|rq|md|toml|svg)|(?:[\w.-]+/)+)(?![\w/])", text):
            if "<" in name or name in ("app/static/",):
                continue
            found.add(folder / name if (folder / name).exists() or any(folder.glob(name)) else ROOT / name)
    return found


def test_every_path_in_what_is_where_exists():
    missing = [str(p.relative_to(ROOT)) for p in _named(_what_is_where()) if not (p.exists() or any(p.parent.glob(p.name)))]
    assert missing == []


def test_every_module_is_named_in_what_is_where():
    named = _named(_what_is_where())
    modules = [p for p in sorted((ROOT / "kg").rglob("*.py")) if p.name != "__init__.py" and "_resources" not in p.parts]
    assert [str(p.relative_to(ROOT)) for p in modules if p not in named] == []


def test_the_what_is_where_check_sees_a_missing_module():
    entries = _what_is_where()
    entries["kg/graph/"] = entries["kg/graph/"].replace("pipeline.py", "")
    assert ROOT / "kg" / "graph" / "pipeline.py" not in _named(entries)


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
