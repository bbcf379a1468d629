"""A real server for the API and web tests: ``militancydb serve`` started as a separate
process on a free local port, over the shared database ``militancydb init`` builds (on SQLite
and on PostgreSQL), with one account (and API token) per role.

Tests that write go through the server, so they change the shared database: each writes only
to incidents it created itself.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from militancydb.db.engine import make_engine, session_scope
from militancydb.services.accounts import create_account, issue_token

ROLES = ("viewer", "analyst", "editor", "admin")
PASSWORD = "correct horse battery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """A running server and the credentials of its accounts."""

    base: str
    proc: subprocess.Popen[bytes]
    db_url: str
    tokens: dict[str, str] = field(default_factory=dict)

    def client(self, role: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.tokens[role]}"} if role else {}
        return httpx.Client(base_url=self.base, headers=headers, timeout=60)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def start_server(db_url: str, *extra: str) -> Server:
    port = free_port()
    env = {**os.environ, "MILITANCYDB_DATABASE_URL": db_url}
    proc = subprocess.Popen(
        [sys.executable, "-m", "militancydb", "serve", "--port", str(port), *extra],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(
                f"server exited: {proc.stderr.read().decode() if proc.stderr else ''}"
            )
        try:
            if httpx.get(base + "/api/v1/auth/me", timeout=2).status_code == 200:
                return Server(base, proc, db_url)
        except httpx.HTTPError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("server did not answer within 90 s")


_SERVERS: dict[str, Server] = {}


@pytest.fixture(scope="session")
def _servers() -> Iterator[dict[str, Server]]:
    yield _SERVERS
    for s in _SERVERS.values():
        s.stop()


def _accounts(db_url: str) -> dict[str, str]:
    engine = make_engine(db_url)
    tokens = {}
    with session_scope(engine) as s:
        for role in ROLES:
            create_account(s, f"test-{role}", PASSWORD, role, "test fixture")
            tokens[role] = issue_token(s, f"test-{role}", "tests").token
    engine.dispose()
    return tokens


@pytest.fixture
def api(
    backend: str,
    shared_ucdp_db_url: str,
    _servers: dict[str, Server],
) -> Server:
    """The server of this backend (started once), with a token per role."""
    if backend not in _servers:
        tokens = _accounts(shared_ucdp_db_url)
        server = start_server(shared_ucdp_db_url)
        server.tokens = tokens
        _servers[backend] = server
    return _servers[backend]


def queue_document(
    db_url: str, text: str, published: str, folder: Path, *, auto_merge: bool = False
) -> list[int]:
    """Ingest one news text into the server's database (as ``militancydb ingest`` does,
    queueing every incident found for review, or merging where the matcher advises it with
    ``auto_merge``) and return the new candidates' ids."""
    import datetime as dt

    from militancydb.knowledge.loader import load_knowledge
    from militancydb.nlp.lexicon import lexicon_from
    from militancydb.services.documents import ingest
    from militancydb.services.history import Editor
    from militancydb.services.review import list_candidates

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "article.txt"
    path.write_text(text, encoding="utf-8")
    engine = make_engine(db_url)
    with session_scope(engine) as s:
        before = {c.id for c in list_candidates(s, None)}
        ingest(
            s,
            [str(path)],
            lexicon_from(load_knowledge(s)),
            Editor("test fixture"),
            published=dt.date.fromisoformat(published),
            auto_merge=auto_merge,
        )
        new = [c.id for c in list_candidates(s, None) if c.id not in before]
    engine.dispose()
    return new
