"""Query results as plain values, tables, CSV and JSON."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox

from kg.store import Table, Term


def plain(term: Term | None) -> str:
    """A term as text for people: IRIs as IRIs, literals as their value.

    >>> plain(ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    '3'
    """
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode | ox.Literal | ox.BlankNode):
        return term.value
    return str(term)


def to_records(table: Table) -> list[dict[str, str]]:
    return [{c: plain(v) for c, v in zip(table.columns, row, strict=True)} for row in table.rows]


def to_csv(table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([plain(v) for v in row])
    return buffer.getvalue()


def to_json(table: Table) -> str:
    """SPARQL 1.1 Query Results JSON."""
    bindings = []
    for row in table.rows:
        binding: dict[str, dict[str, str]] = {}
        for column, term in zip(table.columns, row, strict=True):
            if term is None:
                continue
            if isinstance(term, ox.NamedNode):
                binding[column] = {"type": "uri", "value": term.value}
            elif isinstance(term, ox.BlankNode):
                binding[column] = {"type": "bnode", "value": term.value}
            elif isinstance(term, ox.Literal):
                entry = {"type": "literal", "value": term.value}
                if term.language:
                    entry["xml:lang"] = term.language
                elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
                    entry["datatype"] = term.datatype.value
                binding[column] = entry
        bindings.append(binding)
    return json.dumps({"head": {"vars": table.columns}, "results": {"bindings": bindings}}, ensure_ascii=False, indent=1)


def to_text_table(table: Table, width: int = 60) -> str:
    """A fixed-width table for the terminal; long cells are cut."""
    rows = [[plain(v).replace("\n", " ") for v in row] for row in table.rows]
    cut = [[c if len(c) <= width else c[: width - 1] + "…" for c in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cut]) for i, h in enumerate(table.columns)]
    line = "  ".join(h.ljust(w) for h, w in zip(table.columns, widths, strict=True))
    body = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in cut]
    return "\n".join([line, "  ".join("-" * w for w in widths), *body, f"({len(rows)} rows)"])
