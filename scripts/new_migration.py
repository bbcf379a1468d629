"""Autogenerate a migration from the difference between the tables and a database at head.

Usage: python scripts/new_migration.py "what changed" [--rev-id 0002]
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
from pathlib import Path

from alembic import command

from militancydb.db.engine import alembic_config, make_engine, upgrade


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("message")
    parser.add_argument("--rev-id")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine("sqlite:///" + str(Path(tmp) / "m.db"))
        upgrade(engine)
        script = command.revision(
            alembic_config(engine), message=args.message, autogenerate=True, rev_id=args.rev_id
        )
    # Alembic renders JSONB's astext_type without importing Text; point it at sa.Text.
    for one in script if isinstance(script, list) else [script]:
        if one is None:
            continue
        path = Path(one.path)
        path.write_text(path.read_text().replace("astext_type=Text()", "astext_type=sa.Text()"))
        subprocess.run(["ruff", "format", str(path)], check=False)
        subprocess.run(["ruff", "check", "--fix", "-q", str(path)], check=False)


if __name__ == "__main__":
    main()
