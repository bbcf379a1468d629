"""Load the seeded incidents and claims shipped in ``militancydb/seeds/*.yaml`` and the
claims corpus in ``militancydb/seeds/claims/*.yaml``.

Seeds are analyst records written by the project from public reporting (the August 2016
Quetta attacks and their competing claims; the corpus of claims, denials, disputes and
retractions for the region's major attacks, and what was later established). An incident
that is already in the database from a dataset (``ucdp_id``) is enriched through a normal,
recorded edit; others are added with the external id ``seed:<ref>``; claims are added once
(keyed by a reference built from
incident, claimant, kind and date). Loading twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from militancydb.claims.assessing import run_assessment
from militancydb.db.tables import ChangeLog, Claim, EstablishedResponsibility, ExternalId
from militancydb.errors import MilitancyDBError, ValidationFailed
from militancydb.knowledge.loader import Knowledge
from militancydb.services.claims import add_claim
from militancydb.services.claims_corpus import SeedFile, claim_key, claim_payload, seed_files
from militancydb.services.established import add_established
from militancydb.services.history import Editor
from militancydb.services.incidents import (
    create_incident,
    create_input,
    get_incident,
    update_incident,
    validate_create,
)

SEED_USER = "militancydb (seeded analyst records)"


def _incident_id(session: Session, system: str, ext: str) -> int | None:
    return session.scalar(
        select(ExternalId.incident_id).where(
            ExternalId.system == system, ExternalId.external_id == ext
        )
    )


def _referred_incident(session: Session, ref: str, refs: dict[str, int]) -> int | None:
    """The incident a seed file's claim or finding names: ``ucdp:<id>`` by its UCDP id,
    else one of the seed files' own incidents by its reference."""
    if ref.startswith("ucdp:"):
        return _incident_id(session, "ucdp", ref[5:])
    return refs.get(ref)


def _summary(raw: dict[str, Any]) -> str | None:
    text = (raw.get("summary") or "").strip()
    note = (raw.get("note") or "").strip()
    if note:
        text = f"{text}\n\nSources differ: {note}" if text else note
    return text or None


def _incident_doc(raw: dict[str, Any]) -> dict[str, Any]:
    return {
        "date_start": str(raw["date"]),
        "date_precision": raw.get("date_precision", "day"),
        "country": raw.get("country", "PK"),
        "province": raw.get("province"),
        "district": raw.get("district"),
        "place_detail": raw.get("place_detail"),
        "event_type": raw["event_type"],
        "tactics": list(raw.get("tactics") or []),
        "targets": list(raw.get("targets") or []),
        "casualties": [
            {k: v for k, v in c.items() if k in ("category", "outcome", "low", "best", "high")}
            for c in raw.get("casualties") or []
        ],
        "summary": _summary(raw),
        "review_status": "reviewed",
        "sources": [{"key": k} for k in raw.get("sources") or []],
    }


def incident_problems(raw: dict[str, Any], kb: Knowledge) -> list[str]:
    """Why a seed file's new incident would be refused (empty: it would load)."""
    try:
        validate_create(_incident_doc(raw), kb)
    except ValidationFailed as exc:
        return [f"{e.field}: {e.message}" for e in exc.errors]
    except (KeyError, TypeError) as exc:
        return [f"missing or malformed field {exc}"]
    return []


def _enrich(
    session: Session, kb: Knowledge, incident_id: int, raw: dict[str, Any], editor: Editor
) -> bool:
    done = session.scalar(
        select(ChangeLog.id).where(
            ChangeLog.entity_type == "incident",
            ChangeLog.entity_id == str(incident_id),
            ChangeLog.reason == editor.reason,
        )
    )
    if done is not None:
        return False
    current = get_incident(session, incident_id)
    doc = _incident_doc(raw)
    have = {(c.category, c.outcome) for c in current.casualties}
    casualties = [c.model_dump() for c in current.casualties] + [
        c for c in doc["casualties"] if (c["category"], c.get("outcome", "killed")) not in have
    ]
    sources = create_input(current)["sources"] + doc["sources"]
    changes = {
        "summary": doc["summary"],
        "targets": doc["targets"] or [t.model_dump() for t in current.targets],
        "tactics": list(dict.fromkeys([*current.tactics, *doc["tactics"]])),
        "casualties": casualties,
        "sources": sources,
        "review_status": "reviewed",
    }
    update_incident(
        session,
        incident_id,
        changes,
        expected_version=current.version,
        kb=kb,
        editor=editor,
        strict_actors=False,
    )
    return True


