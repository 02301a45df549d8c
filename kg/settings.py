"""Where things are and what the environment says: the one place for paths and environment variables.

Paths resolve once, at import. In a checkout the resources sit beside the
package (``queries/``, ``ontology/``, ``data/``) and the output goes to the
checkout's ``build/``. Installed from a wheel, the same resources ship inside the
package (``kg/_resources/``, see ``pyproject.toml``) and the output goes to
``build/`` in the working directory.

Environment variables are read when asked for, not at import, so a test or a
server process can set them first.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
CHECKOUT = (ROOT / "pyproject.toml").is_file() and (ROOT / "queries").is_dir()


def _resource(name: str) -> Path:
    return ROOT / name if CHECKOUT else PACKAGE / "_resources" / name


QUERY_DIR = _resource("queries")
ONTOLOGY_DIR = _resource("ontology")
ONTOLOGY = ONTOLOGY_DIR / "wtv.ttl"
SHAPES = ONTOLOGY_DIR / "shapes.ttl"
DATA = _resource("data")
ARGUMENT_DIR = DATA / "argument"
REFERENCE = _resource("docs") / "ontology.html"
WORKDIR = ROOT if CHECKOUT else Path.cwd()
BUILD_DIR = WORKDIR / "build"
DEFAULT_APP_URL = "http://localhost:8501/"


def graph_file() -> Path:
    """The built graph the app and the commands read: ``KG_GRAPH`` (a graph file or a store), else ``build/store``
    (the on-disk store ``kg build`` publishes) when it is there, else ``build/kg.nt``."""
    value = os.environ.get("KG_GRAPH")
    if value:
        return Path(value)
    store = BUILD_DIR / "store"
    return store if store.is_dir() else BUILD_DIR / "kg.nt"


class GraphNotBuilt(FileNotFoundError):
    """The built graph a command or the app would read is not there."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"no built graph at {path}: run `kg build` first")
        self.path = path


class GraphNotAFile(ValueError):
    """Something other than a regular file where the built graph should be: a pipe would block its reader for good."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path}: not a regular file; a graph is a file or a store's folder, not a pipe or a device")
        self.path = path


def push_file() -> Path:
    """What ``kg push`` sends when not told: ``KG_GRAPH`` if set, else ``build/kg.nq`` (a named graph per report)
    when it is there, else the built graph."""
    quads = BUILD_DIR / "kg.nq"
    return quads if not os.environ.get("KG_GRAPH") and quads.is_file() else graph_file()


def built_graph(given: Path | None = None) -> Path:
    """The built graph to read: ``given``, else :func:`graph_file`; raises :class:`GraphNotBuilt` when it is neither
    a file nor a store's folder, :class:`GraphNotAFile` when it is a pipe or a device.

    >>> built_graph(Path("/nowhere/kg.nt"))
    Traceback (most recent call last):
    kg.settings.GraphNotBuilt: no built graph at /nowhere/kg.nt: run `kg build` first
    >>> built_graph(Path("/dev/null"))
    Traceback (most recent call last):
    kg.settings.GraphNotAFile: /dev/null: not a regular file; a graph is a file or a store's folder, not a pipe or a device
    """
    path = given or graph_file()
    if path.is_dir():
        return path  # a store's folder; EmbeddedStore.from_file says so when it is not one
    if path.exists() and not path.is_file():
        raise GraphNotAFile(path)
    if not path.is_file():
        raise GraphNotBuilt(path)
    return path


def reference_page() -> str | None:
    """The ontology's reference page as ``kg reference`` wrote it (docs/ontology.html), or None where it is not there."""
    return REFERENCE.read_text(encoding="utf-8") if REFERENCE.is_file() else None


def sparql_endpoint() -> str | None:
    """``KG_SPARQL_ENDPOINT``: a SPARQL server to query instead of the embedded store."""
    return os.environ.get("KG_SPARQL_ENDPOINT") or None


def app_url() -> str:
    """``KG_APP_URL``: where handouts link back to when no browser told us the app's address."""
    return os.environ.get("KG_APP_URL") or DEFAULT_APP_URL


POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def collections_location() -> Path | str:
    """``KG_COLLECTIONS``: where saved handout collections are kept: an SQLite file (the default,
    ``var/collections.sqlite``), or a PostgreSQL URL (``postgresql://`` or ``postgres://``) that several app
    replicas share."""
    found = os.environ.get("KG_COLLECTIONS") or ""
    if found.startswith(POSTGRES_SCHEMES):
        return found
    return Path(found or WORKDIR / "var" / "collections.sqlite")
