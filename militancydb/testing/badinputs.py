"""A harness that runs bad command lines against a real database and counts what happened.

Cases are data (a YAML list, ``tests/reliability/bad_inputs.yaml``): each names the issue
point it comes from, the command line, the files it needs, the exit code and the words of
the error expected. :func:`run_case` runs one through the real ``militancydb`` app (Typer's
runner, in this process) and records whether it ended in a clean error (exit code not 0,
an ``error:`` line or Typer's usage message on stderr, no traceback), whether a traceback
escaped, how many rows of the database were lost or changed, and whether a secret showed.

Placeholders in ``args``, ``db`` and ``absent``: ``{db}`` the database URL, ``{tmp}`` a
fresh folder for the case (its ``files`` are written there), ``{incident}`` the id of an
incident the database holds.
"""

from __future__ import annotations

import codecs
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import func, select
from typer.testing import CliRunner

from militancydb.db.engine import make_engine
from militancydb.db.tables import Base


@dataclass(frozen=True)
class Case:
    """One bad command line and what should come of it."""

    id: str
    point: str
    args: list[str]
    exit: int
    stderr: str = ""
    db: str | None = None
    files: dict[str, str] = field(default_factory=dict)
    secret: str | None = None
    absent: list[str] = field(default_factory=list)
    backends: list[str] = field(default_factory=lambda: ["sqlite", "postgresql"])
    note: str = ""


@dataclass
class CaseResult:
    """What running one case did."""

    case: Case
    exit_code: int
    stderr: str
    traceback: bool
    clean: bool
    rows_lost: int
    rows_changed: int
    leaked: bool
    problems: list[str]


@dataclass
class Summary:
    """Counts over many cases (the table of docs/reliability.md)."""

    tried: int = 0
    clean: int = 0
    tracebacks: int = 0
    rows_lost: int = 0
    rows_changed: int = 0
    leaks: int = 0
    unexpected: int = 0

    def add(self, r: CaseResult) -> None:
        """Count one result."""
        self.tried += 1
        self.clean += r.clean
        self.tracebacks += r.traceback
        self.rows_lost += r.rows_lost
        self.rows_changed += r.rows_changed
        self.leaks += r.leaked
        self.unexpected += bool(r.problems)


def load_cases(path: Path) -> list[Case]:
    """The cases of a YAML file (a list of mappings with :class:`Case`'s fields).

    Strings in ``files`` may carry escapes (``\\x00``, ``\\xff``): a file whose text is
    given under ``files`` is written as UTF-8; under ``bytes`` its escapes give raw bytes.
    """
    raw = yaml.safe_load(path.read_text("utf-8")) or []
    cases = []
    for item in raw:
        files = dict(item.pop("files", None) or {})
        for name, text in (item.pop("bytes", None) or {}).items():
            files[name] = "\0bytes:" + text
        cases.append(Case(files=files, **item))
    ids = [c.id for c in cases]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise ValueError(f"{path}: duplicate case ids {sorted(dupes)}")
    return cases


def table_counts(url: str) -> dict[str, int]:
    """Rows in every table of the schema."""
    engine = make_engine(url, must_exist=True)
    try:
        with engine.connect() as conn:
            return {
                t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
                for t in Base.metadata.sorted_tables
            }
    finally:
        engine.dispose()


def _fill(text: str, values: dict[str, str]) -> str:
    for k, v in values.items():
        text = text.replace("{" + k + "}", v)
    return text


def _write(folder: Path, name: str, content: str) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if content.startswith("\0bytes:"):
        data, _ = codecs.escape_decode(content[len("\0bytes:") :].encode("latin-1"))
        path.write_bytes(data)
    else:
        path.write_text(content, encoding="utf-8")


