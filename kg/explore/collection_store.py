"""Trainers' named collections, kept in a database so they survive a restart: an SQLite file by default, or
PostgreSQL when several app replicas share them (``KG_COLLECTIONS=postgresql://…``).

Every save is a new revision; nothing is overwritten. Two trainers saving the
same collection at the same time both keep their work: the later save is the
current version and the earlier stays in the history. The SQL below is the
same for both databases (:mod:`kg.explore.collection_db` says how each connects
and keeps two saves of one name apart).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from kg.explore.collection_db import Database, Rows, open_database
from kg.messages import message
from kg.settings import collections_location

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
T = TypeVar("T")
READABLE = "SELECT COUNT(*) FROM revisions"
LATEST = "SELECT COALESCE(MAX(revision), 0) FROM revisions WHERE name = ?"
INSERT = "INSERT INTO revisions (name, revision, saved_at, author, payload) VALUES (?, ?, ?, ?, ?)"
NEWEST_FIRST = "SELECT name, revision, saved_at, author, payload FROM revisions WHERE name = ? ORDER BY revision DESC"
ONE = "SELECT name, revision, saved_at, author, payload FROM revisions WHERE name = ? AND revision = ?"
OLDEST_FIRST = "SELECT name, revision, saved_at, author, payload FROM revisions WHERE name = ? ORDER BY revision"
NAMES = "SELECT DISTINCT name FROM revisions ORDER BY name"


MAX_FILE_BYTES = 2 << 20
TEXT = {"type": "string", "maxLength": 20_000}
# What a collection file must look like before anything of it is stored (JSON Schema, draft 2020-12).
FILE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["name", "collection"],
    "properties": {
        "name": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "^[^\\x00-\\x1f\\x7f]+$"},
        "collection": {
            "type": "object",
            "required": ["theme"],
            "properties": {
                "theme": {"type": "string", "pattern": "^https?://", "maxLength": 2000},
                "title": TEXT,
                "notes": TEXT,
                "items": {
                    "type": "array",
                    "maxItems": 2000,
                    "items": {
                        "type": "object",
                        "required": ["kind", "iri", "text"],
                        "properties": {
                            "kind": {"enum": ["passage", "advice", "question", "concept", "source"]},
                            "iri": {"type": "string", "pattern": "^https?://", "maxLength": 2000},
                            "text": TEXT,
                            "section": TEXT,
                            "detail": TEXT,
                            "keep": {"type": "boolean"},
                        },
                        "additionalProperties": False,
                    },
                },
            },
            "additionalProperties": False,
        },
    },
    "additionalProperties": False,
}


class CollectionError(ValueError):
    """A collection file that is not one; says where it goes wrong, in the reader's language when it was made
    from a catalogue key (``collection.*``)."""

    def __init__(self, text: str, key: str = "", **values: object) -> None:
        super().__init__(text)
        self.key, self.values = key, values

    @classmethod
    def of(cls, key: str, **values: object) -> CollectionError:
        return cls(message(f"collection.{key}", "en", **values), key, **values)

    def message(self, lang: str) -> str:
        return message(f"collection.{self.key}", lang, **self.values) if self.key else str(self)


class CollectionsUnavailable(OSError):
    """The collections database cannot be written (read-only disk, no permission, a full disk), or cannot be
    reached at all (a PostgreSQL server that is down)."""


def check_size(size: int) -> None:
    """Refuse a collection file by its size alone, before its bytes are read or copied."""
    if size > MAX_FILE_BYTES:
        raise CollectionError.of("too_large", max=MAX_FILE_BYTES >> 20)


def parse_collection_file(data: bytes) -> tuple[str, dict[str, Any]]:
    """The name and payload of an exported collection, checked against :data:`FILE_SCHEMA`.

    >>> parse_collection_file(b'{"name": "x", "collection": {"theme": "https://e.org/t", "items": [{"kind": "poem"}]}}')
    Traceback (most recent call last):
    kg.explore.collection_store.CollectionError: collection.items.0: 'iri' is a required property
    """
    import jsonschema

    check_size(len(data))
    try:
        parsed = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise CollectionError("the file is not UTF-8 text") from None
    except json.JSONDecodeError as err:
        raise CollectionError(f"not JSON: line {err.lineno}, column {err.colno}: {err.msg}") from None
    except RecursionError:
        raise CollectionError.of("too_deep") from None
    except ValueError:  # a whole number of more than 4,300 digits
        raise CollectionError.of("number_too_long") from None
    try:
        json.dumps(parsed, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:  # "\ud800": JSON may escape half a character, UTF-8 cannot store it
        raise CollectionError.of("not_text") from None
    except (RecursionError, ValueError):
        raise CollectionError.of("too_deep") from None
    error = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(FILE_SCHEMA).iter_errors(parsed))
    if error is not None:
        where = ".".join(str(p) for p in error.absolute_path) or "the file"
        raise CollectionError(f"{where}: {error.message[:200]}")
    return parsed["name"].strip(), parsed["collection"]


def _is_collection(payload: object) -> bool:
    import jsonschema

    return jsonschema.Draft202012Validator(FILE_SCHEMA["properties"]["collection"]).is_valid(payload)


def default_path() -> Path | str:
    return collections_location()


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
    >>> store.save("Veiligheidsparadox", {"theme": "https://w3id.org/x", "notes": "les 1"}).revision
    1
    >>> store.load("Veiligheidsparadox").payload["notes"]
    'les 1'
    """

    def __init__(self, path: Path | str | None = None) -> None:
        """``path`` is an SQLite file or a ``postgresql://`` URL; by default ``KG_COLLECTIONS``."""
        self.path = path or default_path()
        try:
            self._db: Database = open_database(self.path)
        except ImportError:
            raise CollectionsUnavailable(message("collection.needs_psycopg", "en")) from None
        self.writable: bool = self._guarded(self._db.prepare, SCHEMA, READABLE)

    def _guarded(self, call: Callable[..., T], *args: object) -> T:
        """Run one call on the database; its failures become :class:`CollectionsUnavailable`, naming the database."""
        try:
            return call(*args)
        except self._db.errors as err:
            raise CollectionsUnavailable(f"{self._db.where}: {err}") from None

    def _rows(self, sql: str, *params: object) -> Rows:
        return self._guarded(self._db.rows, sql, *params)

    def save(self, name: str, payload: dict[str, Any], author: str = "") -> Collection:
        name = name.strip()
        if not name:
            raise ValueError("a collection needs a name")
        if not _storable(name) or not _storable(author):
            raise CollectionError.of("nul")
        if not self.writable:
            raise CollectionsUnavailable(f"{self._db.where}: opened read-only")
        saved_at = datetime.now(UTC).isoformat(timespec="seconds")
        data = json.dumps(payload, ensure_ascii=False, sort_keys=True)
        try:
            data.encode("utf-8")
        except UnicodeEncodeError:
            raise CollectionError.of("not_text") from None
        revision = self._guarded(self._save, name, saved_at, author, data)
        return Collection(name, revision, saved_at, author, payload)

    def _save(self, name: str, saved_at: str, author: str, data: str) -> int:
        with self._db.saving(name) as run:  # no other save of this name passes until this one is committed
            ((latest,),) = run(LATEST, name)
            run(INSERT, name, latest + 1, saved_at, author, data)
        return int(latest) + 1

    def load(self, name: str, revision: int | None = None) -> Collection | None:
        """The newest revision that is a valid collection (a broken one saved by an older version is passed over), or the one asked for."""
        if not _storable(name):  # a link can name anything; no save could have stored this name
            return None
        rows = self._rows(NEWEST_FIRST, name) if revision is None else self._rows(ONE, name, revision)
        for row in rows:
            payload = json.loads(row[4])
            if _is_collection(payload):
                return Collection(row[0], row[1], row[2], row[3], payload)
        return None

    def names(self) -> list[str]:
        return [r[0] for r in self._rows(NAMES)]

    def history(self, name: str) -> list[Collection]:
        if not _storable(name):
            return []
        return [Collection(r[0], r[1], r[2], r[3], json.loads(r[4])) for r in self._rows(OLDEST_FIRST, name)]

    def export(self, name: str) -> str:
        found = self.load(name)
        if found is None:
            raise KeyError(name)
        return json.dumps({"name": found.name, "collection": found.payload}, ensure_ascii=False, indent=1)

    def import_(self, data: bytes | str, author: str = "") -> Collection:
        """Store an exported collection as a new revision, once it has been checked; a bad file stores nothing."""
        name, payload = parse_collection_file(data.encode("utf-8") if isinstance(data, str) else data)
        return self.save(name, payload, author)


def _storable(text: str) -> bool:
    """PostgreSQL's text cannot hold NUL, so neither database is given one (the payload's JSON escapes its own).

    >>> _storable("Les 1"), _storable("Les" + chr(0) + "1")
    (True, False)
    """
    return "\x00" not in text
