"""Incidents in ACLED's export layout (its column names and labels, through the crosswalk).

What an incident of ours becomes (also in ``docs/incidents.md``):

- ``event_id_cnty``: the ACLED id the incident was imported with, else ``MDB`` + our id.
- ``event_type``/``sub_event_type``: the first tactic ACLED has a sub-event type for, else the
  event type (``codebook.crosswalk.acled_types``: an attack by militants on armed forces
  only is "Battles / Armed clash"); a sub-event type kept in the summary's ACLED trailer
  wins. ``disorder_type`` follows the event type.
- ``actor1``/``assoc_actor_1``/``inter1`` and ``actor2``/...: as the ACLED import noted
  them; for other incidents the attributed, suspected or confirmed perpetrators (else the
  parties) are side 1 and the targets (else the other parties) side 2, without an actor
  type; an attack by militants with no perpetrator named has ACLED's "Unidentified Armed
  Group (Country)" as ``actor1``. A group that only claimed the attack is never an actor:
  ACLED has no claim field, so the groups whose claims stand (from the claim records, a
  retracted claim left out) go at the end of ``notes`` as ``[claimed by X; Y]``.
  ``interaction`` joins the two actor type codes, the smaller first (a single side: its
  code and 0).
- ``admin1``/``admin2``: province and district at the time; ``location`` the place detail
  (else the place); ``geo_precision`` 1 exact, 2 near, 3 anything coarser.
- ``fatalities``: the total killed (best); unknown is an empty cell (ACLED itself has none).
- ``source``/``source_scale`` from the ACLED citation, else the sources' publishers;
  ``notes`` the summary (and the claimants); ``tags`` from the trailer; ``timestamp`` when
  the incident last changed (Unix seconds).
"""

from __future__ import annotations

import calendar
from typing import Any

from sqlalchemy.orm import Session

from militancydb.codebook.crosswalk import acled_types, to_ours
from militancydb.codebook.vocab import ATTACK_EVENT_TYPES
from militancydb.domain.incident import IncidentActorOut, IncidentPublic
from militancydb.io import acled_codes as a
from militancydb.io.export_claims import ClaimInfo, claimant_names, claims_of
from militancydb.io.gtd_codes import ISO_TO_GTD

ACLED_COLUMNS = (
    "event_id_cnty event_date year time_precision disorder_type event_type sub_event_type "
    "actor1 assoc_actor_1 inter1 actor2 assoc_actor_2 inter2 interaction civilian_targeting "
    "iso region country admin1 admin2 admin3 location latitude longitude geo_precision "
    "source source_scale notes fatalities tags timestamp"
).split()


def _sides(i: IncidentPublic) -> dict[str, list[IncidentActorOut]]:
    noted: dict[str, list[IncidentActorOut]] = {"1": [], "2": []}
    for x in i.actors:
        note = x.note or ""
        for side in ("1", "2"):
            if note.startswith((f"ACLED actor{side}", f"ACLED assoc_actor_{side}")):
                noted[side].append(x)
    if noted["1"] or noted["2"]:
        return noted

    def of(role: str) -> list[IncidentActorOut]:
        named: dict[str, IncidentActorOut] = {}
        for x in i.actors:  # one per name, in the incident's order, a non-claim link first
            if x.role == role and (
                x.actor_name not in named or named[x.actor_name].basis == "claimed"
            ):
                named[x.actor_name] = x
        return list(named.values())

    # a group that only claimed the attack is not its perpetrator (see claimed_by)
    perps = [x for x in of("perpetrator") if x.basis != "claimed"]
    targets, parties = of("target"), of("party")
    if perps or targets:
        return {"1": perps, "2": targets}
    return {"1": parties[:1], "2": parties[1:]}


def claimed_by(i: IncidentPublic, claims: list[ClaimInfo]) -> list[str]:
    """The groups whose claims stand, from the claim records (ACLED has no claim field: the
    export puts them in ``notes`` as ``[claimed by X; Y]``)."""
    return claimant_names(i, claims)


def _name(x: IncidentActorOut) -> str:
    """The actor's name as ACLED gave it, where the import kept it, else the registry's."""
    return a.read_actor_note(x.note or "")[1] or x.actor_name


