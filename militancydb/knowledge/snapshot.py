"""A compiled snapshot of the knowledge base, so that a command does not spend a second
rebuilding the gazetteer's indexes before its first query (issue 15).

:func:`cached_knowledge` returns what :func:`militancydb.knowledge.loader.load_knowledge`
returns. The first time, it reads the database and keeps the result (pickled, with the
gazetteer's indexes built) in the user's cache folder; later calls read it back while its
key still holds. The key is made of

- a digest of the shipped knowledge files and of the code of the knowledge package (the
  stop-list is read from the files; the pickled records are instances of its classes);
- a mark of the database's knowledge tables, read in one query: the rows and the sum of the
  record versions of each table (every edit, delete and restore bumps a version), the
  count and highest id of the alias rows and of the knowledge citations, the schema
  revision, and the latest change-log entry of a knowledge record (its id, record and
  time, so that two different edits never leave the same mark).

Any change to either rebuilds the snapshot on the next load: it is never stale. The cache
is private to the user (``$XDG_CACHE_HOME/militancydb``, else ``~/.cache/militancydb``), one
file per database, at most :data:`KEEP` files; a cache that cannot be read or written is
simply not used.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Select, func, select, text
from sqlalchemy.orm import Session

from militancydb.db.tables import (
    Actor,
    ActorAlias,
    ActorRelation,
    ChangeLog,
    Citation,
    Membership,
    Person,
    PersonEvent,
    Place,
    PlaceAlias,
    ProclaimedTerritory,
    TerritoryControl,
)
from militancydb.knowledge.loader import Knowledge, load_knowledge

#: Bumped when the layout of the snapshot file changes.
FORMAT = 1
#: Snapshot files kept (one per database); the least recently used go first.
KEEP = 8

#: The entity types of the records in the gazetteer and the actor registry.
ENTITIES: tuple[str, ...] = ("place", "actor", "relation", "proclaimed", "person")
ENTITIES += ("membership", "person_event", "territory")
VERSIONED = (
    Place,
    Actor,
    ActorRelation,
    ProclaimedTerritory,
    Person,
    Membership,
    PersonEvent,
    TerritoryControl,
)
PACKAGE = Path(__file__).resolve().parent


def cache_folder() -> Path:
    """Where snapshots are kept (the XDG cache home)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "militancydb"


@lru_cache(maxsize=1)
def shipped_digest() -> str:
    """SHA-256 of the shipped knowledge files and the knowledge package's code."""
    digest = hashlib.sha256()
    files = sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in files:
        digest.update(str(path.relative_to(PACKAGE)).encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def mark_query() -> Select[Any]:
    """The one query of :func:`database_mark`. Built on the tables, not the ORM classes,
    so that it does not set up every mapper first."""
    parts: list[Any] = []
    for model in VERSIONED:
        table = model.__table__
        parts += [
            select(func.count()).select_from(table).scalar_subquery(),
            select(func.coalesce(func.sum(table.c.version), 0)).scalar_subquery(),
        ]
    for alias in (PlaceAlias, ActorAlias):
        table = alias.__table__
        parts += [
            select(func.count()).select_from(table).scalar_subquery(),
            select(func.coalesce(func.max(table.c.id), 0)).scalar_subquery(),
        ]
    cites = Citation.__table__
    of_knowledge = cites.c.entity_type.in_(ENTITIES)
    # ``id + 0``: the highest id among the knowledge's rows, read through the entity_type
    # index; a bare max(id) lets SQLite walk the primary key down from the newest row
    # until one matches, past every incident's citation and change (0.46 s at 1,000,000)
    parts += [
        select(func.count()).select_from(cites).where(of_knowledge).scalar_subquery(),
        select(func.coalesce(func.max(cites.c.id + 0), 0)).where(of_knowledge).scalar_subquery(),
    ]
    log = ChangeLog.__table__
    parts.append(
        select(func.max(log.c.id + 0)).where(log.c.entity_type.in_(ENTITIES)).scalar_subquery()
    )
    return select(*parts)


def database_mark(session: Session) -> str:
    """The mark of the knowledge tables (see the module docstring)."""
    log = ChangeLog.__table__
    connection = session.connection()
    row = connection.execute(mark_query()).one()
    last = row[-1]
    change: tuple[Any, ...] = ()
    if last is not None:
        latest = select(log.c.entity_type, log.c.entity_id, log.c.version, log.c.at)
        change = tuple(connection.execute(latest.where(log.c.id == last)).one())
    revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalars()
    return repr((tuple(row), change, sorted(revision)))


@dataclass
class Loaded:
    """The knowledge, and whether it came from the snapshot (else from the tables)."""

    knowledge: Knowledge
    from_snapshot: bool


def snapshot_path(session: Session, folder: Path) -> Path:
    """The snapshot file of this session's database."""
    url = session.get_bind().engine.url.render_as_string(hide_password=False)
    name = hashlib.sha256(url.encode()).hexdigest()[:24]
    return folder / f"knowledge-{name}.pickle"


def load_cached(session: Session, folder: Path | None = None) -> Loaded:
    """The knowledge of the session's database, from its snapshot when that is current."""
    folder = folder or cache_folder()
    key = f"{FORMAT}|{shipped_digest()}|{database_mark(session)}"
    path = snapshot_path(session, folder)
    held = _read(path, key)
    if held is not None:
        return Loaded(held, from_snapshot=True)
    kb = load_knowledge(session)
    _write(path, key, kb)
    return Loaded(kb, from_snapshot=False)


def cached_knowledge(session: Session) -> Knowledge:
    """:func:`load_knowledge` through the snapshot (what commands call)."""
    return load_cached(session).knowledge


def _read(path: Path, key: str) -> Knowledge | None:
    try:
        with path.open("rb") as f:
            if pickle.load(f) != key:
                return None
            enabled = gc.isenabled()
            gc.disable()  # many small objects: collecting while they arrive triples the time
            try:
                kb = pickle.load(f)
            finally:
                if enabled:
                    gc.enable()
        os.utime(path)  # recently used: kept when older snapshots are pruned
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError):
        return None
    return kb if isinstance(kb, Knowledge) else None


def _write(path: Path, key: str, kb: Knowledge) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".knowledge-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(key, f, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump(kb, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)  # readers see the old file or the new one, never half
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _prune(path.parent)
    except OSError:
        return  # no cache (read-only home, full disk): the next load reads the tables again


def _prune(folder: Path) -> None:
    snapshots = sorted(folder.glob("knowledge-*.pickle"), key=lambda p: p.stat().st_mtime)
    for old in snapshots[:-KEEP]:
        old.unlink(missing_ok=True)
