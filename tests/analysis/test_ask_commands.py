"""``militancydb ask`` on the database the README's first command builds (bundled UCDP data
and seeds): the answers are recomputed here with plain SQL and compared with the CLI's.

The documented default definition of a high-profile attack ('analyst'), for a question about
the whole country: an attack -- militant, sectarian, sabotage or kidnapping event; not an
operation, drone strike or clash -- that killed at least 15, or a suicide attack that killed
at least 5, or an assault (armed assault, raid, suicide bombing, car bomb) on the security
forces that killed at least 10, or an attack on national targets (judiciary, government
officials, foreigners, political workers) that killed at least 5; wholly before the date; the
latest possible day first, then more killed, then the higher id.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine, bindparam, text
from sqlalchemy.orm import Session
from typer.testing import CliRunner, Result

from militancydb.cli.main import app
from militancydb.db.engine import make_engine, session_scope

runner = CliRunner()
ATTACK_TYPES = ("militant_attack", "sectarian_attack", "sabotage", "kidnapping")
NATIONAL = {"judiciary", "government_officials", "foreigners", "political_workers"}
SECURITY = {"army", "police", "security_forces", "frontier_corps", "rangers", "khasadar"}
ASSAULT = {"armed_assault", "raid", "suicide_bombing", "vbied"}
BEFORE = dt.date(2016, 8, 8)
ON = dt.date(2016, 8, 31)
VERDICTS = ("OPERATIONAL", "EMERGING", "NO RECORD")


@pytest.fixture
def init_url(shared_ucdp_db_url: str) -> str:
    """The database the README's first command builds, shared by the tests of this folder."""
    return shared_ucdp_db_url


@pytest.fixture
def ucdp_engine(init_url: str) -> Iterator[Engine]:
    eng = make_engine(init_url)
    yield eng
    eng.dispose()


def ask(url: str, *args: str) -> str:
    result: Result = runner.invoke(
        app, ["ask", *args], env={"MILITANCYDB_DATABASE_URL": url, "COLUMNS": "400"}
    )
    assert result.exit_code == 0, result.output
    return result.output


def expanding(sql: str, *names: str) -> object:
    return text(sql).bindparams(*(bindparam(n, expanding=True) for n in names))


# --- last high-profile attack -------------------------------------------------------------


@dataclass(frozen=True)
class Attack:
    id: int
    date: dt.date
    last_day: dt.date
    killed: int
    place: str | None
    district: str | None
    province: str | None


def last_day(start: dt.date, end: dt.date | None, precision: str) -> dt.date:
    if end is not None:
        return end
    if precision == "month":
        return start.replace(day=calendar.monthrange(start.year, start.month)[1])
    if precision == "year":
        return dt.date(start.year, 12, 31)
    if precision == "week":
        return start + dt.timedelta(days=6)
    return start


