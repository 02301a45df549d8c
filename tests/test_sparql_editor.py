"""The SPARQL editor's files: CodeMirror built from its lockfile, and a frontend that loads nothing from outside."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from kg.settings import ROOT

STATIC = ROOT / "static"
FRONTEND = ROOT / "kg" / "ui" / "sparql_editor" / "frontend"
BUILT = ("codemirror-sparql.js", "codemirror-sparql.LICENSE.txt")


@pytest.mark.package
@pytest.mark.skipif(not shutil.which("npm"), reason="npm is not installed")
def test_the_bundled_codemirror_is_what_its_lockfile_builds(tmp_path):
    """static/ holds exactly what static/codemirror/build.sh makes from the pinned packages; a hand edit shows here."""
    subprocess.run([str(STATIC / "codemirror" / "build.sh"), str(tmp_path)], check=True, capture_output=True, timeout=600)
    for name in BUILT:
        assert (tmp_path / name).read_bytes() == (STATIC / name).read_bytes(), name


def test_every_package_in_the_bundle_has_its_licence_beside_it():
    licences = (STATIC / "codemirror-sparql.LICENSE.txt").read_text(encoding="utf-8")
    for package in ("@codemirror/view", "@codemirror/legacy-modes", "@lezer/highlight", "style-mod", "w3c-keyname", "crelt"):
        assert re.search(rf"^{re.escape(package)} [\d.]+ \(MIT\)$", licences, re.MULTILINE), package
    assert "codemirror-sparql.LICENSE.txt" in (STATIC / "codemirror-sparql.js").read_text(encoding="utf-8")[:300]


@pytest.mark.parametrize("name", ["index.html", "editor.js", "editor.css"])
def test_the_editor_loads_nothing_from_outside_the_app(name):
    text = (FRONTEND / name).read_text(encoding="utf-8")
    assert not re.search(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text, re.IGNORECASE)
    assert "@import" not in text
