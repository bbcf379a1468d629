"""How often the project's "last high-profile attack" is the one published statements name.

The reference is ``bench/data/high_profile_statements.yaml`` (issue 14, point 10): statements
of the form "the last major attack in X was Y", each with the day it looks back from, its
place scope (country, province or district) and the attack it names. For each statement the
bench asks the project's answer -- :func:`militancydb.analysis.high_profile.last_high_profile`
before that day in that scope, on the database the command line points at (build it with
``militancydb init``) -- and counts it *reproduced* when the answer's incident falls on the
named attack's date (one day either side for a day, the month or year when the statement
gives only that).

A statement whose day is later than the last incident the database holds is *out of
coverage* (the bundled UCDP data ends in 2021): it is reported, never counted as a failure
or a success. The statements in coverage are split at random (``--seed``, default 14) into
a development half, on which the default definition was calibrated, and a held-out half;
both figures are printed, with the reason for each miss:

- ``not recorded``: no incident in scope on the named date (outside the data's coverage of
  that day or place: geocoded elsewhere, not in UCDP);
- ``not an attack``: recorded, but with an event type that is not an attack (an operation,
  a clash: the event-type rules decide, not the definition);
- ``below the bar``: recorded as an attack that the definition does not call high-profile;
- ``later one chosen``: the definition picked a later attack than the one named.

``--calibrate`` prints a grid of general thresholds (toll by scope, suicide attacks,
assaults on the security forces, national targets) scored on the development half only.

Usage: .venv/bin/python bench/high_profile.py [--db URL] [--definition NAME ...]
       .venv/bin/python bench/high_profile.py --calibrate
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import random
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from militancydb.analysis.data import ATTACKS, Row, load_rows
from militancydb.analysis.high_profile import last_high_profile
from militancydb.analysis.high_profile_defs import (
    DEFAULT_DEFINITION,
    DEFINITIONS,
    HighProfile,
)
from militancydb.db.engine import make_engine, session_scope
from militancydb.db.tables import Incident
from militancydb.domain.dates import earliest, latest
from militancydb.knowledge.loader import Knowledge, load_knowledge
from militancydb.services.incident_filters import build_filter

STATEMENTS = Path(__file__).parent / "data" / "high_profile_statements.yaml"


@dataclass(frozen=True)
class Statement:
    """One published statement of the last major attack."""

    id: str
    before: dt.date
    country: str | None
    province: str | None
    district: str | None
    named: str | None
    what: str

    @property
    def scope(self) -> str:
        return "district" if self.district else "province" if self.province else "country"

    @property
    def where(self) -> str:
        return self.district or self.province or self.country or "?"

    def named_span(self) -> tuple[dt.date, dt.date] | None:
        """The days the named attack may fall on (a day: one day either side)."""
        if not self.named:
            return None
        lo, hi = earliest(self.named), latest(self.named)
        assert lo and hi
        if lo == hi:
            return lo - dt.timedelta(days=1), hi + dt.timedelta(days=1)
        return lo, hi


def read_statements(path: Path = STATEMENTS) -> list[Statement]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    out = []
    for raw in doc["statements"]:
        scope: dict[str, Any] = raw["scope"]
        named = raw["names"].get("date")
        out.append(
            Statement(
                raw["id"],
                raw["before"],
                scope.get("country"),
                scope.get("province"),
                scope.get("district"),
                str(named) if named is not None else None,
                raw["names"]["what"],
            )
        )
    return out


def split(ids: list[str], seed: int) -> tuple[set[str], set[str]]:
    """Development and held-out halves (the development half takes the odd one)."""
    order = sorted(ids)
    random.Random(seed).shuffle(order)
    half = (len(order) + 1) // 2
    return set(order[:half]), set(order[half:])


def scope_rows(s: Session, kb: Knowledge, st: Statement, *, attacks: bool) -> list[Row]:
    flt = build_filter(
        kb,
        date_to=st.before,
        country=st.country,
        province=st.province,
        district=st.district,
        event_types=sorted(ATTACKS) if attacks else None,
    )
    return [r for r in load_rows(s, flt) if r.last_day < st.before]


def pick(rows: list[Row], d: HighProfile, scope: str) -> Row | None:
    """The answer :func:`last_high_profile` gives, from rows already loaded."""
    chosen = [r for r in rows if d.why(r, scope)]
    chosen.sort(key=lambda r: (r.last_day, r.killed or 0, r.id), reverse=True)
    return chosen[0] if chosen else None


def in_span(r: Row | None, span: tuple[dt.date, dt.date] | None) -> bool:
    return r is not None and span is not None and span[0] <= r.date <= span[1]


def why_missed(s: Session, kb: Knowledge, st: Statement, every: list[Row], d: HighProfile) -> str:
    span = st.named_span()
    assert span is not None
    there = [r for r in every if span[0] <= r.date <= span[1]]
    if not there:
        flt = build_filter(
            kb,
            date_from=span[0],
            date_to=span[1],
            country=st.country,
            event_types=sorted(ATTACKS),
        )
        elsewhere = [r for r in load_rows(s, flt) if (r.killed or 0) > 0]
        if elsewhere:
            places = sorted({r.district_name or r.province_name or "?" for r in elsewhere})
            return f"not recorded in scope (attacks that day elsewhere: {', '.join(places[:3])})"
        return "not recorded"
    attacks = [r for r in there if r.event_type in ATTACKS]
    if not attacks:
        kinds = sorted({r.event_type for r in there})
        return f"not an attack ({', '.join(kinds)})"
    if not any(d.why(r, st.scope) for r in attacks):
        return "below the bar"
    return "later one chosen"


def measure(
    s: Session,
    kb: Knowledge,
    statements: list[Statement],
    names: list[str],
    seed: int,
    data_end: dt.date,
    verbose: bool,
) -> None:
    covered = [st for st in statements if st.before <= data_end + dt.timedelta(days=1)]
    outside = [st for st in statements if st not in covered]
    dev, held = split([st.id for st in covered], seed)
    print(
        f"{len(statements)} statements: {len(covered)} in coverage (database ends "
        f"{data_end}), {len(outside)} out of coverage ({len(outside) / len(statements):.0%}): "
        + ", ".join(st.id for st in outside)
    )
    print(f"split (seed {seed}): development {len(dev)}, held-out {len(held)}\n")
    every = {st.id: scope_rows(s, kb, st, attacks=False) for st in covered}
    for name in names:
        d = DEFINITIONS[name]
        hits = {"dev": 0, "held": 0}
        reasons: dict[str, int] = {}
        lines = []
        for st in covered:
            a = last_high_profile(
                s,
                kb,
                st.before,
                country=st.country,
                province=st.province,
                district=st.district,
                definition=d,
            ).incident
            # the bench's own pick from the rows it loaded must be the project's answer
            mine = pick([r for r in every[st.id] if r.event_type in ATTACKS], d, st.scope)
            assert (mine.id if mine else None) == (a.id if a else None), st.id
            ok = in_span(a, st.named_span())
            half = "dev" if st.id in dev else "held"
            hits[half] += ok
            verdict = "reproduced" if ok else why_missed(s, kb, st, every[st.id], d)
            if not ok:
                key = verdict.split(" (")[0]
                reasons[key] = reasons.get(key, 0) + 1
            got = f"{a.date} {a.killed} killed (#{a.id})" if a else "none"
            lines.append(
                f"  {half:4} {st.id:34} {st.where[:11]:11} names {st.named:10} got {got:32} "
                f"{verdict}"
            )
        n_dev, n_held = len(dev), len(held)
        total = hits["dev"] + hits["held"]
        held_as_attack = len(covered) - sum(
            v for k, v in reasons.items() if k.startswith(("not recorded", "not an attack"))
        )
        print(
            f"definition {name}: reproduced {total}/{len(covered)} in coverage "
            f"({total / len(covered):.0%}); development {hits['dev']}/{n_dev} "
            f"({hits['dev'] / n_dev:.0%}), held-out {hits['held']}/{n_held} "
            f"({hits['held'] / n_held:.0%}); misses: "
            + (", ".join(f"{k} {v}" for k, v in sorted(reasons.items())) or "none")
        )
        print(
            f"  where the database holds the named attack as an attack in scope: {total}/"
            f"{held_as_attack} ({total / held_as_attack:.0%})"
        )
        if verbose:
            print("\n".join(lines))
        print()


def calibrate(
    s: Session, kb: Knowledge, statements: list[Statement], seed: int, data_end: dt.date, top: int
) -> None:
    covered = [st for st in statements if st.before <= data_end + dt.timedelta(days=1)]
    dev, _ = split([st.id for st in covered], seed)
    rows = {st.id: scope_rows(s, kb, st, attacks=True) for st in covered if st.id in dev}
    grid = itertools.product(
        (10, 15, 20, 25),
        (5, 10, 15),
        (3, 5, 10),
        (None, 3, 5, 10),
        (None, 1, 5, 10),
        (None, 3, 5, 10),
    )
    scored = []
    for mk, prov, dist, sui, nat, sec in grid:
        if not (dist <= prov <= mk):
            continue
        d = replace(
            DEFINITIONS[DEFAULT_DEFINITION],
            name="grid",
            min_killed=mk,
            min_killed_province=prov,
            min_killed_district=dist,
            min_killed_suicide=sui,
            min_killed_national=nat,
            min_killed_security=sec,
        )
        hits = sum(
            in_span(pick(rows[st.id], d, st.scope), st.named_span())
            for st in covered
            if st.id in dev
        )
        scored.append((hits, mk, prov, dist, sui, nat, sec))
    scored.sort(key=lambda x: (-x[0], [-1 if v is None else v for v in x[1:]]))
    print(
        f"calibration on the development half ({len(dev)} statements); best {top} of "
        f"{len(scored)} (toll country/province/district, suicide, national, security):"
    )
    for hits, *params in scored[:top]:
        print(f"  {hits}/{len(dev)}  {params}")
    worst = scored[-1][0]
    print(f"  (worst grid point: {worst}/{len(dev)})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="database URL (default: the configured one)")
    ap.add_argument("--definition", action="append", choices=sorted(DEFINITIONS))
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--statements", type=Path, default=STATEMENTS)
    ap.add_argument("--calibrate", action="store_true")
    ap.add_argument("--top", type=int, default=12)
    ap.add_argument("-q", "--quiet", action="store_true", help="only the figures")
    args = ap.parse_args()
    statements = read_statements(args.statements)
    with session_scope(make_engine(args.db)) as s:
        kb = load_knowledge(s)
        data_end = s.scalar(select(func.max(Incident.date_start)))
        assert data_end is not None, "empty database: run `militancydb init` first"
        if args.calibrate:
            calibrate(s, kb, statements, args.seed, data_end, args.top)
            return
        names = args.definition or [
            DEFAULT_DEFINITION,
            *(n for n in DEFINITIONS if n != DEFAULT_DEFINITION),
        ]
        measure(s, kb, statements, names, args.seed, data_end, not args.quiet)


if __name__ == "__main__":
    main()
