"""Accuracy of the town-to-district method against UCDP's own districts.

No open district polygons exist offline, so the gazetteer gives a point its district by a
documented method (``PlaceTree.admin_of_point``): the province is the Natural Earth polygon
that contains the point, and the district is the one, among that province's districts on the
day, whose headquarters is nearest.

The check: every row of the bundled UCDP GED file with coordinates, a precise location
(``where_prec`` 1 = exact, 2 = within about 25 km) and an ``adm_2``. The district the method
gives on the event date is compared with the district UCDP's ``adm_2`` resolves to on that
date (so that "Khyber agency" in 2010 is the agency and in 2019 the district of Khyber
Pakhtunkhwa). Reported: accuracy over events and over distinct points (many events share
one point, e.g. "Karachi town"), per province, and the main confusions.

Usage: .venv/bin/python bench/district_method.py [--top 20]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass

from militancydb.knowledge.gazetteer import Gazetteer
from militancydb.knowledge.shipped import read_shipped, resolve_ucdp_admin, ucdp_rows


@dataclass(frozen=True)
class Check:
    """One UCDP event: where UCDP puts it and where the method puts it."""

    point: tuple[float, float]
    day: dt.date
    province: str  # the truth district's province on the day
    truth: str
    method: str | None
    method_province: str | None


def checks(gaz: Gazetteer) -> tuple[list[Check], Counter[str]]:
    """The comparable events, and why the others were left out."""
    out: list[Check] = []
    skipped: Counter[str] = Counter()
    cache: dict[tuple[str, str], tuple[str | None, str | None]] = {}
    for row in ucdp_rows():
        if row["where_prec"] not in ("1", "2"):
            skipped["where_prec 3-7 (not a precise point)"] += 1
            continue
        if not row["adm_2"].strip():
            skipped["no adm_2"] += 1
            continue
        if not row["latitude"]:
            skipped["no coordinates"] += 1
            continue
        day = dt.date.fromisoformat(row["date_start"][:10])
        lat, lon = float(row["latitude"]), float(row["longitude"])
        names = (row["adm_1"], row["adm_2"])
        if names not in cache:
            cache[names] = resolve_ucdp_admin(gaz, *names)
        _, district = cache[names]
        if district is None:
            skipped[f"adm_2 not resolved: {row['adm_2']!r}"] += 1
            continue
        truth = gaz.at_date(district, day)
        truth_admin = gaz.admin_of(truth, day)
        got = gaz.admin_of_point(lat, lon, day)
        out.append(
            Check((lat, lon), day, truth_admin.province or "?", truth, got.district, got.province)
        )
    return out, skipped


def within_split(gaz: Gazetteer, c: Check) -> bool:
    """Whether the method's district is a successor of UCDP's district, split by the day."""
    p = gaz.places[c.truth]
    return c.method is not None and not p.valid_on(c.day) and c.method in p.successors


def pct(n: int, d: int) -> str:
    return f"{100 * n / d:5.1f}%" if d else "    –"


def name(gaz: Gazetteer, key: str | None) -> str:
    if key is None:
        return "(none)"
    p = gaz.get(key)
    return p.name if p else key


def report(gaz: Gazetteer, top: int) -> None:
    cs, skipped = checks(gaz)
    ok = sum(c.truth == c.method for c in cs)
    print("Town -> district method (nearest district headquarters within the province polygon)")
    print(f"UCDP events with where_prec 1-2, coordinates and an adm_2: {len(cs):,}")
    print(f"  district right: {ok:,} ({pct(ok, len(cs)).strip()})")
    split = sum(c.truth != c.method and within_split(gaz, c) for c in cs)
    print(
        f"  + method's district is part of UCDP's district that had been split by then "
        f"(UCDP's undivided 'Karachi district' after 2011): {split:,}; right or within: "
        f"{ok + split:,} ({pct(ok + split, len(cs)).strip()})"
    )
    blind = sum(gaz.places[c.truth].lat is None for c in cs)
    print(
        f"  events whose UCDP district has no headquarters coordinates in the gazetteer "
        f"(the method cannot choose it): {blind:,} ({pct(blind, len(cs)).strip()})"
    )
    seen = [c for c in cs if gaz.places[c.truth].lat is not None]
    ok_seen = sum(c.truth == c.method for c in seen)
    print(
        f"  district right where UCDP's district has headquarters coordinates: {ok_seen:,} of "
        f"{len(seen):,} ({pct(ok_seen, len(seen)).strip()})"
    )
    same_prov = sum(c.method_province == c.province for c in cs)
    print(f"  province right (polygon): {same_prov:,} ({pct(same_prov, len(cs)).strip()})")
    points: dict[tuple[tuple[float, float], str], bool] = {}
    for c in cs:
        points[(c.point, c.truth)] = c.truth == c.method
    p_ok = sum(points.values())
    print(
        f"  distinct (point, district) pairs: {len(points):,}; district right: {p_ok:,} "
        f"({pct(p_ok, len(points)).strip()})"
    )
    for why, n in skipped.most_common():
        print(f"  left out: {n:>5}  {why}")

    print(
        f"\n{'province (on the event date)':<44}{'events':>8}{'right':>9}{'points':>8}{'right':>9}"
    )
    by_prov: dict[str, list[Check]] = defaultdict(list)
    for c in cs:
        by_prov[c.province].append(c)
    for prov, items in sorted(by_prov.items(), key=lambda kv: -len(kv[1])):
        right = sum(c.truth == c.method for c in items)
        pts = {(c.point, c.truth): c.truth == c.method for c in items}
        print(
            f"{name(gaz, prov) + ' [' + prov + ']':<44}{len(items):>8}"
            f"{pct(right, len(items)):>9}{len(pts):>8}{pct(sum(pts.values()), len(pts)):>9}"
        )

    wrong = Counter((c.truth, c.method) for c in cs if c.truth != c.method)
    wrong_pts = Counter((k[1], None) for k, v in points.items() if not v)
    print(f"\nMain confusions (UCDP district -> method's district), top {top} by events")
    for (truth, got), n in wrong.most_common(top):
        print(f"  {n:>5}  {name(gaz, truth)} [{truth}] -> {name(gaz, got)} [{got}]")
    print(f"\nDistricts with the most wrongly placed distinct points (top {min(top, 10)})")
    for (truth, _), n in wrong_pts.most_common(min(top, 10)):
        print(f"  {n:>5}  {name(gaz, truth)} [{truth}]")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--top", type=int, default=20)
    args = ap.parse_args(argv)
    k = read_shipped()
    report(Gazetteer(places=dict(k.places), stoplist=k.stoplist), args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
