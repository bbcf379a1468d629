"""A throwaway PostgreSQL cluster for tests and benchmarks.

``initdb`` and ``pg_ctl`` from the machine's PostgreSQL server binaries create and start a
cluster in a temporary directory, listening on a free localhost port; :meth:`PgServer.stop`
stops it and removes the directory. PostgreSQL refuses to run as root, so under root the
cluster is run as the ``postgres`` system user (created by Debian's package).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from militancydb.errors import ConfigError


def find_bindir() -> Path:
    """The folder of initdb/pg_ctl: $MILITANCYDB_PG_BINDIR, PATH, or Debian's layout."""
    env = os.environ.get("MILITANCYDB_PG_BINDIR")
    if env:
        return Path(env)
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    raise ConfigError(
        "no PostgreSQL server binaries (initdb, pg_ctl) found; install Debian's "
        "'postgresql' package or set MILITANCYDB_PG_BINDIR"
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PgServer:
    """A running throwaway cluster."""

    root: Path
    port: int
    user: str
    bindir: Path
    run_as: str | None

    def url(self, database: str = "postgres") -> str:
        """SQLAlchemy URL of a database on this server."""
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        cmd = list(args)
        if self.run_as:
            cmd = ["runuser", "-u", self.run_as, "--", *cmd]
        return subprocess.run(cmd, check=True, capture_output=True, text=True)

    def stop(self) -> None:
        """Stop the server and remove its files."""
        try:
            self._run(
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.root / "data"),
                "-m",
                "fast",
                "-w",
                "stop",
            )
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def start_server() -> PgServer:
    """Create and start a cluster; the caller must :meth:`PgServer.stop` it."""
    bindir = find_bindir()
    root = Path(tempfile.mkdtemp(prefix="militancydb-pg-"))
    run_as = None
    user = pwd.getpwuid(os.getuid()).pw_name
    if os.geteuid() == 0:
        run_as, user = "postgres", "postgres"
        entry = pwd.getpwnam(run_as)
        os.chown(root, entry.pw_uid, entry.pw_gid)
    port = _free_port()
    server = PgServer(root=root, port=port, user=user, bindir=bindir, run_as=run_as)
    data = root / "data"
    try:
        server._run(
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            user,
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        opts = (
            f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=50"
        )
        server._run(
            str(bindir / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            opts,
            "-l",
            str(root / "log"),
            "-w",
            "-t",
            "60",
            "start",
        )
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(root, ignore_errors=True)
        raise ConfigError(f"could not start PostgreSQL: {exc.stderr or exc.stdout}") from exc
    for _ in range(50):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server
        except OSError:
            time.sleep(0.1)
    return server