def _inter(x: IncidentActorOut | None) -> str:
    note = a.read_actor_note(x.note or "")[0] if x else ""
    if note.endswith(")") and " (" in note:
        label = note.rsplit(" (", 1)[1][:-1]
        if label.lower() in a.INTER_CODE:
            return label
    return ""


def acled_rows(session: Session, incidents: list[IncidentPublic]) -> list[dict[str, Any]]:
    """The incidents as ACLED rows, with their claim records read at once."""
    claims = claims_of(session, [i.id for i in incidents])
    return [acled_row(i, claims.get(i.id, [])) for i in incidents]


def acled_row(i: IncidentPublic, claims: list[ClaimInfo]) -> dict[str, Any]:
    """One incident as an ACLED row (see the module docstring); ``claims`` are its claim
    records (claims and retractions)."""
    summary, notes = a.split_trailer(i.summary)
    loc = i.location
    targets = [t.type for t in i.targets]
    types = acled_types(i.event_type, i.tactics, targets) or ("Strategic developments", "Other")
    if "sub_event_type" in notes:
        p = to_ours("acled", "sub_event_type", notes["sub_event_type"])
        types = (p.parent or types[0], notes["sub_event_type"]) if p else types
    sides = _sides(i)
    row: dict[str, Any] = dict.fromkeys(ACLED_COLUMNS, "")
    codes = []
    for side in ("1", "2"):
        actors = sides[side]
        first = actors[0] if actors else None
        row[f"actor{side}"] = _name(first) if first else ""
        row[f"assoc_actor_{side}"] = "; ".join(_name(x) for x in actors[1:])
        row[f"inter{side}"] = _inter(first)
        if row[f"inter{side}"]:
            codes.append(int(a.INTER_CODE[row[f"inter{side}"].lower()]))
    if not sides["1"] and i.event_type in ATTACK_EVENT_TYPES:
        # ACLED's own label for a perpetrator nobody identified
        row["actor1"] = f"Unidentified Armed Group ({ISO_TO_GTD.get(loc.country, loc.country)})"
    if codes:
        codes.sort()
        row["interaction"] = f"{codes[0]}{codes[1] if len(codes) > 1 else 0}"
    source, scale = "", ""
    for s in i.sources:
        if s.source_key == "acled" and s.excerpt:
            parts = dict(p.split(": ", 1) for p in s.excerpt.split("; ") if ": " in p)
            source, scale = parts.get("source", ""), parts.get("source_scale", "")
    if not source:
        source = "; ".join(
            dict.fromkeys(s.publisher for s in i.sources if s.publisher and s.source_key != "acled")
        )
    row.update(
        event_id_cnty=i.external_ids.get("acled") or f"MDB{i.id}",
        event_date=i.date_start.isoformat(),
        year=i.date_start.year,
        time_precision=a.PRECISION_TO_TIME.get(i.date_precision, 1),
        disorder_type=a.DISORDER.get(types[0], ""),
        event_type=types[0],
        sub_event_type=types[1],
        civilian_targeting="Civilian targeting"
        if any(t.type == "civilians" for t in i.targets)
        else "",
        iso=a.ISO_NUMERIC.get(loc.country, ""),
        country=ISO_TO_GTD.get(loc.country, loc.country),
        admin1=loc.province_name or "",
        admin2=loc.district_name or "",
        location=loc.place_detail or loc.place_name or "",
        latitude="" if loc.latitude is None else loc.latitude,
        longitude="" if loc.longitude is None else loc.longitude,
        geo_precision=a.PRECISION_TO_GEO.get(loc.geo_precision, 3),
        source=source,
        source_scale=scale,
        notes=_notes(summary or "", claimed_by(i, claims)),
        fatalities="" if i.totals.killed_best is None else i.totals.killed_best,
        tags=notes.get("tags", ""),
        timestamp=calendar.timegm(i.updated_at.utctimetuple()),
    )
    return row


def _notes(summary: str, claimants: list[str]) -> str:
    if not claimants:
        return summary
    mark = f"[claimed by {'; '.join(claimants)}]"
    return f"{summary} {mark}" if summary else mark
