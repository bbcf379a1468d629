"""The shipped corpus of claims, denials, disputes and retractions, and of responsibility
established later (``militancydb/seeds/claims/YYYY.yaml``, sources in
``knowledge/data/sources/claims_YYYY.yaml``): reading the files and checking them.

A claim entry names its incident either as ``ucdp:<event id>`` (an event of the bundled
UCDP data) or by the ``ref`` of an incident that a seed file adds with its own sources.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml
from pydantic import ValidationError

from militancydb.codebook import ClaimChannel, ClaimKind, Confidence
from militancydb.domain.claim import ClaimCreate
from militancydb.knowledge.actors import ActorRegistry
from militancydb.knowledge.shipped import SourceRecord
from militancydb.services.claims import claim_day

BASES = (
    "court_verdict",
    "official_investigation",
    "capture_confession",
    "later_admission",
    "later_denial",
)
FINDINGS = ("responsible", "not_responsible")


@dataclass(frozen=True)
class SeedFile:
    """One seed file as read: its name (``claims/2014.yaml``) and its content."""

    name: str
    doc: dict[str, Any]


def seed_files() -> list[SeedFile]:
    """Every seed file: ``seeds/*.yaml`` first, then the corpus ``seeds/claims/*.yaml``."""
    root = resources.files("militancydb").joinpath("seeds")
    out: list[SeedFile] = []
    for folder, prefix in ((root, ""), (root.joinpath("claims"), "claims/")):
        if not folder.is_dir():
            continue
        for f in sorted(folder.iterdir(), key=lambda f: f.name):
            if f.name.endswith(".yaml"):
                out.append(SeedFile(prefix + f.name, yaml.safe_load(f.read_text("utf-8")) or {}))
    return out


def bundled_ucdp_ids() -> set[str]:
    """The event ids of the bundled UCDP file."""
    path = resources.files("militancydb.datasets").joinpath("ucdp-ged-pakistan-1989-2021.csv")
    with path.open("r", encoding="utf-8") as fh:
        return {row["id"] for row in csv.DictReader(fh)}


def claim_key(raw: dict[str, Any]) -> str:
    """The stable reference of a corpus claim (its ``id``, or built from its fields)."""
    if raw.get("id"):
        return str(raw["id"])
    kind = raw.get("kind", "claim")
    return f"{raw['incident']}:{raw['claimant']}:{kind}:{raw.get('claimed_at') or ''}"


def claim_payload(raw: dict[str, Any], incident_id: int | None) -> dict[str, Any]:
    """A corpus claim entry as the input of :func:`militancydb.services.claims.add_claim`."""
    sources = [{"key": k} for k in raw.get("sources") or []]
    if raw.get("statement_source") and raw["statement_source"] not in (raw.get("sources") or []):
        sources.insert(0, {"key": raw["statement_source"]})
    note = (raw.get("note") or "").strip()
    named = (raw.get("claimant_as_named") or "").strip()
    if named:
        note = f"Named in the reports as: {named}." + (f" {note}" if note else "")
    confidence = raw.get("confidence") or ("low" if raw.get("unverified") else "medium")
    return {
        "claimant": raw["claimant"],
        "kind": raw.get("kind", "claim"),
        "channel": raw.get("channel", "unknown"),
        "channel_name": raw.get("channel_name"),
        "claimed_at": str(raw["claimed_at"]) if raw.get("claimed_at") else None,
        "languages": list(raw.get("languages") or []),
        "statement_text": raw.get("statement_text"),
        "statement_language": raw.get("statement_language"),
        "translation": raw.get("translation"),
        "summary": " ".join((raw.get("summary") or "").split()) or None,
        "asserted": {k: v for k, v in (raw.get("asserted") or {}).items() if v is not None},
        "incident_id": incident_id,
        "confidence": confidence,
        "status": raw.get("status", "asserted"),
        "note": note or None,
        "sources": sources,
    }


def claim_model_problems(raw: dict[str, Any]) -> list[str]:
    """What the claim model (the one ``add_claim`` validates with) refuses in an entry: a
    toll asserted as words (``killed: "about 30"``: put words in ``toll``), an unknown
    status, a malformed date, ..."""
    try:
        ClaimCreate.model_validate(claim_payload(raw, None))
    except ValidationError as exc:
        out = []
        for e in exc.errors():
            field = ".".join(str(p) for p in e["loc"])
            hint = (
                " (a number; give the group's words in `toll`)"
                if field in ("asserted.killed", "asserted.injured")
                else ""
            )
            out.append(f"{field}: {e['msg']}{hint}")
        return out
    return []


#: Fields of a claim entry that the check above reads itself (one message each, not two).
CHECKED_ABOVE = frozenset(
    {
        "kind",
        "channel",
        "confidence",
        "statement_language",
        "statement_text",
        "translation",
        "channel_name",
    }
)

CLAIM_FIELDS = frozenset(
    {
        "incident",
        "id",
        "claimant",
        "claimant_as_named",
        "kind",
        "channel",
        "channel_name",
        "claimed_at",
        "languages",
        "statement_text",
        "statement_language",
        "translation",
        "statement_source",
        "asserted",
        "confidence",
        "status",
        "summary",
        "note",
        "sources",
        "unverified",
    }
)
ESTABLISHED_FIELDS = frozenset(
    {
        "incident",
        "id",
        "actor",
        "finding",
        "basis",
        "by",
        "established_on",
        "confidence",
        "summary",
        "note",
        "sources",
    }
)


def _unknown_fields(where: str, raw: dict[str, Any], allowed: frozenset[str]) -> list[str]:
    return [f"{where}: unknown field {k!r}" for k in sorted(set(raw) - allowed)]


def _good_source(src: SourceRecord | None) -> bool:
    return src is not None and bool(src.publisher) and bool(src.published)


def check_corpus(
    files: list[SeedFile],
    registry: ActorRegistry,
    sources: dict[str, SourceRecord],
    ucdp_ids: set[str],
    incident_problems: Callable[[dict[str, Any]], list[str]] | None = None,
) -> list[str]:
    """Every problem in the corpus: a claim or established record without a source (in the
    corpus files ``claims/*.yaml``: without a source that has a publisher and a date), an
    unknown source id, a claimant or actor the registry does not resolve, an unknown incident,
    kind, channel, confidence, basis or finding."""
    problems: list[str] = []
    refs = {str(i["ref"]) for f in files for i in f.doc.get("incidents") or []}
    seen: set[str] = set()

    def incident(where: str, ref: Any) -> None:
        text = str(ref or "")
        if text.startswith("ucdp:"):
            if text[5:] not in ucdp_ids:
                problems.append(f"{where}: UCDP event {text[5:]} is not in the bundled data")
        elif text not in refs:
            problems.append(f"{where}: incident {text!r} is neither ucdp:<id> nor a seed ref")

    def cited(where: str, ids: list[Any], dated: bool) -> None:
        for s in ids:
            if str(s) not in sources:
                problems.append(
                    f"{where}: unknown source id {s!r} (add it to sources/claims_*.yaml)"
                )
        if not ids:
            problems.append(f"{where}: no source (add `sources: [id, ...]`)")
        elif dated and not any(_good_source(sources.get(str(s))) for s in ids):
            problems.append(f"{where}: no source with a publisher and a date")

    def actor(where: str, name: Any, field: str, on: Any = None) -> None:
        # resolved on the day, as the services resolve it when the corpus is loaded
        try:
            day = claim_day(str(on)) if on else None
        except ValueError:
            day = None  # a malformed date is reported by the claim model
        if not name or registry.resolve(str(name), on=day).key is None:
            problems.append(f"{where}: {field} {name!r} does not resolve in the actor registry")

    def choice(where: str, field: str, value: Any, allowed: tuple[str, ...]) -> None:
        if value not in allowed:
            problems.append(f"{where}: {field} {value!r} is not one of {', '.join(allowed)}")

    for f in files:
        for raw in f.doc.get("incidents") or []:
            if incident_problems is not None and raw.get("ucdp_id") is None:
                for p in incident_problems(raw):
                    problems.append(f"{f.name} incident {raw.get('ref')}: {p}")
            if f.name.startswith("claims/"):
                cited(f"{f.name} incident {raw.get('ref')}", list(raw.get("sources") or []), True)
        for n, raw in enumerate(f.doc.get("claims") or []):
            where = f"{f.name} claim {n + 1}"
            if not isinstance(raw, dict) or "incident" not in raw or "claimant" not in raw:
                problems.append(f"{where}: needs at least incident and claimant")
                continue
            problems.extend(_unknown_fields(where, raw, CLAIM_FIELDS))
            for field in ("statement_language", "statement_text", "translation", "channel_name"):
                if field in raw and raw[field] is not None and not isinstance(raw[field], str):
                    problems.append(
                        f"{where}: {field} must be text (quote it: YAML reads no/on as booleans)"
                    )
            key = claim_key(raw)
            if key in seen:
                problems.append(f"{where}: reference {key!r} is used twice (give it an id)")
            seen.add(key)
            incident(where, raw["incident"])
            actor(where, raw["claimant"], "claimant", raw.get("claimed_at"))
            problems.extend(
                f"{where}: {p}"
                for p in claim_model_problems(raw)
                if p.split(":")[0].split(".")[0] not in CHECKED_ABOVE
            )
            choice(where, "kind", raw.get("kind", "claim"), tuple(k.value for k in ClaimKind))
            choice(
                where,
                "channel",
                raw.get("channel", "unknown"),
                tuple(c.value for c in ClaimChannel),
            )
            choice(
                where,
                "confidence",
                raw.get("confidence", "medium"),
                tuple(c.value for c in Confidence),
            )
            cited(where, list(raw.get("sources") or []), f.name.startswith("claims/"))
        for n, raw in enumerate(f.doc.get("established") or []):
            where = f"{f.name} established {n + 1}"
            if not isinstance(raw, dict):
                problems.append(f"{where}: not a mapping")
                continue
            problems.extend(_unknown_fields(where, raw, ESTABLISHED_FIELDS))
            incident(where, raw.get("incident"))
            actor(where, raw.get("actor"), "actor")
            choice(where, "basis", raw.get("basis"), BASES)
            choice(where, "finding", raw.get("finding", "responsible"), FINDINGS)
            choice(
                where,
                "confidence",
                raw.get("confidence", "medium"),
                tuple(c.value for c in Confidence),
            )
            if not raw.get("by"):
                problems.append(f"{where}: `by` (who established it) is missing")
            cited(where, list(raw.get("sources") or []), f.name.startswith("claims/"))
    return problems
