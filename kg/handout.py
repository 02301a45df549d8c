"""A trainer's handout as DOCX (python-docx), Markdown or HTML, with a formatted reference list."""

from __future__ import annotations

import html
import io
import os
import re
from collections.abc import Iterator
from dataclasses import replace
from urllib.parse import quote

from kg.course import Item

SECTIONS = [
    ("passage", "Passages uit het rapport"),
    ("advice", "Adviezen van de auteur"),
    ("concept", "Begrippen"),
    ("question", "Reflectievragen"),
]
REPORT = "Witte, J. (2022). Wijkteams werken aan veiligheid: Een argumentatie vanuit kennis. Nederlands Jeugdinstituut; Associatie Wijkteams."


def app_url(iri: str) -> str:
    """A link back to the passage in the explorer (KG_APP_URL, default http://localhost:8501/)."""
    base = os.environ.get("KG_APP_URL", "http://localhost:8501/")
    return f"{base.rstrip('/')}/lezen?entity={quote(iri, safe='')}"


def _sections(items: list[Item]) -> Iterator[tuple[str, str, list[Item]]]:
    """(kind, heading, kept items) for each part of the handout that has something in it."""
    for kind, heading in SECTIONS:
        chosen = [i for i in items if i.keep and i.kind == kind]
        if chosen:
            yield kind, heading, chosen


def markdown(title: str, notes: str, items: list[Item], references: list[str]) -> str:
    lines = [f"# {title}", "", f"*Bron: {REPORT}*", ""]
    if notes.strip():
        lines += ["## Notities van de trainer", "", notes.strip(), ""]
    for kind, heading, chosen in _sections(items):
        lines += [f"## {heading}", ""]
        for item in chosen:
            if kind == "concept":
                lines.append(f"- **{item.text}**: {item.detail}")
            elif kind == "question":
                lines.append(f"- {item.text}")
            else:
                where = f" ({item.section})" if item.section else ""
                lines += [f"> {item.text}", "", f"[In het rapport{where}]({app_url(item.iri)})", ""]
        lines.append("")
    if references:
        lines += ["## Bronnen", ""] + [f"- {r}" for r in references] + ["", f"- {REPORT}", ""]
    return "\n".join(lines)


def html_page(title: str, notes: str, items: list[Item], references: list[str]) -> str:
    e = html.escape
    parts = [
        f"<!doctype html><html lang='nl'><meta charset='utf-8'><title>{e(title)}</title><body>",
        f"<h1>{e(title)}</h1>",
        f"<p><em>Bron: {e(REPORT)}</em></p>",
    ]
    if notes.strip():
        parts += ["<h2>Notities van de trainer</h2>", *(f"<p>{e(p)}</p>" for p in notes.strip().split("\n\n"))]
    for kind, heading, chosen in _sections(items):
        parts.append(f"<h2>{e(heading)}</h2>")
        for item in chosen:
            if kind == "concept":
                parts.append(f"<p><strong>{e(item.text)}</strong>: {e(item.detail)}</p>")
            elif kind == "question":
                parts.append(f"<p>• {e(item.text)}</p>")
            else:
                parts.append(f"<blockquote>{e(item.text)}</blockquote><p><a href='{e(app_url(item.iri))}'>In het rapport ({e(item.section)})</a></p>")
    if references:
        parts += ["<h2>Bronnen</h2>", "<ul>", *(f"<li>{e(r)}</li>" for r in [*references, REPORT]), "</ul>"]
    return "\n".join(parts) + "</body></html>\n"


_NOT_XML = re.compile("[\x00-\x08\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """Text Word can store: its soft line break (vertical tab) becomes a line break, other control characters go.

    >>> xml_safe("een\x0bregel\x07 verder")
    'een\\nregel verder'
    """
    return _NOT_XML.sub("", text.replace("\x0b", "\n"))


def _safe_item(item: Item) -> Item:
    return replace(item, text=xml_safe(item.text), section=xml_safe(item.section), detail=xml_safe(item.detail))


def docx(title: str, notes: str, items: list[Item], references: list[str]) -> bytes:
    """The handout as a Word file; control characters pasted into notes (a Word soft break, say) are cleaned first."""
    from docx import Document

    title, notes = xml_safe(title), xml_safe(notes)
    items, references = [_safe_item(i) for i in items], [xml_safe(r) for r in references]
    document = Document()
    document.add_heading(title, level=0)
    document.add_paragraph().add_run(f"Bron: {REPORT}").italic = True
    if notes.strip():
        document.add_heading("Notities van de trainer", level=1)
        for note in notes.strip().split("\n\n"):
            document.add_paragraph(note)
    for kind, heading, chosen in _sections(items):
        document.add_heading(heading, level=1)
        for item in chosen:
            if kind == "concept":
                entry = document.add_paragraph()
                entry.add_run(item.text).bold = True
                entry.add_run(f": {item.detail}")
            elif kind == "question":
                document.add_paragraph(item.text, style="List Bullet")
            else:
                document.add_paragraph(item.text, style="Quote")
                document.add_paragraph(f"In het rapport ({item.section}): {app_url(item.iri)}")
    if references:
        document.add_heading("Bronnen", level=1)
        for reference in [*references, REPORT]:
            document.add_paragraph(reference)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
