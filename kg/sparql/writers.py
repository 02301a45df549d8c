"""A :class:`Result` in the SPARQL 1.1 result formats (JSON, XML, CSV, TSV), RDF, and a terminal table.

Each writer gives bytes for the wire; :func:`negotiate` picks one from an HTTP
``Accept`` header, as the SPARQL 1.1 Protocol asks of an endpoint.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from kg.sparql.result import Result, Term, plain

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _json_term(term: Term) -> dict[str, object]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        entry: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            entry["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            entry["datatype"] = term.datatype.value
        return entry
    return {"type": "triple", "value": {k: _json_term(getattr(term, k)) for k in ("subject", "predicate", "object")}}


def to_json(result: Result) -> str:
    """SPARQL 1.1 Query Results JSON.

    >>> print(to_json(Result("ask", boolean=True)))
    {"head": {}, "boolean": true}
    """
    if result.form == "ask":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)})
    bindings = [{c: _json_term(t) for c, t in zip(result.columns, row, strict=True) if t is not None} for row in result.rows]
    return json.dumps({"head": {"vars": result.columns}, "results": {"bindings": bindings}}, ensure_ascii=False, indent=1)


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    parts = "".join(f"<{k}>{_xml_term(getattr(term, k))}</{k}>" for k in ("subject", "predicate", "object"))
    return f"<triple>{parts}</triple>"


def to_xml(result: Result) -> str:
    """SPARQL Query Results XML Format."""
    head = "".join(f"<variable name={quoteattr(c)}/>" for c in result.columns)
    out = ['<?xml version="1.0" encoding="utf-8"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', f"<head>{head}</head>"]
    if result.form == "ask":
        out.append(f"<boolean>{str(bool(result.boolean)).lower()}</boolean>")
    else:
        out.append("<results>")
        for row in result.rows:
            cells = "".join(f"<binding name={quoteattr(c)}>{_xml_term(t)}</binding>" for c, t in zip(result.columns, row, strict=True) if t is not None)
            out.append(f"<result>{cells}</result>")
        out.append("</results>")
    out.append("</sparql>")
    return "\n".join(out) + "\n"


def to_csv(result: Result) -> str:
    """SPARQL 1.1 Query Results CSV: plain values, no types."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.columns if result.form != "ask" else ["boolean"])
    if result.form == "ask":
        writer.writerow([str(bool(result.boolean)).lower()])
    for row in result.rows:
        writer.writerow([plain(v) for v in row])
    return buffer.getvalue()


def _tsv_term(term: Term | None) -> str:
    return "" if term is None else str(term)  # pyoxigraph's str() is the N-Triples form, as TSV wants


def to_tsv(result: Result) -> str:
    """SPARQL 1.1 Query Results TSV: terms in their N-Triples form.

    >>> print(to_tsv(Result("select", ["x"], [[ox.Literal("a\\tb")]], 1)), end="")
    ?x
    "a\\tb"
    """
    if result.form == "ask":
        return f"?boolean\n{str(bool(result.boolean)).lower()}\n"
    lines = ["\t".join(f"?{c}" for c in result.columns)]
    lines += ["\t".join(_tsv_term(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def to_ntriples(result: Result) -> str:
    return (ox.serialize(result.triples(), format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")


def to_turtle(result: Result) -> str:
    return (ox.serialize(result.triples(), format=ox.RdfFormat.TURTLE) or b"").decode("utf-8")


def to_text_table(result: Result, width: int = 60) -> str:
    """A fixed-width table for the terminal; long cells are cut."""
    if result.form == "ask":
        return str(bool(result.boolean)).lower()
    rows = [[plain(v).replace("\n", " ") for v in row] for row in result.rows]
    cut = [[c if len(c) <= width else c[: width - 1] + "…" for c in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cut]) for i, h in enumerate(result.columns)]
    line = "  ".join(h.ljust(w) for h, w in zip(result.columns, widths, strict=True))
    body = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in cut]
    return "\n".join([line, "  ".join("-" * w for w in widths), *body, f"({len(rows)} rows)"])


@dataclass(frozen=True)
class Format:
    """One way of writing a result: its media type, the forms it serves, its writer."""

    name: str
    media_type: str
    forms: tuple[str, ...]
    write: Callable[[Result], str]


FORMATS = (
    Format("json", "application/sparql-results+json", ("select", "ask"), to_json),
    Format("xml", "application/sparql-results+xml", ("select", "ask"), to_xml),
    Format("csv", "text/csv", ("select", "ask"), to_csv),
    Format("tsv", "text/tab-separated-values", ("select", "ask"), to_tsv),
    Format("ntriples", "application/n-triples", ("graph",), to_ntriples),
    Format("turtle", "text/turtle", ("graph",), to_turtle),
)
BY_NAME = {f.name: f for f in FORMATS}


def _ranges(accept: str) -> list[tuple[float, int, str]]:
    ranges = []
    for order, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media:
            ranges.append((quality, -order, media.lower()))
    return sorted(ranges, reverse=True)


def negotiate(accept: str | None, form: str) -> Format | None:
    """The format for an ``Accept`` header and a result form; None when nothing acceptable can be written.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", "select").name
    'xml'
    >>> negotiate(None, "graph").name
    'ntriples'
    >>> negotiate("image/png", "select") is None
    True
    """
    candidates = [f for f in FORMATS if form in f.forms]
    for quality, _, media in _ranges(accept or "*/*"):
        if quality <= 0:
            continue
        for fmt in candidates:
            kind = fmt.media_type.split("/")[0]
            if media in (fmt.media_type, "*/*", f"{kind}/*") or (media == "application/json" and fmt.name == "json"):
                return fmt
    return None
