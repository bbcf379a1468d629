"""What every request shares: the database engine, the server's settings, the process's
settings (:class:`militancydb.config.Settings`) and the knowledge base (loaded once,
reloaded when the registries in the database change)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from militancydb.config import Settings, get_settings
from militancydb.db.engine import session_scope
from militancydb.db.tables import ChangeLog
from militancydb.knowledge.loader import Knowledge, load_knowledge

# Entity types of the change log that are not registry records.
_NOT_KNOWLEDGE = ("incident", "claim")


@dataclass(frozen=True)
class ServerSettings:
    """How the server behaves.

    ``read_only``: the public mode — every write is refused, whoever asks.
    ``anonymous_read``: readers need not sign in (writes always need an account).
    ``knowledge_check_seconds``: how often to look whether the registries changed.
    """

    read_only: bool = False
    anonymous_read: bool = True
    knowledge_check_seconds: float = 10.0
    secure_cookies: bool = False


@dataclass
class AppContext:
    """The engine and the shared, lazily loaded knowledge base of one server process."""

    engine: Engine
    settings: ServerSettings = field(default_factory=ServerSettings)
    #: the process's settings (database, user), built once for the app and passed down
    config: Settings = field(default_factory=get_settings)
    _kb: Knowledge | None = None
    _kb_stamp: int | None = None
    _kb_checked: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits when the request's work succeeds."""
        with session_scope(self.engine) as s:
            yield s

    def knowledge(self, session: Session) -> Knowledge:
        """The gazetteer and actor registry; reloaded when a registry record changed."""
        now = time.monotonic()
        with self._lock:
            fresh = now - self._kb_checked < self.settings.knowledge_check_seconds
            if self._kb is not None and fresh:
                return self._kb
            stamp = session.scalar(
                select(func.max(ChangeLog.id)).where(ChangeLog.entity_type.not_in(_NOT_KNOWLEDGE))
            )
            if self._kb is None or stamp != self._kb_stamp:
                self._kb = load_knowledge(session)
                self._kb_stamp = stamp
            self._kb_checked = now
            return self._kb

    def forget_knowledge(self) -> None:
        """Reload the knowledge base on its next use (after an edit through the API)."""
        with self._lock:
            self._kb_checked = 0.0
