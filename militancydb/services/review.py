"""The review queue: incidents extracted from documents, matched against the database, and
decided by a person.

:func:`propose` takes the incidents the pipeline read from one stored document. Each becomes
a :class:`ReviewCandidate` holding what was extracted (with spans) and the incident it
would create. The project's matcher (:func:`militancydb.services.matching.find_matches`)
compares it with the incidents held: a ``merge`` advice adds the document to that incident
at once (``auto_merged``: the source is cited, the casualty range widened, all through
:func:`~militancydb.services.incidents.update_incident`, so the change log has it and
:func:`undo` can take it back); a ``review`` advice leaves it ``pending`` as a possible
duplicate of the suggested incident; otherwise it is ``pending`` as a new incident. Every
held incident the matcher advised merging or reviewing is kept on the candidate with its
score and reasons (:mod:`~militancydb.services.review_links` reads them back).

A person then accepts (a new incident through
:func:`~militancydb.services.incidents.create_incident`, the one write path, and its claim
sentences as Claim records: :mod:`~militancydb.services.review_claims`, a claimant the
registry does not know unregistered, by its name), merges into an incident of their choice
(claims too), or rejects with a reason. A person's merge names the version of the incident
they looked at (``expected_version``, as every edit does): if the incident changed since,
the merge is refused (:class:`~militancydb.errors.StaleEdit`) before anything is written,
not applied over a state the person did not see. An automatic merge adds no claims (a person adds
them by undoing and merging, or in ``militancydb claims``). Who and when are recorded on
the candidate; every incident change is in the incident's history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from militancydb.db.document_tables import Document, ReviewCandidate
from militancydb.db.records import ChangeLog
from militancydb.db.tables import utcnow
from militancydb.domain.incident import IncidentPublic
from militancydb.errors import (
    FieldError,
    MilitancyDBError,
    NotFound,
    StaleEdit,
    ValidationFailed,
)
from militancydb.knowledge.loader import Knowledge
from militancydb.matching import Decision
from militancydb.services.history import Editor
from militancydb.services.incidents import create_incident, get_incident, update_incident
from militancydb.services.matching import find_matches
from militancydb.services.review_claims import record_claims
from militancydb.services.review_links import known_incident_ids, match_records
from militancydb.services.review_proposal import match_candidate, proposal

STATUSES = ("pending", "accepted", "merged", "auto_merged", "rejected")


class ReviewError(MilitancyDBError):
    """A review action that does not fit the candidate's state."""


@dataclass(frozen=True)
class Proposed:
    """What :func:`propose` did with one document's incidents."""

    pending: int
    auto_merged: int


def propose(
    session: Session,
    doc: Document,
    incidents: list[dict[str, Any]],
    kb: Knowledge,
    editor: Editor,
    *,
    auto_merge: bool = True,
) -> Proposed:
    """Queue one document's extracted incidents (see the module docstring)."""
    pending = merged = 0
    for position, inc in enumerate(incidents):
        prop = proposal(doc, inc)
        cand = ReviewCandidate(
            document_id=doc.id, position=position, data=inc, proposal=prop or {}, status="pending"
        )
        session.add(cand)
        session.flush()
        if prop is None:
            cand.reason = "no date in the text and no publication date: give one when accepting"
            pending += 1
            continue
        matches = find_matches(session, match_candidate(prop))
        if matches:
            top = matches[0]
            cand.suggested_incident_id = top.incident_id
            cand.match_score = float(top.score.score)
            cand.match_reasons = match_records(matches)
            if auto_merge and top.score.decision is Decision.MERGE:
                _merge(session, cand, top.incident_id, kb, editor, automatic=True)
                merged += 1
                continue
        pending += 1
    return Proposed(pending, merged)