def run_case(case: Case, db_url: str, folder: Path, values: dict[str, str]) -> CaseResult:
    """Run one case on the database at ``db_url`` (see the module docstring)."""
    from militancydb.cli.main import app

    folder.mkdir(parents=True, exist_ok=True)
    subs = {"db": db_url, "tmp": str(folder), **values}
    for name, content in case.files.items():
        _write(folder, _fill(name, subs), content)
    db = _fill(case.db, subs) if case.db is not None else db_url
    args = ["--db", db, "--user", "harness", *(_fill(a, subs) for a in case.args)]
    before = table_counts(db_url)
    result = CliRunner().invoke(app, args, catch_exceptions=True)
    after = table_counts(db_url)
    stderr = result.stderr
    output = result.stdout + stderr
    escaped = result.exception is not None and not isinstance(result.exception, SystemExit)
    traceback = escaped or "Traceback (most recent call last)" in output
    lines = [line for line in stderr.splitlines() if line.strip()]
    usage = result.exit_code == 2 and ("Usage:" in stderr or "Try '" in stderr)
    said = bool(lines) and (lines[0].startswith("error: ") or usage)
    clean = not traceback and (
        (result.exit_code != 0 and said) or (case.exit == 0 and result.exit_code == 0)
    )
    lost = sum(max(0, before[t] - after[t]) for t in before)
    changed = sum(abs(before[t] - after[t]) for t in before)
    leaked = case.secret is not None and case.secret != "" and case.secret in output
    problems = []
    if result.exit_code != case.exit:
        problems.append(f"exit {result.exit_code}, expected {case.exit}")
    expected = " ".join(_fill(case.stderr, subs).split()).lower()
    if expected and expected not in " ".join(stderr.split()).lower():
        problems.append(f"stderr lacks {expected!r}")
    for p in case.absent:
        if Path(_fill(p, subs)).exists():
            problems.append(f"{_fill(p, subs)} was created")
    if not clean:
        problems.append("not a clean error")
    if changed:
        problems.append(f"{changed} row(s) changed")
    if leaked:
        problems.append("the secret was shown")
    return CaseResult(
        case, result.exit_code, stderr, traceback, clean, lost, changed, leaked, problems
    )


def prepare_database(url: str) -> dict[str, str]:
    """Give a database (schema and knowledge loaded) an incident and a claim for the cases
    to aim at; the placeholder values."""
    from militancydb.db.engine import session_scope
    from militancydb.knowledge.loader import load_knowledge
    from militancydb.services.claims import add_claim
    from militancydb.services.history import Editor
    from militancydb.services.incidents import create_incident, get_incident

    engine = make_engine(url, must_exist=True)
    editor = Editor(user="harness")
    with session_scope(engine) as s:
        kb = load_knowledge(s)
        inc = create_incident(
            s,
            {
                "date_start": "2016-08-08",
                "event_type": "militant_attack",
                "province": "Balochistan",
                "district": "Quetta",
                "casualties": [{"category": "total", "best": 75}],
                "summary": "Bombing at the Civil Hospital",
            },
            kb,
            editor,
        )
        add_claim(s, {"claimant": "TTP", "incident_id": inc.id}, kb, editor)
        version = get_incident(s, inc.id).version
    path = engine.url.database or ""
    engine.dispose()
    return {"incident": str(inc.id), "version": str(version), "db_file": path}


def run_cases(
    cases: Sequence[Case], backend: str, url: str, folder: Path
) -> list[tuple[str, CaseResult]]:
    """Run every case meant for ``backend`` on a database prepared by
    :func:`prepare_database`."""
    values = prepare_database(url)
    return [
        (backend, run_case(c, url, folder / c.id, values)) for c in cases if backend in c.backends
    ]


def markdown_table(results: Sequence[tuple[str, CaseResult]]) -> str:
    """Outcome counts per issue point and backend, as a Markdown table."""
    groups: dict[tuple[str, str], Summary] = {}
    total: dict[str, Summary] = {}
    for backend, r in results:
        groups.setdefault((r.case.point, backend), Summary()).add(r)
        total.setdefault(backend, Summary()).add(r)
    head = (
        "| issue point | backend | tried | clean outcomes | tracebacks | rows lost | "
        "rows changed | secrets shown |\n|---|---|---:|---:|---:|---:|---:|---:|\n"
    )
    body = ""
    for (point, backend), s in sorted(groups.items()):
        body += _row(point, backend, s)
    for backend, s in sorted(total.items()):
        body += _row("**all**", backend, s)
    return head + body


def _row(point: str, backend: str, s: Summary) -> str:
    return (
        f"| {point} | {backend} | {s.tried} | {s.clean} | {s.tracebacks} | {s.rows_lost} | "
        f"{s.rows_changed} | {s.leaks} |\n"
    )


def describe(results: Sequence[tuple[str, CaseResult]]) -> list[dict[str, Any]]:
    """Each result as a plain mapping (for a failing test's message)."""
    return [
        {
            "backend": b,
            "id": r.case.id,
            "exit": r.exit_code,
            "problems": r.problems,
            "stderr": r.stderr[-500:],
        }
        for b, r in results
        if r.problems
    ]
