"""Load the seeded incidents and claims shipped in ``militancydb/seeds/*.yaml``.

Seeds are analyst records written by the project from public reporting (the August 2016
Quetta attacks and their competing claims). An incident that is already in the database
from a dataset (``ucdp_id``) is enriched through a normal, recorded edit; others are added
with the external id ``seed:<ref>``; claims are added once (keyed by a reference built from
incident, claimant, kind and date). Loading twice changes nothing.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from militancydb.db.tables import ChangeLog, Claim, ExternalId
from militancydb.knowledge.loader import Knowledge
from militancydb.services.assessments import run_assessment
from militancydb.services.claims import add_claim
from militancydb.services.history import Editor
from militancydb.services.incidents import (
    create_incident,
    create_input,
    get_incident,
    update_incident,
)

SEED_USER = "militancydb (seeded analyst records)"


def _seed_files() -> list[tuple[str, dict[str, Any]]]:
    folder = resources.files("militancydb").joinpath("seeds")
    out = []
    for f in sorted(folder.iterdir(), key=lambda f: f.name):
        if f.name.endswith(".yaml"):
            out.append((f.name, yaml.safe_load(f.read_text("utf-8")) or {}))
    return out


def _incident_id(session: Session, system: str, ext: str) -> int | None:
    return session.scalar(
        select(ExternalId.incident_id).where(
            ExternalId.system == system, ExternalId.external_id == ext
        )
    )


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


def load_seeds(session: Session, kb: Knowledge, user: str = SEED_USER) -> list[str]:
    """Load every seed file; returns one line per thing done or skipped."""
    lines: list[str] = []
    for name, doc in _seed_files():
        refs: dict[str, int] = {}
        added = enriched = claims = 0
        added_claims: list[int] = []
        for raw in doc.get("incidents") or []:
            ref = str(raw["ref"])
            editor = Editor(user=user, reason=f"seed {ref} ({name})")
            if raw.get("ucdp_id") is not None:
                iid = _incident_id(session, "ucdp", str(raw["ucdp_id"]))
                if iid is None:
                    lines.append(
                        f"seed {ref}: UCDP event {raw['ucdp_id']} is not in the "
                        "database (import the UCDP data first); skipped"
                    )
                    continue
                enriched += _enrich(session, kb, iid, raw, editor)
                refs[ref] = iid
                continue
            iid = _incident_id(session, "seed", ref)
            if iid is None:
                doc_ = _incident_doc(raw) | {"external_ids": {"seed": ref}}
                iid = create_incident(session, doc_, kb, editor).id
                added += 1
            refs[ref] = iid
        for raw in doc.get("claims") or []:
            inc_ref = str(raw["incident"])
            kind = raw.get("kind", "claim")
            key = f"{inc_ref}:{raw['claimant']}:{kind}:{raw.get('claimed_at') or ''}"
            if session.scalar(select(Claim.id).where(Claim.ref == key)) is not None:
                continue
            sources = [{"key": k} for k in raw.get("sources") or []]
            if raw.get("statement_source") and raw["statement_source"] not in (
                raw.get("sources") or []
            ):
                sources.insert(0, {"key": raw["statement_source"]})
            data = {
                "claimant": raw["claimant"],
                "kind": raw.get("kind", "claim"),
                "channel": raw.get("channel", "unknown"),
                "channel_name": raw.get("channel_name"),
                "claimed_at": str(raw["claimed_at"]) if raw.get("claimed_at") else None,
                "languages": list(raw.get("languages") or []),
                "statement_text": raw.get("statement_text"),
                "statement_language": raw.get("statement_language"),
                "translation": raw.get("translation"),
                "summary": (raw.get("summary") or "").strip() or None,
                "asserted": {k: v for k, v in (raw.get("asserted") or {}).items() if v is not None},
                "incident_id": refs.get(inc_ref),
                "confidence": "low" if raw.get("unverified") else "medium",
                "note": (raw.get("note") or "").strip() or None,
                "sources": sources,
            }
            added_claims.append(
                add_claim(
                    session, data, kb, Editor(user=user, reason=f"seed claim ({name})"), ref=key
                ).id
            )
            claims += 1
        # assess the seeded claims once all of them are in (each sees its competitors)
        for claim_id in added_claims:
            run_assessment(session, claim_id, kb, Editor(user=user, reason="seeded claims"))
        lines.append(
            f"seeds {name}: {added} incident(s) added, {enriched} enriched, {claims} claim(s) added"
        )
    return lines
