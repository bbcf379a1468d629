"""Run every bad command line of tests/reliability/bad_inputs.yaml on a fresh SQLite database
and a fresh PostgreSQL database (a throwaway server), and print the outcome table of
docs/reliability.md.

Usage: python scripts/reliability_table.py [--backend sqlite|postgresql ...] [--cases FILE]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from sqlalchemy import text

from militancydb.db.engine import make_engine, session_scope, upgrade
from militancydb.knowledge.loader import load_shipped
from militancydb.testing.badinputs import CaseResult, load_cases, markdown_table, run_cases
from militancydb.testing.pgserver import start_server

CASES = Path(__file__).resolve().parent.parent / "tests" / "reliability" / "bad_inputs.yaml"


def _build(url: str) -> None:
    engine = make_engine(url)
    upgrade(engine)
    with session_scope(engine) as s:
        load_shipped(s)
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", action="append", choices=("sqlite", "postgresql"))
    parser.add_argument("--cases", type=Path, default=CASES)
    args = parser.parse_args()
    backends = args.backend or ["sqlite", "postgresql"]
    cases = load_cases(args.cases)
    results: list[tuple[str, CaseResult]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if "sqlite" in backends:
            url = f"sqlite:///{folder / 'harness.db'}"
            _build(url)
            results += run_cases(cases, "sqlite", url, folder / "sqlite")
        if "postgresql" in backends:
            server = start_server()
            try:
                admin = make_engine(server.url()).execution_options(isolation_level="AUTOCOMMIT")
                with admin.connect() as c:
                    c.execute(text("CREATE DATABASE harness"))
                admin.dispose()
                _build(server.url("harness"))
                results += run_cases(cases, "postgresql", server.url("harness"), folder / "pg")
            finally:
                server.stop()
    sys.stdout.write(markdown_table(results))
    for backend, r in results:
        if r.problems:
            sys.stdout.write(f"\n{backend} {r.case.id}: {'; '.join(r.problems)}")


if __name__ == "__main__":
    main()
