"""The SPARQL editor: CodeMirror 6 in a small Streamlit component of our own, with nothing fetched from outside.

The frontend (``frontend/``) is plain HTML and JavaScript on top of the CodeMirror bundle that Streamlit serves
from ``static/`` (built by ``static/codemirror/build.sh``). Python sends the text to show (with a number that
changes only when Python replaces it), the text of the query whose result is shown, and its error; the editor
sends back its text when the user runs the query (Ctrl+Enter, Cmd+Enter, the Run button), when the shown result
turns stale or fresh again, and when the editor loses focus. Without the bundle (static serving switched off)
the frontend falls back to a plain text area with the same keys.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st
import streamlit.components.v1 as components
from streamlit.runtime.scriptrunner import get_script_run_ctx

from kg.ui.url_state import remembered

BUNDLE = "codemirror-sparql.js"
KEY = "sparql_editor"
# The component's page is served at <app>/component/<name>/index.html; static/ at <app>/app/static/.
ASSETS = "../../app/static/"

FRONTEND = Path(__file__).parent / "frontend"


def _component() -> Any:
    # Declared where it is drawn, not at import: Streamlit registers a component's files only when a script run
    # declares it, and app.py warms this module in a background thread, where nothing would be registered and the
    # editor's frame would stay empty (height 0) on a page first opened after the warm-up.
    return components.declare_component("sparql_editor", path=str(FRONTEND))


@dataclass(frozen=True)
class Edit:
    """What the editor last sent: its text, the document it was editing, and a fresh token when the user ran it."""

    text: str
    doc: int
    run: str | None = None


@dataclass(frozen=True)
class Marker:
    """A place in the query to mark: 1-based line and column, with the message to show there."""

    line: int
    column: int
    message: str


def last_edit() -> Edit | None:
    """The editor's latest value, readable before the editor is drawn, so a run can finish before the page is."""
    value = remembered(KEY)
    if not isinstance(value, dict) or not isinstance(value.get("text"), str) or not isinstance(value.get("doc"), int):
        return None
    run = value.get("run")
    return Edit(value["text"], value["doc"], run if isinstance(run, str) and run else None)


def sparql_editor(
    *,
    text: str,
    doc: int,
    ran: str | None,
    ran_token: str | None,
    error: Marker | None,
    words: dict[str, str],
    prefixes: dict[str, str],
    terms: list[dict[str, str]],
) -> None:
    """Draw the editor. ``text`` replaces what it shows whenever ``doc`` changes; ``ran`` is the text whose result
    the page shows (the editor marks that result stale as soon as its text differs); ``words`` are its visible texts."""
    args: dict[str, Any] = {
        "text": text,
        "doc": doc,
        "ran": ran,
        "ran_token": ran_token,
        "error": error.__dict__ if error else None,
        "words": words,
        "prefixes": prefixes,
        "terms": terms,
        "assets": ASSETS if _bundle_served() else None,
    }
    _component()(key=KEY, default=None, **args)


def _bundle_served() -> bool:
    context = get_script_run_ctx()
    if context is None or not st.get_option("server.enableStaticServing"):
        return False
    return _has_bundle(str(Path(context.main_script_path).parent / "static"))


@functools.cache
def _has_bundle(folder: str) -> bool:
    """Whether the static folder holds the bundle: looked at once per process."""
    return (Path(folder) / BUNDLE).is_file()
