"""The package works without the checkout: a wheel carries the queries, the ontology, the messages and the report.

Builds the wheel, installs it into a fresh virtual environment (its dependencies
come from the package index, as for any user) and runs ``kg build`` and
``kg query`` in an unrelated directory. The graph it builds is byte-equal to the
checkout's.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from kg.settings import ROOT

pytestmark = [pytest.mark.package, pytest.mark.xdist_group("package")]  # the wheel is built once, on one worker


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built from a copy of the checkout: setuptools builds in the source tree (build/lib), which
    must stay the repository's graph output only."""
    source = tmp_path_factory.mktemp("source") / "checkout"
    skip = shutil.ignore_patterns(".git", ".venv", "build", "dist", "var", "test-output", "*.egg-info", "__pycache__", ".*_cache")
    shutil.copytree(ROOT, source, symlinks=True, ignore=skip)
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--quiet", "-w", str(out)], check=True, capture_output=True)
    return next(out.glob("*.whl"))


def test_the_wheel_carries_what_a_build_and_the_app_read(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "kg/_resources/queries/advice-evidence.rq",
        "kg/_resources/ontology/wtv.ttl",
        "kg/_resources/ontology/shapes.ttl",
        "kg/_resources/data/wijkteams-werken-aan-veiligheid.md",
        "kg/_resources/data/curated.yaml",
        "kg/_resources/data/argument/wijkteams-werken-aan-veiligheid.yaml",
        "kg/messages/nl.yaml",
        "kg/messages/en.yaml",
        "kg/__main__.py",
    ):
        assert needed in names, needed
    queries = {n for n in names if n.startswith("kg/_resources/queries/")}
    assert len(queries) == len(list((ROOT / "queries").rglob("*.rq")))


def test_the_installed_wheel_builds_and_queries_outside_the_checkout(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    run = lambda *args: subprocess.run([str(python), "-m", "kg", *args], cwd=elsewhere, check=True, capture_output=True, text=True)  # noqa: E731
    run("build", "--no-reason")
    checkout = tmp_path / "checkout"
    subprocess.run([sys.executable, "-m", "kg", "build", "--no-reason", "--out", str(checkout)], cwd=ROOT, check=True, capture_output=True)
    assert (elsewhere / "build" / "kg.nt").read_bytes() == (checkout / "kg.nt").read_bytes()
    counts = run("query", "counts", "--format", "csv").stdout
    assert "https://w3id.org/wijkteams-veiligheid/ontology#Advice,Advies,Advice,24" in counts