def as_date(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def high_profile_attacks(s: Session, before: dt.date) -> list[Attack]:
    """Attacks in Pakistan starting before ``before`` that meet the definition, by SQL."""
    rows = s.execute(
        expanding(
            "SELECT id, date_start, date_end, date_precision, suicide, place_name, admin2_name, "
            "admin1_name FROM incidents WHERE deleted = :no AND country = 'PK' "
            "AND date_start < :before AND event_type IN :types",
            "types",
        ),
        {"no": False, "before": before, "types": list(ATTACK_TYPES)},
    ).all()
    ids = [r.id for r in rows]
    killed: dict[int, dict[str, int]] = defaultdict(dict)
    for iid, category, best in s.execute(
        expanding(
            "SELECT incident_id, category, best FROM casualty_figures "
            "WHERE outcome = 'killed' AND best IS NOT NULL AND incident_id IN :ids",
            "ids",
        ),
        {"ids": ids},
    ):
        killed[iid][category] = best
    tactics: dict[int, set[str]] = defaultdict(set)
    for iid, tactic in s.execute(
        expanding(
            "SELECT incident_id, tactic FROM incident_tactics WHERE incident_id IN :ids", "ids"
        ),
        {"ids": ids},
    ):
        tactics[iid].add(tactic)
    targets: dict[int, set[str]] = defaultdict(set)
    for iid, target in s.execute(
        expanding(
            "SELECT incident_id, target_type FROM incident_targets WHERE incident_id IN :ids",
            "ids",
        ),
        {"ids": ids},
    ):
        targets[iid].add(target)
    out = []
    for r in rows:
        figures = killed[r.id]
        k = figures.get("total", sum(figures.values()))
        suicide = bool(r.suicide) or "suicide_bombing" in tactics[r.id]
        # the default definition, 'analyst', for a question about the whole country
        assault = targets[r.id] & SECURITY and tactics[r.id] & ASSAULT
        if (
            k >= 15
            or (suicide and k >= 5)
            or (targets[r.id] & NATIONAL and k >= 5)
            or (assault and k >= 10)
        ):
            start = as_date(r.date_start)
            end = as_date(r.date_end) if r.date_end is not None else None
            stop = last_day(start, end, r.date_precision)
            if stop < before:
                out.append(Attack(r.id, start, stop, k, r.place_name, r.admin2_name, r.admin1_name))
    return sorted(out, key=lambda a: (a.last_day, a.killed, a.id), reverse=True)


def plus_months(day: dt.date, n: int) -> dt.date:
    y, m = divmod(day.month - 1 + n, 12)
    return dt.date(day.year + y, m + 1, min(day.day, calendar.monthrange(day.year + y, m + 1)[1]))


def months_since(day: dt.date, later: dt.date) -> tuple[int, int]:
    months = 0
    while plus_months(day, months + 1) <= later:
        months += 1
    return months, (later - plus_months(day, months)).days


SENTENCE = re.compile(
    r"carried out (\d+) months? and (\d+) days? earlier, on (\d{4}-\d\d-\d\d), in (.+?) \("
    r".*incident (\d+)\)"
)


def test_last_high_profile_names_the_attack_the_definition_gives(
    init_url: str, ucdp_engine: Engine
) -> None:
    with session_scope(ucdp_engine) as s:
        expected = high_profile_attacks(s, BEFORE)
    assert expected, "the bundled data holds high-profile attacks before August 2016"
    top = expected[0]
    out = ask(init_url, "last-high-profile", "--before", "2016-08-08", "--country", "PK")
    m = SENTENCE.search(" ".join(out.split()))
    assert m, out
    months, days, date, where, iid = m.groups()
    assert int(iid) == top.id
    assert date == top.date.isoformat()
    assert (int(months), int(days)) == months_since(top.date, BEFORE)
    assert top.province is not None and top.province in where
    assert (top.place or top.district or "") in where


def test_last_high_profile_lists_the_runners_up_in_order(
    init_url: str, ucdp_engine: Engine
) -> None:
    with session_scope(ucdp_engine) as s:
        expected = high_profile_attacks(s, BEFORE)
    out = ask(init_url, "last-high-profile", "--before", "2016-08-08", "--country", "PK")
    table = out.split("The high-profile attacks before it", 1)[1]
    listed = [int(x) for x in re.findall(r"^│ (\d+) ", table, flags=re.M)]
    assert listed == [a.id for a in expected[1:6]]


def test_last_high_profile_states_its_definition(init_url: str) -> None:
    out = " ".join(
        ask(init_url, "last-high-profile", "--before", "2016-08-08", "--country", "PK").split()
    )
    assert "definition: an attack by militants (not an operation, drone strike or clash)" in out
    for part in (
        "killed at least 15 (10 in a province, 5 in a district or city)",
        "a suicide attack that killed at least 5",
        "(analyst)",
    ):
        assert part in out
    assert re.search(r"or an attack on [a-z_, ]*judiciary[a-z_, ]* that killed at least 5", out)
    assert "why high-profile:" in out


# --- has the Islamic State become operational in Pakistan? -------------------------------


def is_family(s: Session) -> list[str]:
    rows = s.execute(text("SELECT key, parent_key FROM actors")).all()
    family = {"islamic-state"}
    while more := {k for k, p in rows if p in family} - family:
        family |= more
    return sorted(family)


def attributed(s: Session, family: list[str], since: dt.date | None, until: dt.date) -> set[int]:
    """Attacks in Pakistan that datasets or officials attribute to the family, by SQL."""
    sql = (
        "SELECT DISTINCT i.id FROM incidents i JOIN incident_actors a ON a.incident_id = i.id "
        "WHERE a.actor_key IN :keys AND a.role = 'perpetrator' AND a.basis <> 'claimed' "
        "AND i.deleted = :no AND i.country = 'PK' AND i.event_type IN :types "
        "AND i.date_start <= :until" + (" AND i.date_start > :since" if since else "")
    )
    params = {"keys": family, "no": False, "types": list(ATTACK_TYPES), "until": until}
    if since:
        params["since"] = since
    return set(s.scalars(expanding(sql, "keys", "types"), params))


def own_claims(s: Session, family: list[str], since: dt.date, until: dt.date) -> int:
    """Pakistani incidents dated within the window that the family claimed (an incident
    claimed by two chapters counts once)."""
    return int(
        s.execute(
            expanding(
                "SELECT COUNT(DISTINCT i.id) FROM claims c "
                "JOIN incidents i ON i.id = c.incident_id "
                "WHERE c.claimant_key IN :keys AND c.kind = 'claim' AND c.deleted = :no "
                "AND c.status NOT IN ('retracted', 'rejected') AND i.deleted = :no "
                "AND i.country = 'PK' AND i.date_start > :since AND i.date_start <= :until",
                "keys",
            ),
            {"keys": family, "no": False, "since": since, "until": until},
        ).scalar_one()
    )


OPERATIONAL = ("operational", "--actor", "Islamic State", "--country", "PK", "--on", "2016-08-31")


def test_operational_answers_with_a_verdict_and_its_reasons(init_url: str) -> None:
    out = ask(init_url, *OPERATIONAL)
    head = out.splitlines()[0]
    m = re.fullmatch(r"Islamic State in PK as of 2016-08-31: (.+)", head.strip())
    assert m and m.group(1) in VERDICTS, head
    reasons = [line.strip()[2:] for line in out.splitlines()[1:] if line.startswith("  - ")]
    assert any("claim" in r for r in reasons)
    assert any("attributed" in r for r in reasons)


def test_operational_counts_agree_with_the_database(init_url: str, ucdp_engine: Engine) -> None:
    window = ON - dt.timedelta(days=365)
    with session_scope(ucdp_engine) as s:
        family = is_family(s)
        recent = attributed(s, family, window, ON)
        ever = attributed(s, family, None, ON)
        claims = own_claims(s, family, window, ON)
        claims_ever = own_claims(s, family, dt.date(1947, 1, 1), ON)
    flat = " ".join(ask(init_url, *OPERATIONAL).split())
    m = re.search(
        r"(\d+) attack\(s\) claimed uncontested and (\d+) claimed but contested, "
        r"through the group's own channels; "
        r"(\d+) attack\(s\) attributed by datasets or officials; (\d+) confirmed",
        flat,
    )
    assert m, flat
    uncontested, contested, n_attributed, confirmed = map(int, m.groups())
    assert n_attributed == len(recent)
    assert uncontested + contested == claims
    verdict = (
        "OPERATIONAL"
        if confirmed or uncontested >= 2 or n_attributed >= 3
        else "EMERGING"
        if claims_ever or ever
        else "NO RECORD"
    )
    assert f"Islamic State in PK as of 2016-08-31: {verdict}" in flat
    by_year = re.findall(r"│ (\d{4}) │ +(\d+) │ +(\d+) │ +(\d+) │", flat)
    assert sum(int(a) for _, _, a, _ in by_year) == len(ever)
