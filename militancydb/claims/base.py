"""What a grade rests on: how many claims the factors could read in the claim's region
before its date, how many cases of established responsibility the region has, and the
calibration figure for the grade (from the file ``bench/claims_calibration.py`` writes)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from militancydb.claims.calibration import read_calibration, wilson
from militancydb.db.tables import Claim, EstablishedResponsibility, Incident
from militancydb.services.claims import claim_day


@dataclass
class GradeBase:
    """The base of one assessment."""

    grade: str
    country: str | None
    province: str | None
    claims_in_country: int = 0
    claims_in_province: int = 0
    established_in_country: int = 0
    established_in_province: int = 0
    established_total: int = 0
    calibration: dict[str, Any] = field(default_factory=dict)

    def lines(self) -> list[str]:
        """The base in words, one line each."""
        where = self.province or self.country or "the region"
        out = [
            f"rests on {self.claims_in_country} earlier claim(s) by any group in "
            f"{self.country or 'the country'} ({self.claims_in_province} in {where}) "
            "recorded in the database",
            f"established responsibility: {self.established_total} case(s) in the corpus, "
            f"{self.established_in_country} in {self.country or 'the country'}, "
            f"{self.established_in_province} in {where}",
        ]
        cal = self.calibration
        if not cal:
            out.append("calibration: no calibration file (run bench/claims_calibration.py)")
            return out
        parts = []
        for half in ("held_out", "development", "all_findings_including_low"):
            g = cal.get(half)
            if g is None:
                continue
            n = g["right"] + g["wrong"]
            ci = wilson(g["right"], n)
            span = f", 95% CI {100 * ci[0]:.0f}-{100 * ci[1]:.0f}%" if ci else ""
            parts.append(f"{half.replace('_', ' ')} {g['right']} right / {g['wrong']} wrong{span}")
        out.append(
            f"calibration of '{self.grade}' (method {cal.get('method')}, measured "
            f"{cal.get('measured')}): " + "; ".join(parts)
        )
        return out


def grade_base(
    session: Session, claim_id: int, grade: str, calibration: dict[str, Any] | None = None
) -> GradeBase:
    """The base of the grade given to a claim (see the module docstring)."""
    claim = session.get(Claim, claim_id)
    inc = session.get(Incident, claim.incident_id) if claim and claim.incident_id else None
    country = inc.country if inc else None
    province = inc.admin1_key if inc else None
    day = (claim_day(claim.claimed_at) if claim else None) or (
        inc.date_start if inc else dt.date.today()
    )
    base = GradeBase(grade=grade, country=country, province=province)
    rows = session.execute(
        select(Claim.id, Claim.claimed_at, Incident.country, Incident.admin1_key)
        .join(Incident, Incident.id == Claim.incident_id)
        .where(Claim.deleted.is_(False), Claim.kind == "claim", Claim.id != claim_id)
    ).all()
    for _cid, when, c_country, c_prov in rows:
        d = claim_day(when)
        if d is None or d >= day or c_country != country:
            continue
        base.claims_in_country += 1
        base.claims_in_province += int(province is not None and c_prov == province)
    est = session.execute(
        select(EstablishedResponsibility.incident_id, Incident.country, Incident.admin1_key)
        .join(Incident, Incident.id == EstablishedResponsibility.incident_id)
        .distinct()
    ).all()
    base.established_total = len({r[0] for r in est})
    base.established_in_country = len({r[0] for r in est if r[1] == country})
    base.established_in_province = len(
        {r[0] for r in est if province is not None and r[1] == country and r[2] == province}
    )
    cal = calibration if calibration is not None else read_calibration()
    if cal:
        base.calibration = {"method": cal.get("method"), "measured": cal.get("measured")}
        for half in ("held_out", "development", "all_findings_including_low"):
            per = (cal.get(half) or {}).get("per_grade", {}).get(grade)
            if per is not None:
                base.calibration[half] = {"right": per["right"], "wrong": per["wrong"]}
    return base
