"""The README documents every command and every query (after datasette's test_docs)."""

import pytest

from kg.cli import main
from kg.codegen import ROOT
from kg.queries import list_queries

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", sorted(main.commands))
def test_command_is_documented(command):
    assert f"`kg {command}" in README


@pytest.mark.parametrize("name", [q.name for q in list_queries()])
def test_query_is_documented(name):
    assert f"`{name}`" in README


def test_both_commands_are_in_the_readme_and_ci_runs_the_test_one():
    assert "./run app" in README and "./run test" in README
    assert "./run test" in (ROOT / ".ci" / "run").read_text()
