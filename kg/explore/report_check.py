"""The report check: each finding names the check, the source, the footnote numbers and the line."""

from __future__ import annotations

import pyoxigraph as ox

from kg.sparql.catalogue import load_query
from kg.sparql.result import Result
from kg.sparql.store import Store


def _numbers_sorted(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> ox.Literal | None:
    """'37, 30, 13' -> '13, 30, 37' (GROUP_CONCAT keeps no order)."""
    if not isinstance(term, ox.Literal) or not term.value:
        return term if isinstance(term, ox.Literal) else None
    numbers = sorted({int(n) for n in term.value.split(",") if n.strip()})
    return ox.Literal(", ".join(str(n) for n in numbers))


def lines(table: Result) -> str:
    """One finding per line, in full, the way compilers and linters print them: ``file:line: kind: detail``.

    >>> row = [ox.Literal(v) for v in ("data/r.md", "url-whitespace", "Ogink (2019)", "1", "30", "URL contains a space", "https://x.nl/")]
    >>> print(lines(Result("select", ["file", "check", "sourceLabel", "footnotes", "line", "detail", "citedAs"], [row], 1)))
    data/r.md:30: url-whitespace: Ogink (2019): URL contains a space; references give https://x.nl/
    """
    out = []
    for row in table.rows:
        cell = {name: (term.value if isinstance(term, ox.Literal | ox.NamedNode) else "") for name, term in zip(table.columns, row, strict=True)}
        where = f"{cell.get('file') or 'report'}:{cell.get('line') or 0}"
        cited = f"; references give {cell['citedAs']}" if cell.get("citedAs") else ""
        out.append(f"{where}: {cell.get('check', '')}: {cell.get('sourceLabel', '')}: {cell.get('detail', '')}{cited}")
    return "\n".join(out)


def findings(store: Store) -> Result:
    table = store.select(load_query("report-check").text)
    column = table.columns.index("footnotes")
    rows = [[_numbers_sorted(cell) if i == column else cell for i, cell in enumerate(row)] for row in table.rows]
    return Result("select", table.columns, rows, len(rows))
