"""Calibration of the credibility grades against responsibility established independently.

A case is an incident with an established finding (``established_responsibility``: a court
verdict, an official investigation's findings, capture and confession, a later admission).
Every claim (kind ``claim``) on such an incident is right when the finding names the
claimant's organisation as responsible, wrong when it names another organisation or clears
the claimant (:func:`militancydb.services.claims_record.verdict_on`). Each claim is graded
*as of its own date*: claims made after it are hidden while it is assessed, so a competing
claim that came later cannot help or hurt it.

The cases are split at random (a fixed seed, by incident, so an incident's claims stay
together) into a development half and a held-out half; the split is written to
:data:`SPLIT_FILE` once and read back, so that later changes of weights cannot move cases
between the halves. The measured figures go to :data:`CALIBRATION_FILE`, which the
assessment reads to show the calibration figure for its grade (see :mod:`.base`).
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from militancydb.claims.credibility import METHOD, SCALE, assess
from militancydb.db.tables import Claim, EstablishedResponsibility, Incident
from militancydb.knowledge.loader import Knowledge
from militancydb.services.claims import claim_day
from militancydb.services.claims_record import verdict_on

HERE = Path(__file__).resolve().parent
SPLIT_FILE = HERE / "calibration_split.json"
CALIBRATION_FILE = HERE / "calibration.json"
SEED = 20261204
#: Grades read as "the claim is probably true" and as "probably not".
BELIEVED = ("likely", "plausible")
DOUBTED = ("doubtful", "unlikely")


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float] | None:
    """Wilson score interval for k successes in n trials (95% by default); None when n=0."""
    if n == 0:
        return None
    p = k / n
    d = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / d
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return (round(max(0.0, centre - half), 3), round(min(1.0, centre + half), 3))


@dataclass(frozen=True)
class Case:
    """One established incident: its key (the finding's ref, or the incident id)."""

    key: str
    incident_id: int
    confidence: str


@dataclass
class Outcome:
    """One claim on an established incident, graded as of its date."""

    case: str
    claim_id: int
    claimant: str
    claimed_at: str | None
    grade: str
    score: float
    right: bool


_ORDER = {"low": 0, "medium": 1, "high": 2}


def established_cases(session: Session, *, min_confidence: str = "medium") -> list[Case]:
    """The incidents with an established finding of at least ``min_confidence`` (the
    strongest finding of each incident decides), one case per incident."""
    order = _ORDER
    best: dict[int, tuple[int, str]] = {}
    for e in session.scalars(select(EstablishedResponsibility)).all():
        rank = order.get(e.confidence, 0)
        if rank < order[min_confidence]:
            continue
        key = e.ref.split(":", 1)[0] if e.ref else f"incident-{e.incident_id}"
        if e.incident_id not in best or rank > best[e.incident_id][0]:
            best[e.incident_id] = (rank, key)
    names = {v: k for k, v in order.items()}
    return sorted(
        (Case(key, iid, names[rank]) for iid, (rank, key) in best.items()), key=lambda c: c.key
    )


def make_split(keys: Iterable[str], seed: int = SEED) -> dict[str, list[str]]:
    """Split case keys at random (fixed seed) into development and held-out halves."""
    ordered = sorted(set(keys))
    random.Random(seed).shuffle(ordered)
    half = (len(ordered) + 1) // 2
    return {"development": sorted(ordered[:half]), "held_out": sorted(ordered[half:])}


def load_or_make_split(
    keys: Iterable[str], path: Path = SPLIT_FILE, seed: int = SEED
) -> dict[str, Any]:
    """The committed split; cases not in it yet (added to the corpus later) are split with
    the same seed among themselves and appended, never moving the committed ones."""
    keys = sorted(set(keys))
    if path.exists():
        split: dict[str, Any] = json.loads(path.read_text("utf-8"))
        known = set(split["development"]) | set(split["held_out"])
        new = [k for k in keys if k not in known]
        if new:
            extra = make_split(new, seed)
            split["development"] = sorted(split["development"] + extra["development"])
            split["held_out"] = sorted(split["held_out"] + extra["held_out"])
            path.write_text(json.dumps(split, indent=2) + "\n", "utf-8")
        return split
    split = {"seed": seed, "method": METHOD, **make_split(keys, seed)}
    path.write_text(json.dumps(split, indent=2) + "\n", "utf-8")
    return split


def grade_as_of(session: Session, claim_id: int, kb: Knowledge) -> tuple[str, float]:
    """Assess a claim with every claim made after its date hidden (marked deleted for the
    time of the assessment, then restored); nothing else is changed or kept."""
    claim = session.get(Claim, claim_id)
    assert claim is not None
    day = claim_day(claim.claimed_at)
    later: list[int] = []
    if day is not None:
        for other in session.scalars(
            select(Claim).where(Claim.id != claim_id, Claim.deleted.is_(False))
        ).all():
            other_day = claim_day(other.claimed_at)
            if other_day is not None and other_day > day:
                later.append(other.id)
    if later:
        session.execute(update(Claim).where(Claim.id.in_(later)).values(deleted=True))
        session.expire_all()
    try:
        a = assess(session, claim_id, kb)
        return a.grade, a.score
    finally:
        if later:
            session.execute(update(Claim).where(Claim.id.in_(later)).values(deleted=False))
            session.expire_all()


def outcomes(
    session: Session,
    kb: Knowledge,
    cases: list[Case],
    grader: Callable[[Session, int, Knowledge], tuple[str, float]] = grade_as_of,
    *,
    min_confidence: str = "medium",
) -> list[Outcome]:
    """Every claim on the cases' incidents with a verdict, graded as of its date. The verdict
    rests only on findings of at least ``min_confidence``: a case chosen for a medium finding
    is not decided by a low one beside it."""
    rows: list[Outcome] = []
    for case in cases:
        found = [
            e
            for e in session.scalars(
                select(EstablishedResponsibility).where(
                    EstablishedResponsibility.incident_id == case.incident_id
                )
            ).all()
            if _ORDER.get(e.confidence, 0) >= _ORDER[min_confidence]
        ]
        claims = session.scalars(
            select(Claim)
            .where(
                Claim.incident_id == case.incident_id,
                Claim.kind == "claim",
                Claim.deleted.is_(False),
            )
            .order_by(Claim.id)
        ).all()
        for c in claims:
            verdict = verdict_on(kb.registry, c.claimant_key or "", found)
            if verdict is None:
                continue
            cid, who, when = c.id, c.claimant_key or "", c.claimed_at
            grade, score = grader(session, cid, kb)
            rows.append(Outcome(case.key, cid, who, when, grade, score, verdict))
    return rows


@dataclass
class Summary:
    """Right/wrong per grade with Wilson intervals, and the two target rates."""

    n_cases: int
    n_claims: int
    per_grade: dict[str, dict[str, Any]] = field(default_factory=dict)
    believed_right: dict[str, Any] = field(default_factory=dict)
    false_doubted: dict[str, Any] = field(default_factory=dict)


def _rate(k: int, n: int) -> dict[str, Any]:
    return {"k": k, "n": n, "rate": round(k / n, 3) if n else None, "wilson95": wilson(k, n)}


def summarise(rows: list[Outcome], n_cases: int) -> Summary:
    """Per grade: claims right and wrong, the share right with its Wilson interval; the
    share of claims graded likely/plausible that were right; the share of claims shown
    false that were graded doubtful/unlikely."""
    s = Summary(n_cases=n_cases, n_claims=len(rows))
    for grade, _ in SCALE:
        mine = [r for r in rows if r.grade == grade]
        right = sum(r.right for r in mine)
        s.per_grade[grade] = {"right": right, "wrong": len(mine) - right} | _rate(right, len(mine))
    believed = [r for r in rows if r.grade in BELIEVED]
    s.believed_right = _rate(sum(r.right for r in believed), len(believed))
    false = [r for r in rows if not r.right]
    s.false_doubted = _rate(sum(r.grade in DOUBTED for r in false), len(false))
    return s


def summary_dict(s: Summary) -> dict[str, Any]:
    """A summary as plain data (for the calibration file)."""
    return asdict(s)


def incident_label(session: Session, incident_id: int) -> str:
    """A short label for a case in reports: date and place."""
    inc = session.get(Incident, incident_id)
    if inc is None:
        return str(incident_id)
    return f"{inc.date_start} {inc.place_name or ''}".strip()


def read_calibration(path: Path = CALIBRATION_FILE) -> dict[str, Any] | None:
    """The shipped calibration figures, or None when the bench has not written them."""
    if not path.exists():
        return None
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data
