"""One node per work across reports: the same DOI, or the same authors, year and title, is the same source."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

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


Claim = tuple[str, str]  # a work's identity, and the key its report would give it


def claims(sources: Sources) -> list[Claim]:
    """The works a report shares with others, in the order it names them: each one's identity and the key the
    report would give it. Practice knowledge belongs to its report and is not among them."""
    return [(identity(record), record.key) for record in sources.records if record.practice_footnote is None]


class SourceRegistry:
    """Hands out source keys for a whole build, so reports share the nodes of the works they share.

    The first report (in build order) to cite a work names it; a later work whose key is taken gets ``-2``,
    ``-3``... Given ``keys`` (identity -> key, decided beforehand by :func:`assign_keys`), it hands out those.
    """

    def __init__(self, keys: Mapping[str, str] | None = None) -> None:
        self.keys: dict[str, str] = dict(keys or {})
        self.taken: set[str] = set(self.keys.values())
        self.tried: dict[str, int] = {}

    def claim(self, work: str, key: str) -> str:
        """The key of the work with identity ``work``, which its report would call ``key``."""
        found = self.keys.get(work)
        if found is None:
            found = key if key not in self.taken else unique(key, self.taken, self.tried)
            self.taken.add(found)
            self.keys[work] = found
        return found

    def assign(self, sources: Sources) -> None:
        """Give a report's works their keys, renaming its records and its footnotes' citations to match."""
        renamed: dict[str, str] = {}
        for record in sources.records:
            if record.practice_footnote is not None:
                continue  # practice knowledge belongs to its report
            found = self.claim(identity(record), record.key)
            renamed[record.key] = found
            record.key = found
        for number, keys in sources.cites.items():
            sources.cites[number] = [renamed.get(k, k) for k in keys]


def assign_keys(reports: Iterable[tuple[str, list[Claim]]]) -> dict[str, dict[str, str]]:
    """Each report's works' keys (identity -> key), as one build of these reports, in this order, gives them.

    The same order and claims give the same keys, however the reports are built: all at once, one at a time,
    or only the changed ones.

    >>> assign_keys([("a", [("doi:1", "ryan-2000")]), ("b", [("doi:2", "ryan-2000"), ("doi:1", "ryan-2000")])])
    {'a': {'doi:1': 'ryan-2000'}, 'b': {'doi:2': 'ryan-2000-2', 'doi:1': 'ryan-2000'}}
    """
    registry = SourceRegistry()
    return {slug: {work: registry.claim(work, key) for work, key in found} for slug, found in reports}
