"""What the last build built, on disk (SQLite), so the next one rebuilds only what changed.

For each report: where its file is, the fingerprint of what it was built from,
the works it cites (the cross-report source registry: each work's identity and
the key it got) and the triples it states about things reports share (works,
their authors, concepts), kept compressed. For each such shared triple, how
many reports state it, so that removing a report removes exactly what no other
report states. And the VoID counts of the whole graph, kept up to date as
reports come and go.

Nothing here is held in memory for the whole corpus but the per-report
entries a build asks for; a triple's count is a row keyed by a 64-bit hash of
its N-Triples line.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kg.graph.registry import Claim

VERSION = "1"
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS report (
    slug TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    stat TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    claims TEXT NOT NULL,
    keys TEXT NOT NULL,
    counts TEXT NOT NULL,
    triples INTEGER NOT NULL,
    shared BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS line (h INTEGER PRIMARY KEY, refs INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS total (term TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
"""


def line_hash(line: str) -> int:
    """A shared triple's key: 64 bits of BLAKE2b of its N-Triples line, as SQLite's signed integer."""
    return int.from_bytes(hashlib.blake2b(line.encode("utf-8"), digest_size=8).digest(), "big", signed=True)


@dataclass(frozen=True)
class Entry:
    """One report as the last build built it."""

    slug: str
    path: str
    stat: str
    fingerprint: str
    claims: list[Claim]
    keys: dict[str, str]
    counts: dict[str, int]
    triples: int


class Ledger:
    """The build's memory between runs, in one SQLite file. Changes are grouped in :meth:`batch` transactions."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        # The build writes from one thread at a time, but not always the one that opened it (see kg.graph.stream).
        self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        if self.meta("version") not in (None, VERSION):
            self.clear()
        self.set_meta("version", VERSION)

    def close(self) -> None:
        self.db.close()

    def clear(self) -> None:
        """Forget every report: the next build starts afresh."""
        with self.batch():
            for table in ("meta", "report", "line", "total"):
                self.db.execute(f"DELETE FROM {table}")  # the table names are this module's own, not input

    @contextmanager
    def batch(self) -> Iterator[None]:
        """One transaction: all of it is kept, or none."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def meta(self, name: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def set_meta(self, name: str, value: str) -> None:
        self.db.execute("INSERT INTO meta(name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value", (name, value))

    def slugs(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT slug FROM report")}

    def stats(self) -> dict[str, tuple[str, str, str]]:
        """Each report's path, file stat and fingerprint, to tell unchanged reports without reading them."""
        return {slug: (path, stat, fingerprint) for slug, path, stat, fingerprint in self.db.execute("SELECT slug, path, stat, fingerprint FROM report")}

    def entry(self, slug: str) -> Entry | None:
        row = self.db.execute("SELECT slug, path, stat, fingerprint, claims, keys, counts, triples FROM report WHERE slug = ?", (slug,)).fetchone()
        if row is None:
            return None
        claims = [(work, key) for work, key in json.loads(row[4])]
        return Entry(row[0], row[1], row[2], row[3], claims, json.loads(row[5]), json.loads(row[6]), row[7])

    def claims(self) -> dict[str, list[Claim]]:
        """Every report's claims on shared works, for the keys of a whole build."""
        return {slug: [(work, key) for work, key in json.loads(claims)] for slug, claims in self.db.execute("SELECT slug, claims FROM report")}

    def keys(self) -> dict[str, dict[str, str]]:
        """The keys each report was built with."""
        return {slug: json.loads(keys) for slug, keys in self.db.execute("SELECT slug, keys FROM report")}

    def shared_lines(self, slug: str) -> list[str]:
        row = self.db.execute("SELECT shared FROM report WHERE slug = ?", (slug,)).fetchone()
        return zlib.decompress(row[0]).decode("utf-8").splitlines(keepends=True) if row else []

    def touch(self, slug: str, path: str, stat: str) -> None:
        """The report's file was touched but its bytes are the same: remember the new stat so it is not read again."""
        self.db.execute("UPDATE report SET path = ?, stat = ? WHERE slug = ?", (path, stat, slug))

    def record(self, entry: Entry, shared: list[str]) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO report(slug, path, stat, fingerprint, claims, keys, counts, triples, shared) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                entry.slug,
                entry.path,
                entry.stat,
                entry.fingerprint,
                json.dumps(entry.claims),
                json.dumps(entry.keys, sort_keys=True),
                json.dumps(entry.counts, sort_keys=True),
                entry.triples,
                zlib.compress("".join(shared).encode("utf-8"), 1),
            ),
        )

    def forget(self, slug: str) -> None:
        self.db.execute("DELETE FROM report WHERE slug = ?", (slug,))

    def state(self, lines: Iterable[str], delta: int) -> list[str]:
        """Count these shared triples as stated once more (``delta`` 1) or once less (-1) by a report; the
        lines whose count went from none to one (when adding) or from one to none (when removing)."""
        changed = []
        for line in lines:
            h = line_hash(line)
            if delta > 0:
                refs = self.db.execute("INSERT INTO line(h, refs) VALUES (?, 1) ON CONFLICT(h) DO UPDATE SET refs = refs + 1 RETURNING refs", (h,)).fetchone()[
                    0
                ]
                if refs == 1:
                    changed.append(line)
            else:
                row = self.db.execute("UPDATE line SET refs = refs - 1 WHERE h = ? RETURNING refs", (h,)).fetchone()
                if row is not None and row[0] <= 0:
                    self.db.execute("DELETE FROM line WHERE h = ?", (h,))
                    changed.append(line)
        return changed

    def totals(self) -> Counter[str]:
        return Counter(dict(self.db.execute("SELECT term, n FROM total")))

    def add_totals(self, counts: Mapping[str, int], sign: int = 1) -> None:
        self.db.executemany(
            "INSERT INTO total(term, n) VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET n = n + excluded.n",
            [(term, sign * n) for term, n in counts.items() if n],
        )

    def triples(self) -> int:
        """How many triples the reports' own graphs hold together."""
        return int(self.db.execute("SELECT COALESCE(SUM(triples), 0) FROM report").fetchone()[0])

    def shared_count(self) -> int:
        """How many distinct triples the reports state about shared things."""
        return int(self.db.execute("SELECT COUNT(*) FROM line").fetchone()[0])
