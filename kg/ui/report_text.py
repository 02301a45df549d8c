"""The report's own text for a chapter or section, as the reader shows it: headings, passages, advice, points,
figures and footnotes, each with its footnote markers and concept tags, every link to the page of what it names."""

from __future__ import annotations

from collections import defaultdict

from kg.ui.data import concept_names, rows
from kg.ui.i18n import t
from kg.ui.links import url
from kg.ui.widgets import chips, entity_link, esc, link, thing_link
from kg.vocab.iris import id_path


def anchor_id(node: str) -> str:
    return "n-" + id_path(node).replace("/", "-")


def _annotations(section: str) -> tuple[dict[str, dict[int, tuple[str, str]]], dict[str, list[tuple[str, str]]]]:
    notes: dict[str, dict[int, tuple[str, str]]] = defaultdict(dict)
    concepts: dict[str, list[tuple[str, str]]] = defaultdict(list)
    names = concept_names()
    for row in rows("chapter-annotations", chapter=section):
        if row["type"] == "footnote":
            notes[row["node"]].setdefault(int(row["number"]), (row["source"], row["label"]))
        else:
            concepts[row["node"]].append((row["target"], names.get(row["target"], row["label"])))
    return notes, concepts


def _markers(notes: dict[int, tuple[str, str]]) -> str:
    return "".join(f'<sup title="{esc(label)}">{link(url("source", entity=source), f"[{n}]")}</sup>' for n, (source, label) in sorted(notes.items()))


def marked_sentence(text: str, sentence: str) -> str:
    if sentence and sentence in text:
        before, _, after = text.partition(sentence)
        return f"{esc(before)}<mark>{esc(sentence)}</mark>{esc(after)}"
    return esc(text)


def section_html(section: str, focus: str | None = None, sentence: str = "", *, heading: bool = True) -> str:
    """A chapter or section and everything in it, in reading order, with its footnotes at the end; without its
    own heading where the page already titles it."""
    notes, concepts = _annotations(section)
    parts: list[str] = []
    for row in rows("chapter-content", chapter=section):
        node, kind = row["node"], row["kind"]
        if node == section and not heading:
            continue
        highlight = ' class="highlight"' if node == focus else ""
        tags = f"<div>{chips(concepts[node])}</div>" if concepts.get(node) else ""
        marks = _markers(notes.get(node, {}))
        anchor = f'id="{esc(anchor_id(node))}"'
        if kind == "section":
            level = min(6, int(row["level"] or 1) + 1)
            parts.append(f"<h{level} {anchor}{highlight}>{thing_link(node, row['title'], 'section')}{marks}</h{level}>")
        elif kind == "advice":
            parts.append(
                f'<div class="advice" {anchor}><span class="arrow">➜ {thing_link(node, t("reader.advice"), "advice")}</span>'
                f"<div{highlight}>{marked_sentence(row['text'], sentence)}{marks}</div>{tags}</div>"
            )
        elif kind == "item":
            title = f"<strong>{esc(row['title'])}</strong> " if row.get("title") else ""
            body = esc(row["description"]) if row.get("description") else esc(row["text"]) if not row.get("title") else ""
            parts.append(f"<ul><li {anchor}{highlight}>{title}{body}{marks}</li></ul>")
        elif kind == "figure":
            parts.append(f'<div class="figure" {anchor}{highlight}>🖼 {esc(row["caption"])}{marks}</div>')
        else:
            cite = entity_link(node, "¶")
            parts.append(f"<p {anchor}{highlight}>{marked_sentence(row['text'], sentence if node == focus else '')}{marks} <small>{cite}</small></p>{tags}")
    parts.append(_footnotes(section))
    return "\n".join(parts)


def _footnotes(section: str) -> str:
    items = []
    for row in rows("chapter-footnotes", chapter=section):
        sources = " ".join(thing_link(s, "↗", "source") for s in row["sources"].split() if s)
        items.append(f'<li value="{esc(row["number"])}">{esc(row["text"])} {sources}</li>')
    return f"<h4>{esc(t('reader.footnotes'))}</h4><ol>{''.join(items)}</ol>" if items else ""
