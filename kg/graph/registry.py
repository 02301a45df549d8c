"""One node per work across reports: the same DOI, or the same authors, year and title, is the same source."""

from __future__ import annotations

import re

from kg.parse.references import surname_key
from kg.parse.slug import unique
from kg.parse.sources import SourceRecord, Sources


def identity(record: SourceRecord) -> str:
    """What makes two printed references the same work.

    >>> from kg.parse.references import parse_reference
    >>> identity(SourceRecord("x", parse_reference("Huber, M. (2011). Health. BMJ, 343, d4163. https://doi.org/10.1136/BMJ.D4163"), "JournalArticle", True))
    'doi:10.1136/bmj.d4163'
    """
    ref = record.reference
    if ref.doi:
        return f"doi:{ref.doi.lower()}"
    authors = ",".join(surname_key(a) for a in ref.authors)
    title = re.sub(r"[^a-z0-9]+", " ", ref.title.lower()).strip()
    return f"{authors}|{ref.year}|{title}"


class SourceRegistry:
    """Hands out source keys for a whole build, so reports share the nodes of the works they share."""

    def __init__(self) -> None:
        self.keys: dict[str, str] = {}
        self.taken: set[str] = set()

    def assign(self, sources: Sources) -> None:
        renamed: dict[str, str] = {}
        for record in sources.records:
            if record.practice_footnote is not None:
                continue  # practice knowledge belongs to its report
            found = self.keys.get(identity(record))
            if found is None:
                found = record.key if record.key not in self.taken else unique(record.key, self.taken)
                self.taken.add(found)
                self.keys[identity(record)] = found
            renamed[record.key] = found
            record.key = found
        for number, keys in sources.cites.items():
            sources.cites[number] = [renamed.get(k, k) for k in keys]
