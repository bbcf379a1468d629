"""Issue 9, points 2-9 (and scopes 6, 7): every bad command line of
``bad_inputs.yaml`` ends in a clean error with its documented exit code, on SQLite and on
PostgreSQL; no traceback, no row lost or changed, no secret shown."""

from __future__ import annotations

from pathlib import Path

from militancydb.testing.badinputs import Summary, describe, load_cases, run_cases

CASES = load_cases(Path(__file__).with_name("bad_inputs.yaml"))


def test_the_case_list_is_well_formed() -> None:
    assert len(CASES) >= 40
    assert all(c.exit in (0, 1, 2, 3, 4, 130) for c in CASES)


def test_every_bad_input_ends_in_a_clean_error(backend: str, db_url: str, tmp_path: Path) -> None:
    results = run_cases(CASES, backend, db_url, tmp_path)
    summary = Summary()
    for _, r in results:
        summary.add(r)
    assert summary.tried == len([c for c in CASES if backend in c.backends])
    assert summary.tracebacks == 0, describe(results)
    assert summary.rows_lost == 0, describe(results)
    assert summary.leaks == 0, describe(results)
    assert summary.unexpected == 0, describe(results)
    assert summary.clean == summary.tried
