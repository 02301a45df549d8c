"""A trainer's handout as DOCX (python-docx), PDF (Typst), Markdown or HTML, with an APA reference list.

References arrive as citeproc's HTML (``<i>`` where APA italicises, ``<a>``
around a DOI or web address) and each format renders that markup its own way,
so titles and volumes stay italic and DOIs stay clickable in Word, PDF and the
web page. Every passage links back to its place in the explorer's reader, at
the address the trainer used, under its section's title ("§ Gedeelde
besluitvorming"). Text is set ragged right, never justified with gaps.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import NamedTuple
from urllib.parse import quote

from kg.explore.course import Item
from kg.messages import known, message

SECTIONS = ("passage", "advice", "concept", "question")


@dataclass(frozen=True)
class Handout:
    """Everything a handout holds, whatever its format: the trainer's title and notes, the kept items in their
    order, the references (citeproc's HTML), where passages link back to, the report's own reference and the language."""

    title: str
    notes: str
    items: list[Item]
    references: list[str] = field(default_factory=list)
    base: str | None = None  # the reader's address, ready for a passage's IRI (None: link to the IRI itself)
    report: str = ""  # the report's own reference, cited on every handout ("" when the list holds it)
    lang: str = "nl"

    def parts(self) -> tuple[str, str, list[Item], list[str], str | None, str, str]:
        return self.title, self.notes, self.items, self.references, self.base, self.report, self.lang

    def xml_safe(self) -> Handout:
        """The same handout with every text Word and Typst cannot store cleaned (control characters, a Word soft break)."""
        return replace(
            self,
            title=xml_safe(self.title),
            notes=xml_safe(self.notes),
            items=[_safe_item(i) for i in self.items],
            references=[xml_safe(r) for r in self.references],
            report=xml_safe(self.report),
        )


def cited_reports(references: list[str], reports: list[str]) -> tuple[str, list[str]]:
    """Where the reports a handout quotes are cited: one report gets the "Source:" line under the title; with
    several, each one's reference joins the list instead.

    >>> cited_reports(["A"], ["R"]), cited_reports(["A"], ["R", "S"])
    (('R', ['A']), ('', ['A', 'R', 'S']))
    """
    return (reports[0], references) if len(reports) == 1 else ("", [*references, *reports])


STYLE = """
body { font-family: "Source Sans Pro", "Segoe UI", Helvetica, Arial, sans-serif; max-width: 46em; margin: 2em auto; padding: 0 1em;
       line-height: 1.5; color: #1f2933; text-align: left; }
h1 { font-size: 1.8em; margin-bottom: .2em; } h2 { font-size: 1.25em; margin-top: 1.8em; border-bottom: 1px solid #d9e2ec; }
blockquote { margin: 1em 0 .3em; padding: .5em 1em; border-left: 4px solid #4361ee; background: #f5f7fa; white-space: pre-line; }
.where { font-size: .9em; margin-top: 0; } .source { color: #52606d; font-style: italic; }
ul.references li { margin-bottom: .4em; } a { color: #2541b2; }
@media print { a { color: inherit; } body { margin: 0; } }
"""


def app_url(iri: str, base: str | None = None) -> str:
    """A link back to the passage: ``base`` followed by the passage's IRI (the app gives its reader's address,
    ``http://host/lezen?entity=``), else the IRI itself, the passage's permanent name.

    >>> app_url("https://w3id.org/x/1", "http://localhost:8501/lezen?entity=")
    'http://localhost:8501/lezen?entity=https%3A%2F%2Fw3id.org%2Fx%2F1'
    >>> app_url("https://w3id.org/x/1")
    'https://w3id.org/x/1'
    """
    return f"{base}{quote(iri, safe='')}" if base else iri


class Run(NamedTuple):
    """A stretch of a reference set one way: its text, whether APA italicises it, the address it links to."""

    text: str
    italic: bool = False
    href: str = ""


_TAG = re.compile(r"(</?i>|<a\s+href=\"[^\"]*\">|</a>)")


def runs(markup: str) -> list[Run]:
    """Citeproc's HTML (with ``linked``'s anchors) as runs of text, italic or not, linked or not.

    >>> [(r.text, r.italic) for r in runs("Ogink, A., &amp; Gijzel, H. (2019). <i>Basisfuncties</i>. KPMG.")]
    [('Ogink, A., & Gijzel, H. (2019). ', False), ('Basisfuncties', True), ('. KPMG.', False)]
    >>> runs('19. <a href="https://doi.org/10.1/x">https://doi.org/10.1/x</a>')[1]
    Run(text='https://doi.org/10.1/x', italic=False, href='https://doi.org/10.1/x')
    """
    found, italic, href = [], False, ""
    for part in _TAG.split(markup):
        if part in ("<i>", "</i>"):
            italic = part == "<i>"
        elif part.startswith("<a"):
            href = html.unescape(part.split('"')[1])
        elif part == "</a>":
            href = ""
        elif part:
            found.append(Run(html.unescape(re.sub(r"<[^>]+>", "", part)), italic, href))
    return found


def plain(markup: str) -> str:
    return "".join(run.text for run in runs(markup))


def _sections(items: list[Item], lang: str) -> Iterator[tuple[str, str, list[Item]]]:
    """(kind, heading, kept items) for each part of the handout that has something in it."""
    for kind in SECTIONS:
        chosen = [i for i in items if i.keep and i.kind == kind]
        if chosen:
            yield kind, _label(f"sections.{kind}", lang), chosen


def _where(item: Item, lang: str) -> str:
    """The text of a passage's link back to the reader: its section, as the report numbers nothing ("§ Reflectie")."""
    return message("handout.section_link", lang, section=item.section) if item.section else _label("in_report", lang)


def _label(key: str, lang: str) -> str:
    """A fixed text of the handout (a heading, "Source") in its language."""
    return message(f"handout.{key}", lang)


def _all(references: list[str], report: str) -> list[str]:
    """The references, with the report's own last (it is cited on every handout)."""
    return [*references, report] if report else list(references)


def markdown(handout: Handout) -> str:
    title, notes, items, references, base, report, lang = handout.parts()

    def md(markup: str) -> str:
        return "".join(_md_run(run) for run in runs(markup))

    lines = [f"# {title}", "", f"{_label('source', lang)}: {md(report)}", ""] if report else [f"# {title}", ""]
    if notes.strip():
        lines += [f"## {_label('notes', lang)}", "", notes.strip(), ""]
    for kind, heading, chosen in _sections(items, lang):
        lines += [f"## {heading}", ""]
        for item in chosen:
            if kind == "concept":
                lines.append(f"- **{item.text}**: {item.detail}")
            elif kind == "question":
                lines.append(f"- {item.text}")
            else:
                lines += [*(f"> {line}" if line else ">" for line in item.text.split("\n")), "", f"[{_where(item, lang)}]({app_url(item.iri, base)})", ""]
        lines.append("")
    if references:
        lines += [f"## {_label('references', lang)}", ""] + [f"- {md(r)}" for r in _all(references, report)] + [""]
    return "\n".join(lines)


def _md_run(run: Run) -> str:
    text = f"*{run.text}*" if run.italic else run.text
    if not run.href:
        return text
    # An address shown as itself is an autolink; anything else links its words.
    return f"<{run.href}>" if run.text == run.href else f"[{text}]({run.href})"


def html_page(handout: Handout) -> str:
    title, notes, items, references, base, report, lang = handout.parts()
    e = html.escape

    def rich(markup: str) -> str:
        return "".join(_html_run(run) for run in runs(markup))

    parts = [
        f"<!doctype html><html lang='{e(lang)}'><head><meta charset='utf-8'><title>{e(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{e(title)}</h1>",
    ]
    if report:
        parts.append(f"<p class='source'>{e(_label('source', lang))}: {rich(report)}</p>")
    if notes.strip():
        parts += [f"<h2>{e(_label('notes', lang))}</h2>", *(f"<p>{e(p)}</p>" for p in notes.strip().split("\n\n"))]
    for kind, heading, chosen in _sections(items, lang):
        parts.append(f"<h2>{e(heading)}</h2>")
        for item in chosen:
            if kind == "concept":
                parts.append(f"<p><strong>{e(item.text)}</strong>: {e(item.detail)}</p>")
            elif kind == "question":
                parts.append(f"<p>• {e(item.text)}</p>")
            else:
                parts.append(f"<blockquote>{e(item.text)}</blockquote><p class='where'><a href='{e(app_url(item.iri, base))}'>{e(_where(item, lang))}</a></p>")
    if references:
        parts += [f"<h2>{e(_label('references', lang))}</h2>", "<ul class='references'>", *(f"<li>{rich(r)}</li>" for r in _all(references, report)), "</ul>"]
    return "\n".join(parts) + "</body></html>\n"


def _html_run(run: Run) -> str:
    text = f"<i>{html.escape(run.text)}</i>" if run.italic else html.escape(run.text)
    return f"<a href='{html.escape(run.href)}'>{text}</a>" if run.href else text


_NOT_XML = re.compile("[\x00-\x08\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """Text Word can store: its soft line break (vertical tab) becomes a line break, other control characters go.

    >>> xml_safe("een\x0bregel\x07 verder")
    'een\\nregel verder'
    """
    return _NOT_XML.sub("", text.replace("\x0b", "\n"))


def _safe_item(item: Item) -> Item:
    return replace(item, text=xml_safe(item.text), section=xml_safe(item.section), detail=xml_safe(item.detail))


def _hyperlink(paragraph, url: str, text: str, italic: bool = False) -> None:  # type: ignore[no-untyped-def]
    """A real, clickable link in Word (python-docx has no call for it, so the element is built as Word does)."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    colour, underline = OxmlElement("w:color"), OxmlElement("w:u")
    colour.set(qn("w:val"), "2541B2")
    underline.set(qn("w:val"), "single")
    props.extend([style, colour, underline])
    if italic:
        props.append(OxmlElement("w:i"))
    run.append(props)
    content = OxmlElement("w:t")
    content.text = text
    run.append(content)
    link.append(run)
    paragraph._p.append(link)


def docx(handout: Handout) -> bytes:
    """The handout as a Word file; control characters pasted into notes (a Word soft break, say) are cleaned first."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    title, notes, items, references, base, report, lang = handout.xml_safe().parts()
    document = Document()
    # Ragged right: a handout is read on screen and printed, and justified lines open gaps around long URLs.
    document.styles["Normal"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    document.add_heading(title, level=0)
    if report:
        _rich(document.add_paragraph(), f"{_label('source', lang)}: {report}")
    if notes.strip():
        document.add_heading(_label("notes", lang), level=1)
        for note in notes.strip().split("\n\n"):
            document.add_paragraph(note)
    for kind, heading, chosen in _sections(items, lang):
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
                _hyperlink(document.add_paragraph(), app_url(item.iri, base), _where(item, lang))
    if references:
        document.add_heading(_label("references", lang), level=1)
        for reference in _all(references, report):
            _rich(document.add_paragraph(), reference)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _rich(paragraph, markup: str) -> None:  # type: ignore[no-untyped-def]
    for run in runs(markup):
        if run.href:
            _hyperlink(paragraph, run.href, run.text, run.italic)
        else:
            paragraph.add_run(run.text).italic = run.italic


def _typ(text: str) -> str:
    r"""Text as Typst shows it, nothing of it read as markup: a string literal put into the markup, so a blank
    line, a ``*``, a ``#``, a ``1.`` at the start of a line or a bare URL stay what they are (no paragraph
    break, emphasis, code, list or link). The semicolon ends the embedded expression, so a ``.`` or ``(``
    after it is text, not a method call.

    >>> print(_typ('Kun je #1 zijn? *Ja* "b" \\ https://e.org'))
    #"Kun je #1 zijn? *Ja* \"b\" \\ https://e.org";
    """
    return f"#{_typ_string(text)};"


def _typ_rich(markup: str) -> str:
    return "".join(_typ_run(run) for run in runs(markup))


def _typ_run(run: Run) -> str:
    text = f"#emph({_typ_string(run.text)});" if run.italic else _typ(run.text)
    return f"#link({_typ_string(run.href)})[{text}]" if run.href else text


def _typ_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def typst_source(handout: Handout) -> str:
    """The handout as Typst markup: A4, hyphenated in the handout's language, a link under every passage."""
    title, notes, items, references, base, report, lang = handout.parts()
    lines = [
        '#set page(paper: "a4", margin: (x: 2.2cm, y: 2cm), numbering: "1")',
        f'#set text(lang: "{known(lang)}", size: 10.5pt)',
        "#set par(justify: false)",  # ragged right: justified lines open gaps around long URLs
        '#show link: set text(fill: rgb("#2541b2"))',
        f'#text(size: 20pt, weight: "bold")[{_typ(title)}]',
        "",
        "",
    ]
    if report:
        lines += [f'#text(fill: rgb("#52606d"))[{_typ(_label("source", lang))}: {_typ_rich(report)}]', ""]
    if notes.strip():
        lines += [f"== {_typ(_label('notes', lang))}", "", *(_typ(p) + "\n" for p in notes.strip().split("\n\n"))]
    for kind, heading, chosen in _sections(items, lang):
        lines += [f"== {_typ(heading)}", ""]
        for item in chosen:
            if kind == "concept":
                lines.append(f"- #strong({_typ_string(item.text)});: {_typ(item.detail)}")
            elif kind == "question":
                lines.append(f"- {_typ(item.text)}")
            else:
                body = " \\\n".join(_typ(line) for line in item.text.split("\n"))
                lines += [
                    f'#block(inset: (left: 10pt, y: 6pt), stroke: (left: 3pt + rgb("#4361ee")), fill: rgb("#f5f7fa"), width: 100%)[{body}]',
                    f"#link({_typ_string(app_url(item.iri, base))})[{_typ(_where(item, lang))}]",
                    "",
                ]
        lines.append("")
    if references:
        lines += [f"== {_typ(_label('references', lang))}", "", *(f"- {_typ_rich(r)}" for r in _all(references, report))]
    return "\n".join(lines) + "\n"


def pdf(handout: Handout) -> bytes:
    """The handout as PDF, typeset by Typst (no browser, no system fonts needed)."""
    import typst

    return bytes(typst.compile(typst_source(handout.xml_safe()).encode("utf-8")))


@dataclass(frozen=True)
class Writer:
    """One format a handout is written in: the writer, and the file it downloads as."""

    write: Callable[[Handout], str | bytes]
    extension: str
    mime: str


WRITERS = {
    "docx": Writer(docx, "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pdf": Writer(pdf, "pdf", "application/pdf"),
    "md": Writer(markdown, "md", "text/markdown"),
    "html": Writer(html_page, "html", "text/html"),
}
