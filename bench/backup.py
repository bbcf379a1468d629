"""Time backup and restore of a militancydb SQLite database (in-process, without the
command's start-up), in both formats.

Usage: python bench/backup.py DATABASE.db
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from militancydb.db.engine import make_engine
from militancydb.services.backup import BackupFormat, backup, restore


def main() -> None:
    source = Path(sys.argv[1])
    engine = make_engine(f"sqlite:///{source}", must_exist=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for fmt in (BackupFormat.SQLITE, BackupFormat.PORTABLE):
            file = folder / f"backup.{fmt.value}"
            started = time.perf_counter()
            made = backup(engine, file, fmt)
            took = time.perf_counter() - started
            size = file.stat().st_size / 1e6
            print(f"backup {fmt.value}: {made.rows:,} rows, {size:.1f} MB, {took:.1f} s")  # noqa: T201
            target = make_engine(f"sqlite:///{folder / f'restored-{fmt.value}.db'}")
            started = time.perf_counter()
            done = restore(target, file, confirm_replace=lambda _n: None)
            took = time.perf_counter() - started
            print(f"restore {fmt.value} into SQLite: {done.rows:,} rows, {took:.1f} s")  # noqa: T201
            target.dispose()
    engine.dispose()


if __name__ == "__main__":
    main()