def _widen(existing: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Casualty figures after another report: each range widened to cover both reports;
    the best figure kept, or taken from the report when the incident had none."""
    out = {(c["category"], c["outcome"]): dict(c) for c in existing}
    for c in new:
        k = (c["category"], c["outcome"])
        if k not in out:
            out[k] = dict(c)
            continue
        cur = out[k]
        lows = (cur.get("low"), cur.get("best"), c.get("low"), c.get("best"))
        highs = (cur.get("high"), c.get("high"), cur.get("best"), c.get("best"))
        values = [v for v in lows if v is not None]
        tops = [v for v in highs if v is not None]
        cur["low"] = min(values) if values else None
        cur["high"] = max(tops) if tops else None
        if cur.get("best") is None:
            cur["best"] = c.get("best")
    return list(out.values())


def _merge(
    session: Session,
    cand: ReviewCandidate,
    incident_id: int,
    kb: Knowledge,
    editor: Editor,
    *,
    automatic: bool,
    expected_version: int | None = None,
) -> IncidentPublic:
    """Add the candidate's document to the incident; ``expected_version``: the version a
    person saw (None for the matcher's automatic merge, made on the version just read)."""
    held = get_incident(session, incident_id)
    if not cand.proposal:
        raise ReviewError(f"candidate {cand.id} has no date; accept it with a date instead")
    if expected_version is not None and expected_version != held.version:
        raise StaleEdit("incident", str(incident_id), expected_version, held.version)
    _claim(session, cand, "auto_merged" if automatic else "merged", editor)
    sources = [
        {"id": s.source_id, "locator": s.locator, "excerpt": s.excerpt} for s in held.sources
    ] + cand.proposal["sources"]
    casualties = _widen([c.model_dump() for c in held.casualties], cand.proposal["casualties"])
    why = f"review candidate {cand.id}: " + (
        f"merged by the matcher (`militancydb review undo {cand.id}` takes it back)"
        if automatic
        else "merged"
    )
    after = update_incident(
        session,
        incident_id,
        {"sources": sources, "casualties": casualties},
        expected_version=held.version,  # the compare-and-set: a write since fails here
        kb=kb,
        editor=Editor(editor.user, why, editor.import_run_id),
    )
    cand.incident_id = incident_id
    cand.reason = why
    return after


def _load(session: Session, candidate_id: int) -> ReviewCandidate:
    cand = session.get(ReviewCandidate, candidate_id)
    if cand is None:
        raise NotFound(f"no review candidate {candidate_id}; `militancydb review list` shows them")
    return cand


def _when(cand: ReviewCandidate) -> str:
    """When a candidate was decided, to the minute (UTC)."""
    return f"{cand.decided_at:%Y-%m-%d %H:%M} UTC" if cand.decided_at else "an unknown time"


def _pending(cand: ReviewCandidate) -> None:
    if cand.status != "pending":
        raise ReviewError(
            f"candidate {cand.id} is {cand.status} (by {cand.decided_by} at {_when(cand)}); "
            "only pending candidates can be decided"
        )


def _claim(
    session: Session, cand: ReviewCandidate, status: str, editor: Editor, was: str = "pending"
) -> None:
    """Record the decision ``status`` on ``cand`` if it is still ``was`` in the database, in
    one statement; else (someone decided it since it was read) raise :class:`ReviewError`
    naming who and when, before anything else is written. Two people deciding one candidate
    at the same moment: the first statement wins, the second finds it decided."""
    now = utcnow()
    done = session.execute(
        update(ReviewCandidate)
        .where(ReviewCandidate.id == cand.id, ReviewCandidate.status == was)
        .values(status=status, decided_at=now, decided_by=editor.user)
        .execution_options(synchronize_session=False)
    )
    if getattr(done, "rowcount", 1) != 1:
        session.refresh(cand)
        raise ReviewError(
            f"candidate {cand.id} was decided meanwhile: {cand.status} by {cand.decided_by} "
            f"at {_when(cand)}; nothing was changed. See `militancydb review show "
            f"{cand.id}`"
        )
    session.refresh(cand)


def list_candidates(session: Session, status: str | None = "pending") -> list[ReviewCandidate]:
    """Candidates, oldest first (all when ``status`` is None)."""
    q = select(ReviewCandidate).order_by(ReviewCandidate.id)
    if status:
        if status not in STATUSES:
            why = f"{status!r} is not a status; choose one of {', '.join(STATUSES)} (or all)"
            raise ValidationFailed([FieldError("--status", why)], "option")
        q = q.where(ReviewCandidate.status == status)
    return list(session.scalars(q))


def get_candidate(session: Session, candidate_id: int) -> tuple[ReviewCandidate, Document]:
    """A candidate and its document."""
    cand = _load(session, candidate_id)
    doc = session.get(Document, cand.document_id)
    assert doc is not None
    return cand, doc


def accept(
    session: Session,
    candidate_id: int,
    kb: Knowledge,
    editor: Editor,
    changes: dict[str, Any] | None = None,
    *,
    new: bool = False,
) -> IncidentPublic:
    """Create the candidate's incident (with a person's ``changes``, e.g. a date).

    The matcher is asked again first: an incident held now that it advises merging with,
    and that was not among the candidate's matches when it was queued (another report of the
    same attack, accepted meanwhile), refuses the accept with the incident and the fix,
    unless ``new`` (the person says it is another event)."""
    cand = _load(session, candidate_id)
    _pending(cand)
    doc = session.get(Document, cand.document_id)
    assert doc is not None
    changes = dict(changes or {})
    if changes.get("date_start") is not None:
        changes["date_start"] = _day(str(changes["date_start"]))
    prop = dict(cand.proposal or {})
    if not prop:
        day = changes.get("date_start")
        if not day:
            raise ReviewError(f"candidate {candidate_id} has no date; give one (--date YYYY-MM-DD)")
        prop = proposal(doc, {**cand.data, "date": {"date": str(day), "precision": "day"}}) or {}
    prop.update(changes)
    if not new:
        _refuse_if_held_meanwhile(session, cand, prop)
    why = Editor(editor.user, f"review candidate {cand.id}: accepted")
    _claim(session, cand, "accepted", editor)
    # the groups the report names that the registry does not know are kept by their names;
    # actors a person gives with the accept must resolve
    created = create_incident(session, prop, kb, why, strict_actors="actors" in changes)
    record_claims(session, cand, doc, created.id, kb, why)
    cand.incident_id = created.id
    return created


def _day(value: str) -> str:
    """A date a person gives with an accept, checked: ``YYYY-MM-DD`` and a day of the
    calendar (a date like 2024-02-30 stopped the accept with "This is a bug")."""
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError as exc:
        raise ReviewError(
            f"the date {value!r} is not a day of the calendar in the form YYYY-MM-DD ({exc}); "
            'give one (--date 2024-04-01; in the API "date")'
        ) from exc


def _refuse_if_held_meanwhile(
    session: Session, cand: ReviewCandidate, prop: dict[str, Any]
) -> None:
    known = known_incident_ids(cand)
    for m in find_matches(session, match_candidate(prop)):
        if m.score.decision is Decision.MERGE and m.incident_id not in known:
            seen = get_incident(session, m.incident_id).version
            raise ReviewError(
                f"candidate {cand.id} looks like incident {m.incident_id}, held since the "
                f"candidate was queued (matcher: {m.score.explain()}); nothing was changed. "
                f"Add the report to it with `militancydb review merge {cand.id} --into "
                f"{m.incident_id} --expected-version {seen}` (its version now), or, if it is "
                'another event, accept it as new (--new; in the API "new": true; on its '
                'page, tick "another event")'
            )


def merge(
    session: Session,
    candidate_id: int,
    incident_id: int,
    kb: Knowledge,
    editor: Editor,
    *,
    expected_version: int,
) -> IncidentPublic:
    """Add the candidate's document to an incident a person chose, last seen by them at
    ``expected_version``: if it has changed since (or changes while this runs), nothing is
    written and :class:`~militancydb.errors.StaleEdit` names the version it is at."""
    cand = _load(session, candidate_id)
    _pending(cand)
    after = _merge(
        session, cand, incident_id, kb, editor, automatic=False, expected_version=expected_version
    )
    doc = session.get(Document, cand.document_id)
    assert doc is not None
    if record_claims(session, cand, doc, incident_id, kb, Editor(editor.user, cand.reason)):
        after = get_incident(session, incident_id)
    return after


def reject(session: Session, candidate_id: int, reason: str, editor: Editor) -> ReviewCandidate:
    """Reject a candidate, saying why."""
    if not reason.strip():
        raise ReviewError("say why the candidate is rejected (--reason)")
    cand = _load(session, candidate_id)
    _pending(cand)
    _claim(session, cand, "rejected", editor)
    cand.reason = reason.strip()
    return cand


def undo(session: Session, candidate_id: int, kb: Knowledge, editor: Editor) -> IncidentPublic:
    """Take back an automatic merge: the incident's sources and casualty figures return to
    their state before it (the change log's ``before``); the candidate goes back to pending."""
    cand = _load(session, candidate_id)
    if cand.status != "auto_merged" or cand.incident_id is None:
        raise ReviewError(f"candidate {candidate_id} is {cand.status}, not an automatic merge")
    entry = session.scalars(
        select(ChangeLog)
        .where(
            ChangeLog.entity_type == "incident",
            ChangeLog.entity_id == str(cand.incident_id),
            ChangeLog.reason == cand.reason,
        )
        .order_by(ChangeLog.id.desc())
    ).first()
    if entry is None or entry.before is None:
        raise ReviewError(f"the history of incident {cand.incident_id} has no entry of this merge")
    before = IncidentPublic.model_validate(entry.before)
    held = get_incident(session, cand.incident_id)
    if held.version != entry.version:
        raise ReviewError(
            f"incident {cand.incident_id} was changed after the automatic merge (the merge "
            f"made version {entry.version}, it is now at version {held.version}); undoing would "
            "throw those changes away, so nothing was changed. See `militancydb history "
            f"{cand.incident_id}` and take the document's source out with `militancydb "
            f"incidents edit {cand.incident_id}`"
        )
    _claim(session, cand, "pending", editor, was="auto_merged")
    restored = update_incident(
        session,
        cand.incident_id,
        {
            "sources": [
                {"id": s.source_id, "locator": s.locator, "excerpt": s.excerpt}
                for s in before.sources
            ],
            "casualties": [c.model_dump() for c in before.casualties],
        },
        expected_version=held.version,
        kb=kb,
        editor=Editor(editor.user, f"review candidate {cand.id}: automatic merge undone"),
    )
    cand.incident_id = None
    cand.reason = f"automatic merge into incident {entry.entity_id} undone; back in review"
    return restored
