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

Any change to either rebuilds the snapshot on the next load: it is never stale.

The gazetteer and the actor registry are pickled apart and each is unpickled the first time
a command looks at it (:class:`SnapshotKnowledge`): ``ask operational`` resolves an actor
and no place, and the gazetteer is nine tenths of the snapshot's unpickling time (about
0.03 of 0.035 CPU seconds with the bundled knowledge). The cache
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
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, TableClause, column, func, select, table, text
from sqlalchemy.orm import Session

from militancydb.knowledge.loader import Knowledge, load_knowledge

if TYPE_CHECKING:
    from militancydb.knowledge.actors import ActorRegistry
    from militancydb.knowledge.gazetteer import Gazetteer

#: Bumped when the layout of the snapshot file changes (2: the gazetteer and the registry
#: pickled apart).
FORMAT = 2
#: Snapshot files kept (one per database); the least recently used go first.
KEEP = 8

#: The entity types of the records in the gazetteer and the actor registry.
ENTITIES: tuple[str, ...] = ("place", "actor", "relation", "proclaimed", "person")
ENTITIES += ("membership", "person_event", "territory")
#: The tables of those records (each row with a ``version``), and of their aliases: named,
#: not imported as the ORM's classes, whose mappers cost a read command 0.02 CPU seconds
#: (``tests/cli/test_snapshot.py`` holds the names to the tables').
VERSIONED: tuple[str, ...] = ("places", "actors", "actor_relations", "proclaimed_territory")
VERSIONED += ("persons",)
VERSIONED += ("memberships", "person_events", "territory_control")
ALIASES = ("place_aliases", "actor_aliases")


def _table(name: str, *columns: str) -> TableClause:
    return table(name, *(column(c) for c in columns))


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


_CHANGES = _table("change_log", "id", "entity_type", "entity_id", "version", "at")


def mark_query() -> Select[Any]:
    """The one query of :func:`database_mark`. Built on the tables' names, not the ORM
    classes, so that it does not set up their mappers first."""
    parts: list[Any] = []
    for name in VERSIONED:
        versioned = _table(name, "version")
        parts += [
            select(func.count()).select_from(versioned).scalar_subquery(),
            select(func.coalesce(func.sum(versioned.c.version), 0)).scalar_subquery(),
        ]
    for name in ALIASES:
        alias = _table(name, "id")
        parts += [
            select(func.count()).select_from(alias).scalar_subquery(),
            select(func.coalesce(func.max(alias.c.id), 0)).scalar_subquery(),
        ]
    cites = _table("citations", "id", "entity_type")
    of_knowledge = cites.c.entity_type.in_(ENTITIES)
    # ``id + 0``: the highest id among the knowledge's rows, read through the entity_type
    # index; a bare max(id) lets SQLite walk the primary key down from the newest row
    # until one matches, past every incident's citation and change (0.46 s at 1,000,000)
    parts += [
        select(func.count()).select_from(cites).where(of_knowledge).scalar_subquery(),
        select(func.coalesce(func.max(cites.c.id + 0), 0)).where(of_knowledge).scalar_subquery(),
    ]
    log = _CHANGES
    parts.append(
        select(func.max(log.c.id + 0)).where(log.c.entity_type.in_(ENTITIES)).scalar_subquery()
    )
    return select(*parts)


def database_mark(session: Session) -> str:
    """The mark of the knowledge tables (see the module docstring)."""
    log = _CHANGES
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
    held = _read(path, key, session)
    if held is not None:
        return Loaded(held, from_snapshot=True)
    kb = load_knowledge(session)
    _write(path, key, kb)
    return Loaded(kb, from_snapshot=False)


def cached_knowledge(session: Session) -> Knowledge:
    """:func:`load_knowledge` through the snapshot (what commands call)."""
    return load_cached(session).knowledge


#: What reading a snapshot part may raise when the file is not one (or not this code's).
_UNREADABLE = (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError)


def _unpickled(data: bytes) -> Any:
    enabled = gc.isenabled()
    gc.disable()  # many small objects: collecting while they arrive triples the time
    try:
        return pickle.loads(data)
    finally:
        if enabled:
            gc.enable()


class SnapshotKnowledge(Knowledge):
    """The knowledge read from a snapshot, each registry unpickled on its first use (see
    the module docstring). A part that does not unpickle (a snapshot written by other
    code under the same key) is read from the database instead, by ``reread``."""

    def __init__(self, gazetteer: bytes, registry: bytes, reread: Callable[[], Knowledge]):
        self._pickled: dict[str, bytes] = {"gazetteer": gazetteer, "registry": registry}
        self._parts: dict[str, Any] = {}
        self._reread = reread
        self._lock = threading.Lock()  # one unpickling of a part, whichever thread asks

    def _part(self, name: str) -> Any:
        with self._lock:
            if name not in self._parts:
                try:
                    self._parts[name] = _unpickled(self._pickled[name])
                except _UNREADABLE:
                    self._parts[name] = getattr(self._reread(), name)
                del self._pickled[name]
            return self._parts[name]

    @property
    def unpickled(self) -> frozenset[str]:
        """The parts read so far (``gazetteer``, ``registry``)."""
        return frozenset(self._parts)

    @property
    def gazetteer(self) -> Gazetteer:
        part: Gazetteer = self._part("gazetteer")
        return part

    @gazetteer.setter
    def gazetteer(self, value: Gazetteer) -> None:
        with self._lock:
            self._parts["gazetteer"] = value
            self._pickled.pop("gazetteer", None)

    @property
    def registry(self) -> ActorRegistry:
        part: ActorRegistry = self._part("registry")
        return part

    @registry.setter
    def registry(self, value: ActorRegistry) -> None:
        with self._lock:
            self._parts["registry"] = value
            self._pickled.pop("registry", None)

    def __reduce__(self) -> Any:  # pickled (a copy, a process pool) as the plain knowledge
        return (Knowledge, (self.gazetteer, self.registry))


def _read(path: Path, key: str, session: Session) -> Knowledge | None:
    try:
        with path.open("rb") as f:
            if pickle.load(f) != key:
                return None
            gazetteer, registry = pickle.load(f), pickle.load(f)
        os.utime(path)  # recently used: kept when older snapshots are pruned
    except _UNREADABLE:
        return None
    if not isinstance(gazetteer, bytes) or not isinstance(registry, bytes):
        return None
    return SnapshotKnowledge(gazetteer, registry, lambda: load_knowledge(session))


def _write(path: Path, key: str, kb: Knowledge) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".knowledge-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(key, f, protocol=pickle.HIGHEST_PROTOCOL)
                for part in (kb.gazetteer, kb.registry):  # apart: each read when first used
                    data = pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL)
                    pickle.dump(data, f, protocol=pickle.HIGHEST_PROTOCOL)
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