@contextmanager
def _attempt(session: Session, problems: list[str] | None, what: str) -> Iterator[None]:
    """Load one record. Without ``problems`` a refusal stops the load (``init``); with it (a
    rehearsal, ``claims check``), the record is rolled back to a savepoint and its problem
    listed, so that every refused record is reported, not only the first."""
    if problems is None:
        yield
        return
    nested = session.begin_nested()
    try:
        yield
    except MilitancyDBError as exc:
        nested.rollback()
        problems.append(f"{what}: {exc}")
    else:
        nested.commit()


def _incidents(
    session: Session,
    kb: Knowledge,
    f: SeedFile,
    user: str,
    lines: list[str],
    problems: list[str] | None,
) -> tuple[dict[str, int], int, int]:
    refs: dict[str, int] = {}
    added = enriched = 0
    for raw in f.doc.get("incidents") or []:
        ref = str(raw["ref"])
        editor = Editor(user=user, reason=f"seed {ref} ({f.name})")
        if raw.get("ucdp_id") is not None:
            iid = _incident_id(session, "ucdp", str(raw["ucdp_id"]))
            if iid is None:
                lines.append(
                    f"seed {ref}: UCDP event {raw['ucdp_id']} is not in the "
                    "database (import the UCDP data first); skipped"
                )
                continue
            with _attempt(session, problems, f"{f.name} incident {ref} (UCDP {raw['ucdp_id']})"):
                enriched += _enrich(session, kb, iid, raw, editor)
                refs[ref] = iid
            continue
        found = _incident_id(session, "seed", ref)
        if found is not None:
            refs[ref] = found
            continue
        with _attempt(session, problems, f"{f.name} incident {ref}"):
            doc_ = _incident_doc(raw) | {"external_ids": {"seed": ref}}
            refs[ref] = create_incident(session, doc_, kb, editor).id
            added += 1
    return refs, added, enriched


def load_seeds(
    session: Session,
    kb: Knowledge,
    user: str = SEED_USER,
    *,
    problems: list[str] | None = None,
    files: list[SeedFile] | None = None,
) -> list[str]:
    """Load every seed file (incidents first, so a claim may name an incident of another
    file); returns one line per thing done or skipped. A claim's incident is a seed ref or
    ``ucdp:<event id>``; a claim whose incident is not in the database is skipped and said.

    A record the services refuse stops the load (raises), unless ``problems`` is given: then
    each refused record is rolled back alone and described there, and the load goes on (the
    rehearsal behind ``militancydb claims check``)."""
    lines: list[str] = []
    files = seed_files() if files is None else files
    refs: dict[str, int] = {}
    counts: dict[str, list[int]] = {}
    for f in files:
        got, added, enriched = _incidents(session, kb, f, user, lines, problems)
        refs |= got
        counts[f.name] = [added, enriched, 0, 0]
    added_claims: list[int] = []
    for f in files:
        for raw in f.doc.get("claims") or []:
            inc_ref = str(raw["incident"])
            key = claim_key(raw)
            if session.scalar(select(Claim.id).where(Claim.ref == key)) is not None:
                continue
            iid = _referred_incident(session, inc_ref, refs)
            if iid is None:
                lines.append(f"seed claim {key} ({f.name}): incident {inc_ref} not found; skipped")
                continue
            with _attempt(session, problems, f"{f.name} claim {key}"):
                added_claims.append(
                    add_claim(
                        session,
                        claim_payload(raw, iid),
                        kb,
                        Editor(user=user, reason=f"seed claim ({f.name})"),
                        ref=key,
                    ).id
                )
                counts[f.name][2] += 1
        for n, raw in enumerate(f.doc.get("established") or []):
            inc_ref = str(raw["incident"])
            key = str(raw.get("id") or f"{inc_ref}:{raw['actor']}:{raw['basis']}:{n}")
            if session.scalar(
                select(EstablishedResponsibility.id).where(EstablishedResponsibility.ref == key)
            ):
                continue
            iid = _referred_incident(session, inc_ref, refs)
            if iid is None:
                lines.append(f"seed established {key}: incident {inc_ref} not found; skipped")
                continue
            with _attempt(session, problems, f"{f.name} established {key}"):
                add_established(session, raw | {"incident_id": iid}, kb, ref=key, user=user)
                counts[f.name][3] += 1
    # assess the seeded claims once all of them are in (each sees its competitors)
    for claim_id in added_claims:
        with _attempt(session, problems, f"assessment of claim {claim_id}"):
            run_assessment(session, claim_id, kb, Editor(user=user, reason="seeded claims"))
    for name, (added, enriched, claims, est) in counts.items():
        lines.append(
            f"seeds {name}: {added} incident(s) added, {enriched} enriched, "
            f"{claims} claim(s) added" + (f", {est} established finding(s)" if est else "")
        )
    return lines
