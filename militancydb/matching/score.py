"""Pure scoring of two incidents (no database): date, place, kind, casualties, identity.

Each factor returns a :class:`MatchReason` (or nothing when it cannot tell); the sum decides
by the thresholds of :class:`MatchRules`. See ``docs/matching.md`` for the table.
"""

from __future__ import annotations

import math

from militancydb.matching.settings import MatchRules, configured_rules
from militancydb.matching.types import Decision, MatchCandidate, MatchReason, MatchScore

POINT_PRECISIONS = ("exact", "near", "district", "province")


def day_gap(a: MatchCandidate, b: MatchCandidate, rules: MatchRules) -> tuple[int, int]:
    """Days between the two date ranges: (gap without precision slack, gap with it)."""
    raw = max((b.date_start - a.last_day).days, (a.date_start - b.last_day).days, 0)
    slack = rules.slack_days.get(a.date_precision, 0) + rules.slack_days.get(b.date_precision, 0)
    return raw, max(raw - slack, 0)


def within_window(a: MatchCandidate, b: MatchCandidate, rules: MatchRules) -> bool:
    """Whether two incidents are close enough in time to be compared at all."""
    return day_gap(a, b, rules)[1] <= rules.window_days


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def date_reason(a: MatchCandidate, b: MatchCandidate, rules: MatchRules) -> MatchReason:
    raw, gap = day_gap(a, b, rules)
    exact = a.date_precision == "day" and b.date_precision == "day"
    if gap > rules.window_days:
        return MatchReason("date", -100, f"{raw} days apart, beyond the window")
    if exact or raw == gap:
        pts = rules.points_by_gap[min(gap, len(rules.points_by_gap) - 1)]
        return MatchReason("date", pts, "same day" if raw == 0 else f"{raw} day(s) apart")
    return MatchReason("date", rules.coarse_overlap, "overlap only within date precision")


def _usable_point(c: MatchCandidate) -> bool:
    return (
        c.latitude is not None and c.longitude is not None and c.geo_precision in POINT_PRECISIONS
    )


def has_place(c: MatchCandidate) -> bool:
    """Whether the incident says where it happened (a point, district or province)."""
    return _usable_point(c) or bool(c.place_key or c.admin2_key or c.admin1_key)


def place_reason(a: MatchCandidate, b: MatchCandidate, rules: MatchRules) -> MatchReason | None:
    if a.place_key and a.place_key == b.place_key:
        return MatchReason("place", rules.same_place_key, f"same place {a.place_key}")
    if _usable_point(a) and _usable_point(b):
        assert a.latitude is not None and a.longitude is not None
        assert b.latitude is not None and b.longitude is not None
        d = haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)
        tol = rules.radius_km[a.geo_precision] + rules.radius_km[b.geo_precision] + 5
        if d <= tol:
            return MatchReason("place", rules.near_points, f"{d:.0f} km apart")
        if d <= 2 * tol:
            return MatchReason("place", rules.close_points, f"{d:.0f} km apart")
        if d > 3 * tol + 50:
            if a.admin2_key and a.admin2_key == b.admin2_key:
                # datasets often put an event at its district's (agency's) point and call it
                # exact: a shared district outweighs distant points
                return MatchReason(
                    "place", rules.same_district, f"same district {a.admin2_key}, {d:.0f} km apart"
                )
            return MatchReason("place", rules.far_penalty, f"{d:.0f} km apart")
    if a.admin2_key and b.admin2_key:
        if a.admin2_key == b.admin2_key:
            return MatchReason("place", rules.same_district, f"same district {a.admin2_key}")
        if a.admin1_key == b.admin1_key:
            return MatchReason(
                "place", rules.other_district, f"districts differ ({a.admin2_key}, {b.admin2_key})"
            )
    if a.admin1_key and b.admin1_key:
        if a.admin1_key == b.admin1_key:
            return MatchReason("place", rules.same_province, f"same province {a.admin1_key}")
        return MatchReason(
            "place", rules.other_province, f"provinces differ ({a.admin1_key}, {b.admin1_key})"
        )
    return None


def _families(event: str, rules: MatchRules) -> set[str]:
    return {name for name, members in rules.families.items() if event in members}


