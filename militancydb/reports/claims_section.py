"""Claims of responsibility and their credibility, as a report section.

A claim's grade is its current grade (:func:`militancydb.services.assessments.current_grade`:
the latest analyst override, else the latest stored assessment); a claim never assessed is
assessed afresh for the report with :func:`militancydb.claims.credibility.assess`, which
stores nothing, and the report says so."""

from __future__ import annotations

from sqlalchemy.orm import Session

from militancydb.claims.credibility import assess
from militancydb.codebook import label
from militancydb.domain.claim import Assessment, ClaimPublic
from militancydb.knowledge.loader import Knowledge
from militancydb.reports.model import ClaimItem, ClaimsSection, CompetingItem, Notes, SourceBook
from militancydb.services.assessments import current_grade
from militancydb.services.claims import CompetingGroup


def _grade(session: Session, kb: Knowledge, c: ClaimPublic) -> tuple[Assessment | None, str]:
    if c.kind != "claim":
        return None, "not graded (a denial)"
    stored = current_grade(session, c.id)
    if stored is not None:
        if stored.is_override:
            return stored, f"analyst's grade ({stored.reason})"
        return stored, f"stored assessment ({stored.method})"
    return assess(session, c.id, kb), "assessed for this report (not stored)"


def claim_item(
    session: Session,
    kb: Knowledge,
    c: ClaimPublic,
    notes: Notes,
    book: SourceBook,
    places: dict[int, str],
) -> ClaimItem:
    """One claim with its grade, the reasons that moved the score, and its sources."""
    a, basis = _grade(session, kb, c)
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
) -> ClaimsSection:
    """The section: each claim graded; incidents claimed by rival organisations."""
    section = ClaimsSection()
    for c in claims:
        section.items.append(claim_item(session, kb, c, notes, book, places))
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
    unlinked = [c for c in claims if c.incident_id is None]
    if unlinked:
        section.remarks.append(
            f"{len(unlinked)} claim(s) are not linked to an incident; they are listed but "
            "their statements cannot be checked against an incident record."
        )
    return section
