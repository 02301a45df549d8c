"""The report check: each finding names the check, the source, the footnote numbers and the line."""

from __future__ import annotations

from kg.sparql.named import result
from kg.sparql.result import Result
from kg.sparql.store import Store


def _numbers_sorted(numbers: str) -> str:
    """GROUP_CONCAT keeps no order.

    >>> _numbers_sorted("37, 30, 13")
    '13, 30, 37'
    """
    return ", ".join(str(n) for n in sorted({int(n) for n in numbers.split(",") if n.strip()}))


def lines(findings: list[dict[str, str]]) -> str:
    """One finding per line, in full, the way compilers and linters print them: ``file:line: kind: detail``.

    >>> row = dict(zip(("file", "check", "sourceLabel", "footnotes", "line", "detail", "citedAs"),
    ...                ("data/r.md", "url-whitespace", "Ogink (2019)", "1", "30", "URL contains a space", "https://x.nl/")))
    >>> print(lines([row]))
    data/r.md:30: url-whitespace: Ogink (2019): URL contains a space; references give https://x.nl/
    """
    out = []
    for cell in findings:
        where = f"{cell.get('file') or 'report'}:{cell.get('line') or 0}"
        cited = f"; references give {cell['citedAs']}" if cell.get("citedAs") else ""
        out.append(f"{where}: {cell.get('check', '')}: {cell.get('sourceLabel', '')}: {cell.get('detail', '')}{cited}")
    return "\n".join(out)


def findings(store: Store, report: str | None = None) -> Result:
    """What an editor would fix, with each finding's footnote numbers in order: in one report, or in all."""
    return result(store, "report-check", report=report).with_literals("footnotes", _numbers_sorted)
