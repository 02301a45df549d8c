"""Trainers' named collections, kept in SQLite so they survive a restart.

Every save is a new revision; nothing is overwritten. Two trainers saving the
same collection at the same time both keep their work: the later save is the
current version and the earlier stays in the history.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kg.codegen import ROOT

SCHEMA = """
CREATE TABLE IF NOT EXISTS revisions (
    name TEXT NOT NULL,
    revision INTEGER NOT NULL,
    saved_at TEXT NOT NULL,
    author TEXT NOT NULL DEFAULT '',
    payload TEXT NOT NULL,
    PRIMARY KEY (name, revision)
)
"""


def default_path() -> Path:
    return Path(os.environ.get("KG_COLLECTIONS", ROOT / "var" / "collections.sqlite"))


@dataclass(frozen=True)
class Collection:
    name: str
    revision: int
    saved_at: str
    author: str
    payload: dict[str, Any]


class CollectionStore:
    """Named collections (theme, items, notes) with every revision kept.

    >>> import tempfile, pathlib
    >>> store = CollectionStore(pathlib.Path(tempfile.mkdtemp()) / "c.sqlite")
    >>> store.save("Veiligheidsparadox", {"notes": "les 1"}).revision
    1
    >>> store.load("Veiligheidsparadox").payload["notes"]
    'les 1'
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            yield db
        finally:
            db.close()

    def save(self, name: str, payload: dict[str, Any], author: str = "") -> Collection:
        name = name.strip()
        if not name:
            raise ValueError("a collection needs a name")
        saved_at = datetime.now(UTC).isoformat(timespec="seconds")
        data = json.dumps(payload, ensure_ascii=False, sort_keys=True)
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")  # serialises concurrent saves; each gets its own revision number
            (latest,) = db.execute("SELECT COALESCE(MAX(revision), 0) FROM revisions WHERE name = ?", (name,)).fetchone()
            db.execute("INSERT INTO revisions VALUES (?, ?, ?, ?, ?)", (name, latest + 1, saved_at, author, data))
            db.execute("COMMIT")
        return Collection(name, latest + 1, saved_at, author, payload)

    def load(self, name: str, revision: int | None = None) -> Collection | None:
        with self._connect() as db:
            if revision is None:
                row = db.execute("SELECT * FROM revisions WHERE name = ? ORDER BY revision DESC LIMIT 1", (name,)).fetchone()
            else:
                row = db.execute("SELECT * FROM revisions WHERE name = ? AND revision = ?", (name, revision)).fetchone()
        return Collection(row[0], row[1], row[2], row[3], json.loads(row[4])) if row else None

    def names(self) -> list[str]:
        with self._connect() as db:
            return [r[0] for r in db.execute("SELECT DISTINCT name FROM revisions ORDER BY name")]

    def history(self, name: str) -> list[Collection]:
        with self._connect() as db:
            rows = db.execute("SELECT * FROM revisions WHERE name = ? ORDER BY revision", (name,)).fetchall()
        return [Collection(r[0], r[1], r[2], r[3], json.loads(r[4])) for r in rows]

    def export(self, name: str) -> str:
        found = self.load(name)
        if found is None:
            raise KeyError(name)
        return json.dumps({"name": found.name, "collection": found.payload}, ensure_ascii=False, indent=1)

    def import_(self, data: str, author: str = "") -> Collection:
        parsed = json.loads(data)
        if not isinstance(parsed, dict) or "name" not in parsed or "collection" not in parsed:
            raise ValueError("not a collection file: expected {'name': ..., 'collection': {...}}")
        return self.save(str(parsed["name"]), parsed["collection"], author)
