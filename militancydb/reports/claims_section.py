"""Claims of responsibility and their credibility, as a report section.

A claim's grade is its current grade (:func:`militancydb.services.assessments.current_grade`:
the latest analyst override, else the latest stored assessment), read for all the section's
claims at once; a claim never assessed is assessed afresh for the report with
:func:`militancydb.claims.credibility.assess`, which stores nothing, and the report says so.
At most :data:`FRESH_MAX` claims are assessed afresh for one report: an assessment reads the
claimant's whole record, seconds of work in a database of a million incidents. The others
are listed ungraded, with the command that grades them and keeps the grades
(``militancydb claims assess-all``), which the next report then reads."""

from __future__ import annotations

from sqlalchemy.orm import Session

from militancydb.claims.credibility import assess
from militancydb.claims.local_facts import FactBooks
from militancydb.codebook import label
from militancydb.domain.claim import Assessment, ClaimPublic
from militancydb.knowledge.loader import Knowledge
from militancydb.reports.model import ClaimItem, ClaimsSection, CompetingItem, Notes, SourceBook
from militancydb.services.assessments import current_grades
from militancydb.services.claims import CompetingGroup

#: The most claims assessed afresh for one report (see the module docstring).
FRESH_MAX = 20


def not_assessed(limit: int) -> str:
    """What an ungraded claim's grade rests on, ``limit`` claims having been assessed."""
    return (
        f"not assessed: the report assesses at most {limit} claims never assessed; "
        "`militancydb claims assess-all` grades the others and keeps the grades"
    )


Graded = tuple[Assessment | None, str]


def _grades(
    session: Session, kb: Knowledge, claims: list[ClaimPublic], fresh_max: int
) -> dict[int, Graded]:
    """Each claim's grade and what it rests on: stored grades read at once; the first
    ``fresh_max`` claims never assessed assessed afresh (one reference book per country
    shared between them); the rest left ungraded, saying how to grade them."""
    stored = current_grades(session, (c.id for c in claims if c.kind == "claim"))
    books = FactBooks(session)
    out: dict[int, Graded] = {}
    fresh = 0
    for c in claims:
        if c.kind != "claim":
            out[c.id] = (None, "not graded (a denial)")
        elif (a := stored.get(c.id)) is not None:
            basis = (
                f"analyst's grade ({a.reason})"
                if a.is_override
                else f"stored assessment ({a.method})"
            )
            out[c.id] = (a, basis)
        elif fresh < fresh_max:
            fresh += 1
            out[c.id] = (assess(session, c.id, kb, books), "assessed for this report (not stored)")
        else:
            out[c.id] = (None, not_assessed(fresh_max))
    return out


def claim_item(
    c: ClaimPublic,
    graded: Graded,
    notes: Notes,
    book: SourceBook,
    places: dict[int, str],
) -> ClaimItem:
    """One claim with its grade, the reasons that moved the score, and its sources."""
    a, basis = graded
    reasons: tuple[str, ...] = ()
    if a is not None:
        moved = sorted((f for f in a.factors if f.points), key=lambda f: -abs(f.points))
        reasons = tuple(f"{f.label}: {f.verdict} ({f.points:+.0f})" for f in moved)
    where = None
    if c.incident_id is not None:
        where = places.get(c.incident_id, f"incident {c.incident_id}")
    return ClaimItem(
        id=c.id,
        claimant=c.claimant_name,
        kind=c.kind,
        claimed_at=c.claimed_at,
        channel=c.channel_name
        or ("a channel not recorded" if c.channel == "unknown" else label(c.channel)),
        status=c.status,
        incident_id=c.incident_id,
        incident=where,
        grade=a.grade if a else None,
        score=a.score if a else None,
        grade_basis=basis,
        reasons=reasons,
        flags=tuple(a.flags) if a else (),
        summary=c.summary,
        sources=book.cite(str(s.get("key") or "") for s in c.sources),
        note=notes.cite(f"claim {c.id}", [c.incident_id] if c.incident_id else []),
    )


def claims_section(
    session: Session,
    kb: Knowledge,
    claims: list[ClaimPublic],
    competing: list[CompetingGroup],
    notes: Notes,
    book: SourceBook,
    places: dict[int, str],
    *,
    fresh_max: int = FRESH_MAX,
) -> ClaimsSection:
    """The section: each claim graded (at most ``fresh_max`` of them assessed afresh, see
    the module docstring); incidents claimed by rival organisations."""
    section = ClaimsSection()
    grades = _grades(session, kb, claims, fresh_max)
    for c in claims:
        section.items.append(claim_item(c, grades[c.id], notes, book, places))
    for g in competing:
        section.competing.append(
            CompetingItem(
                g.incident_id,
                g.date,
                g.place,
                g.killed,
                tuple(g.claimants),
                notes.cite(f"incident {g.incident_id}", [g.incident_id]),
            )
        )
    if not claims:
        section.remarks.append("No claim of responsibility is recorded in the database.")
    ungraded = sum(1 for _, basis in grades.values() if basis == not_assessed(fresh_max))
    if ungraded:
        section.remarks.append(
            f"{ungraded} claim(s) were never assessed and are listed without a grade: the "
            f"report assesses at most {fresh_max} claims afresh. `militancydb claims "
            "assess-all --from DAY --to DAY` grades every claim of a period and keeps the "
            "grades, which the report then reads."
        )
    unlinked = [c for c in claims if c.incident_id is None]
    if unlinked:
        section.remarks.append(
            f"{len(unlinked)} claim(s) are not linked to an incident; they are listed but "
            "their statements cannot be checked against an incident record."
        )
    return section
