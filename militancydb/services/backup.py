"""Back up a whole database and restore it: every table, the change history included.

Two formats:

- ``sqlite``: a SQLite file made with SQLite's online backup API from a SQLite database
  (others may go on reading and writing meanwhile). It is itself a militancydb database:
  ``militancydb --db BACKUP.db summary`` reads it.
- ``portable``: gzip-compressed JSON lines from any database, read in one snapshot: a
  header (format, schema revision, table order), then for each table a line naming it and
  its columns followed by one line per row, and a last line with the number of rows. It
  restores into SQLite or PostgreSQL, so it also moves a database between the two.

:func:`restore` reads either format into a database at the same schema revision (an empty
database is given the schema first), replacing everything it holds in one transaction:
all of the backup or nothing. A database that already holds rows is only replaced after
``confirm_replace`` agrees.
"""

from __future__ import annotations

import datetime as dt
import gzip
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import quote

import orjson
from sqlalchemy import Connection, Date, DateTime, Engine, Table, delete, func, insert, select, text
from sqlalchemy.engine import URL

from militancydb.db.engine import current_revision, head_revision, make_engine, upgrade
from militancydb.db.tables import Base
from militancydb.errors import DatabaseNotReady, FileProblem, ImportFailed

MAGIC = "militancydb-backup"
SQLITE_HEADER = b"SQLite format 3\x00"
BATCH = 1000


class BackupFormat(StrEnum):
    """How a backup is written."""

    SQLITE = "sqlite"
    PORTABLE = "portable"


@dataclass(frozen=True)
class BackupResult:
    """What a backup or restore moved."""

    format: str
    revision: str
    tables: int
    rows: int


def tables() -> list[Table]:
    """Every table of the schema, parents before children."""
    return list(Base.metadata.sorted_tables)


# --- backup --------------------------------------------------------------------------------


def backup(engine: Engine, path: Path, fmt: BackupFormat | None = None) -> BackupResult:
    """Write a backup of the database behind ``engine`` to ``path`` (a new file)."""
    if path.exists():
        raise FileProblem(f"{path} exists; choose a new file name (a backup never overwrites)")
    is_sqlite = engine.dialect.name == "sqlite"
    fmt = fmt or (BackupFormat.SQLITE if is_sqlite else BackupFormat.PORTABLE)
    if fmt is BackupFormat.SQLITE and not is_sqlite:
        raise FileProblem(
            "a sqlite backup is made from a SQLite database; use --format portable for "
            f"{engine.dialect.name}"
        )
    revision = current_revision(engine) or "base"
    fd, tmp_name = tempfile.mkstemp(prefix=".backup-", dir=path.parent or Path("."))
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        if fmt is BackupFormat.SQLITE:
            _sqlite_backup(engine, tmp)
            counts = _count_rows(make_engine(_read_only_url(tmp), must_exist=True))
        else:
            counts = _portable_backup(engine, tmp, revision)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return BackupResult(fmt.value, revision, len(counts), sum(counts.values()))


def _sqlite_backup(engine: Engine, target: Path) -> None:
    with engine.connect() as conn:
        source = conn.connection.dbapi_connection
        assert isinstance(source, sqlite3.Connection)
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()