def event_reasons(a: MatchCandidate, b: MatchCandidate, rules: MatchRules) -> list[MatchReason]:
    out: list[MatchReason] = []
    if a.event_type and b.event_type:
        if a.event_type == b.event_type:
            out.append(MatchReason("event type", rules.same_type, f"both {a.event_type}"))
        elif _families(a.event_type, rules) & _families(b.event_type, rules):
            out.append(
                MatchReason("event type", rules.same_family, f"{a.event_type} ~ {b.event_type}")
            )
        elif a.event_type not in rules.neutral and b.event_type not in rules.neutral:
            out.append(
                MatchReason("event type", rules.conflicting, f"{a.event_type} vs {b.event_type}")
            )
    if a.suicide is True and b.suicide is True:
        out.append(MatchReason("suicide", rules.suicide_both, "both suicide attacks"))
    elif a.suicide is not None and b.suicide is not None and a.suicide != b.suicide:
        out.append(MatchReason("suicide", rules.suicide_conflict, "one is a suicide attack"))
    shared = sorted(a.tactics & b.tactics)
    if shared:
        out.append(MatchReason("tactic", rules.shared_tactic, "shared " + ", ".join(shared)))
    return out


def _range(c: MatchCandidate) -> tuple[int, int, int] | None:
    best = c.killed_best
    if best is None:
        best = c.killed_high if c.killed_low is None else c.killed_low
    if best is None:
        return None
    low = c.killed_low if c.killed_low is not None else best
    high = c.killed_high if c.killed_high is not None else best
    return min(low, best), best, max(high, best)


def killed_reason(a: MatchCandidate, b: MatchCandidate, rules: MatchRules) -> MatchReason | None:
    ra, rb = _range(a), _range(b)
    if ra is None or rb is None:
        return None
    (la, ba, ha), (lb, bb, hb) = ra, rb
    detail = f"killed {ba} vs {bb}"
    if ba == 0 and bb == 0:
        return MatchReason("killed", rules.killed_both_zero, detail)
    if ba == bb or la <= bb <= ha or lb <= ba <= hb:
        return MatchReason("killed", rules.killed_equal, detail)
    big, small = max(ba, bb), min(ba, bb)
    diff = (big - small) / big
    if diff <= 0.25:
        return MatchReason("killed", rules.killed_within_25pct, detail)
    if diff <= 0.5:
        return MatchReason("killed", rules.killed_within_50pct, detail)
    if big >= 5 and big > 3 * small:
        return MatchReason("killed", rules.killed_far_apart, detail)
    return None


def identity_reasons(a: MatchCandidate, b: MatchCandidate, rules: MatchRules) -> list[MatchReason]:
    out: list[MatchReason] = []
    shared = a.external_ids & b.external_ids
    if shared:
        s, i = sorted(shared)[0]
        out.append(MatchReason("external id", rules.shared_external_id, f"both {s} {i}"))
        return out
    systems_a = {s for s, _ in a.external_ids}
    clash = sorted(systems_a & {s for s, _ in b.external_ids})
    if clash:
        out.append(
            MatchReason(
                "external id", rules.same_system_other_id, f"two different {clash[0]} records"
            )
        )
    urls = a.source_urls & b.source_urls
    if urls:
        out.append(MatchReason("source", rules.shared_source_url, f"shared source {min(urls)}"))
    return out


def score_pair(a: MatchCandidate, b: MatchCandidate, rules: MatchRules | None = None) -> MatchScore:
    """Compare two incidents: the score, the advice and every factor that counted."""
    rules = rules or configured_rules()
    reasons: list[MatchReason] = [date_reason(a, b, rules)]
    place = place_reason(a, b, rules)
    if place is not None:
        reasons.append(place)
    reasons += event_reasons(a, b, rules)
    killed = killed_reason(a, b, rules)
    if killed is not None:
        reasons.append(killed)
    reasons += identity_reasons(a, b, rules)
    total = sum(r.points for r in reasons)
    if total >= rules.merge:
        decision = Decision.MERGE
        if not (has_place(a) and has_place(b)) and not (a.external_ids & b.external_ids):
            decision = Decision.REVIEW
            reasons.append(MatchReason("place", 0, "no usable place: review, not merge"))
    elif total >= rules.review:
        decision = Decision.REVIEW
    else:
        decision = Decision.DISTINCT
    return MatchScore(total, decision, tuple(reasons))


def rank(
    candidate: MatchCandidate,
    held: list[MatchCandidate],
    rules: MatchRules | None = None,
    *,
    include_distinct: bool = False,
) -> list[tuple[MatchCandidate, MatchScore]]:
    """The held incidents scored against the candidate, best first (distinct ones dropped
    unless asked)."""
    rules = rules or configured_rules()
    out = [(h, score_pair(candidate, h, rules)) for h in held if within_window(candidate, h, rules)]
    if not include_distinct:
        out = [(h, s) for h, s in out if s.decision is not Decision.DISTINCT]
    return sorted(out, key=lambda x: -x[1].score)
