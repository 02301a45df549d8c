"""The databases saved collections live in: an SQLite file (the embedded default) or PostgreSQL (shared by app replicas).

Both run the same SQL, written once in :mod:`kg.explore.collection_store` with ``?`` placeholders. A database
here only says how it connects, how it keeps two saves of one name apart, and which of its errors mean "cannot be
used now"; the revisions themselves are the store's.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote, urlsplit, urlunsplit

from kg.settings import POSTGRES_SCHEMES

Rows = list[tuple[Any, ...]]
Run = Callable[..., Rows]  # run(sql, *params): the rows of one statement (none for an INSERT)

# PostgreSQL's advisory locks are one key space per database: the first half of ours names this program ("kg").
LOCK_SPACE = 0x6B67


class Database(Protocol):
    where: str  # what a log line names: the file, or the server without its password
    errors: tuple[type[Exception], ...]  # what means the database cannot be used now

    def prepare(self, schema: str, probe: str) -> bool:
        """Create the table if it is missing and say whether saves are possible; when the database can only be
        read (``probe`` runs), False; when it cannot even be read, one of :attr:`errors`."""
        ...

    def rows(self, sql: str, *params: object) -> Rows: ...

    def saving(self, name: str) -> AbstractContextManager[Run]:
        """A transaction that no other save of ``name`` enters until it ends (committed when the block ends)."""
        ...


def open_database(where: Path | str) -> Database:
    """The database at a path or a ``postgresql://`` URL (see :func:`kg.settings.collections_location`).

    >>> open_database("postgresql://kg:secret@db.example:5432/kg").where
    'postgresql://kg:***@db.example:5432/kg'
    """
    if isinstance(where, str) and where.startswith(POSTGRES_SCHEMES):
        return PostgresDatabase(where)
    return SQLiteDatabase(Path(where))


class SQLiteDatabase:
    errors: tuple[type[Exception], ...] = (OSError, sqlite3.Error)

    def __init__(self, path: Path) -> None:
        self.path, self.where, self._uri = path, str(path), ""

    def prepare(self, schema: str, probe: str) -> bool:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as db:
                db.execute("PRAGMA journal_mode=WAL")
                db.execute(schema)
            return True
        except self.errors:
            if not self._open_read_only(probe):
                raise
            return False

    def _open_read_only(self, probe: str) -> bool:
        """On a disk that cannot be written, the saved collections can still be read: read-only, and, for a
        database in WAL mode whose side files cannot be made there, as an unchanging file."""
        if not self.path.is_file():
            return False
        for options in ("mode=ro", "mode=ro&immutable=1"):
            self._uri = f"file:{quote(str(self.path))}?{options}"
            try:
                self.rows(probe)
                return True
            except sqlite3.Error:
                continue
        return False

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        if self._uri:
            db = sqlite3.connect(self._uri, uri=True, timeout=30, isolation_level=None)
        else:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            yield db
        finally:
            db.close()

    def rows(self, sql: str, *params: object) -> Rows:
        with self._connect() as db:
            return db.execute(sql, params).fetchall()

    @contextmanager
    def saving(self, name: str) -> Iterator[Run]:
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")  # one writer at a time, whatever the name; closing without COMMIT rolls back
            yield lambda sql, *params: db.execute(sql, params).fetchall()
            db.execute("COMMIT")


class PostgresDatabase:
    """PostgreSQL through psycopg 3, one short connection per call (a replica keeps no session open between runs)."""

    def __init__(self, url: str) -> None:
        import psycopg

        self.url, self.where = url, _without_password(url)
        self.errors: tuple[type[Exception], ...] = (psycopg.Error,)
        self._psycopg = psycopg

    def _connect(self) -> Any:
        return self._psycopg.connect(self.url, autocommit=True, connect_timeout=10)

    def prepare(self, schema: str, probe: str) -> bool:
        try:
            with self._connect() as db, db.transaction():
                # Replicas that start at once would race to create the table: the first creates it, the rest wait.
                db.execute("SELECT pg_advisory_xact_lock(%s, 0)", (LOCK_SPACE,))
                db.execute(schema)
            return True
        except self._psycopg.Error:
            self.rows(probe)  # a standby, or a role that may only read: the saved collections still open
            return False

    def rows(self, sql: str, *params: object) -> Rows:
        with self._connect() as db:
            return _fetched(db.execute(_placeholders(sql), params))

    @contextmanager
    def saving(self, name: str) -> Iterator[Run]:
        with self._connect() as db, db.transaction():
            # Saves of one name queue here until the one before has committed; in READ COMMITTED each later
            # statement then sees its revision, so two replicas saving at once get consecutive numbers.
            db.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (LOCK_SPACE, name))
            yield lambda sql, *params: _fetched(db.execute(_placeholders(sql), params))


def _placeholders(sql: str) -> str:
    """The store's SQL (constants, ``?`` placeholders, no ``%``) in psycopg's placeholders; values travel apart.

    >>> _placeholders("SELECT * FROM revisions WHERE name = ? AND revision = ?")
    'SELECT * FROM revisions WHERE name = %s AND revision = %s'
    """
    return sql.replace("?", "%s")


def _fetched(cursor: Any) -> Rows:
    return cursor.fetchall() if cursor.description is not None else []


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@", 1)))