def _snapshot(conn: Connection) -> None:
    """Read every table in one snapshot (SQLite's driver would otherwise let each SELECT
    see the database as it is at that moment)."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN")
    else:
        conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")


def _portable_backup(engine: Engine, target: Path, revision: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    with gzip.open(target, "wb") as out, engine.connect() as conn:
        _snapshot(conn)
        header = {"format": MAGIC, "version": 1, "revision": revision}
        header["tables"] = [t.name for t in tables()]
        header["created_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        out.write(orjson.dumps(header) + b"\n")
        for table in tables():
            columns = [c.name for c in table.columns]
            out.write(orjson.dumps({"table": table.name, "columns": columns}) + b"\n")
            n = 0
            query = select(*table.columns).order_by(*table.primary_key.columns)
            for row in conn.execution_options(yield_per=BATCH).execute(query):
                out.write(orjson.dumps(list(row)) + b"\n")
                n += 1
            counts[table.name] = n
        out.write(orjson.dumps({"end": True, "rows": sum(counts.values())}) + b"\n")
        conn.rollback()
    return counts


def _count_rows(engine: Engine) -> dict[str, int]:
    try:
        with engine.connect() as conn:
            return {
                t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
                for t in tables()
            }
    finally:
        engine.dispose()


# --- restore -------------------------------------------------------------------------------

Rows = Iterator[tuple[Table, list[str], Iterator[list[Any]]]]


def restore(engine: Engine, path: Path, *, confirm_replace: Callable[[int], None]) -> BackupResult:
    """Replace what the database behind ``engine`` holds with the backup at ``path``."""
    if not path.is_file():
        raise FileProblem(f"no backup file at {path}; check the path")
    with path.open("rb") as f:
        start = f.read(16)
    if start == SQLITE_HEADER:
        fmt = BackupFormat.SQLITE
        source = make_engine(_read_only_url(path), must_exist=True)
        revision = current_revision(source) or "base"
    elif start[:2] == b"\x1f\x8b":
        fmt = BackupFormat.PORTABLE
        source = None
        revision = _portable_header(path)["revision"]
    else:
        raise ImportFailed(f"{path} is not a militancydb backup (neither SQLite nor portable)")
    try:
        head = head_revision(engine)
        if revision != head:
            raise DatabaseNotReady(
                f"the backup is at schema revision {revision}, this militancydb at {head}; "
                "restore it with the militancydb version that made it"
            )
        present = current_revision(engine)
        if present is None:
            upgrade(engine)
        elif present != head:
            raise DatabaseNotReady(
                f"the database is at schema revision {present}; run `militancydb db upgrade` "
                "before restoring into it"
            )
        held = sum(_count_rows_on(engine).values())
        if held:
            confirm_replace(held)
        if source is not None:
            counts = _load(engine, _rows_from_engine(source))
        else:
            with gzip.open(path, "rb") as f:
                counts = _load(engine, _rows_from_portable(f, path))
    finally:
        if source is not None:
            source.dispose()
    return BackupResult(fmt.value, revision, len(counts), sum(counts.values()))


def _count_rows_on(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
            for t in tables()
        }


def _read_only_url(path: Path) -> URL:
    return URL.create(
        "sqlite", database="file:" + quote(str(path)), query={"mode": "ro", "uri": "true"}
    )


def _portable_header(path: Path) -> dict[str, Any]:
    try:
        with gzip.open(path, "rb") as f:
            header = orjson.loads(f.readline())
    except (OSError, orjson.JSONDecodeError, EOFError) as exc:
        raise ImportFailed(f"{path} is not a militancydb backup: {exc}") from exc
    if not isinstance(header, dict) or header.get("format") != MAGIC:
        raise ImportFailed(f"{path} is not a militancydb backup (no backup header)")
    return header


def _rows_from_engine(source: Engine) -> Rows:
    with source.connect() as conn:
        _snapshot(conn)
        for table in tables():
            columns = [c.name for c in table.columns]
            query = select(*table.columns).order_by(*table.primary_key.columns)
            rows = conn.execution_options(yield_per=BATCH).execute(query)
            yield table, columns, (list(r) for r in rows)


def _rows_from_portable(f: gzip.GzipFile, path: Path) -> Rows:
    by_name = {t.name: t for t in tables()}
    f.readline()  # the header, read already
    line = f.readline()
    while line:
        meta = orjson.loads(line)
        if meta.get("end"):
            return
        table = by_name.get(meta.get("table", ""))
        if table is None or set(meta["columns"]) != {c.name for c in table.columns}:
            raise ImportFailed(f"{path}: table {meta.get('table')!r} does not fit this schema")
        columns: list[str] = meta["columns"]

        def rows(decoders: list[Callable[[Any], Any] | None]) -> Iterator[list[Any]]:
            nonlocal line
            while True:
                line = f.readline()
                if not line:
                    raise ImportFailed(f"{path} is cut short (no end line); nothing restored")
                if line.startswith(b"{"):
                    return
                values = orjson.loads(line)
                yield [
                    d(v) if d and v is not None else v
                    for d, v in zip(decoders, values, strict=True)
                ]

        yield table, columns, rows([_decoder(table, c) for c in columns])
    raise ImportFailed(f"{path} is cut short (no end line); nothing was restored")


def _decoder(table: Table, column: str) -> Callable[[Any], Any] | None:
    kind = table.c[column].type
    if isinstance(kind, DateTime):
        return dt.datetime.fromisoformat
    if isinstance(kind, Date):
        return dt.date.fromisoformat
    return None


def _load(engine: Engine, source: Rows) -> dict[str, int]:
    counts: dict[str, int] = {}
    with engine.begin() as conn:
        for table in reversed(tables()):
            conn.execute(delete(table))
        for table, columns, rows in source:
            n = 0
            batch: list[dict[str, Any]] = []
            for values in rows:
                batch.append(dict(zip(columns, values, strict=True)))
                if len(batch) >= BATCH:
                    conn.execute(insert(table), batch)
                    n += len(batch)
                    batch = []
            if batch:
                conn.execute(insert(table), batch)
                n += len(batch)
            counts[table.name] = n
        if conn.dialect.name == "postgresql":
            _reset_sequences(conn)
    return counts


def _reset_sequences(conn: Connection) -> None:
    """Point every serial id's sequence past the restored rows."""
    for table in tables():
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or pk[0].name != "id":
            continue
        conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {table.name}"
            )
        )
