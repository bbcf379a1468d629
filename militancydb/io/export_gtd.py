"""Incidents in the GTD's layout (its column names, codes and labels, through the crosswalk).

What an incident of ours becomes (also in ``docs/incidents.md``):

- ``eventid``: the GTD id the incident was imported with, else ``mdb`` + our id.
- Dates: ``iday`` 0 for a month, ``imonth`` and ``iday`` 0 for a year; an end date gives
  ``extended`` 1 and ``resolution``; ``approxdate`` and ``success`` 0 come back from the
  summary's GTD trailer lines.
- ``provstate`` is the province at the time, ``city`` the place detail (else the place);
  ``specificity`` from the precision (exact 1, near 2, district 3, province 4, else 5).
- Each tactic gives its GTD attack type and its weapon type (first crosswalk row), in order,
  without repeats, three attack and four weapon types at most; targets their target type
  and ``target1..3`` their descriptions.
- ``gname``..``gname3``: the perpetrators in order; ``guncertain`` 1 when the only basis is
  ``suspected``; ``claimed``/``claim2``/``claim3`` 1 when the group claimed, with the claim's
  mode (the claim record's GTD channel name, else its channel through the crosswalk);
  ``compclaim`` 1 when a claim is disputed.
- ``nkill``/``nwound`` the totals, ``nkillter``/``nwoundte`` the militants' figures (best);
  unknown is an empty cell, as in GTD releases.
- ``dbsource`` and ``scite1..3`` from the GTD citations; else the sources' titles or URLs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from militancydb.codebook.crosswalk import their_labels, to_theirs
from militancydb.domain.incident import IncidentPublic
from militancydb.io import gtd_codes as g

#: GTD numeric country codes (GTD codebook) of the countries the gazetteer holds.
COUNTRY_CODES = {"PK": 153, "AF": 4}

GTD_COLUMNS = (
    ["eventid", "iyear", "imonth", "iday", "approxdate", "extended", "resolution"]
    + ["country", "country_txt", "provstate", "city", "latitude", "longitude", "specificity"]
    + ["summary", "success", "suicide"]
    + [f"attacktype{i}{s}" for i in (1, 2, 3) for s in ("", "_txt")]
    + [c for i in (1, 2, 3) for c in (f"targtype{i}", f"targtype{i}_txt", f"target{i}")]
    + ["gname", "gname2", "gname3", "guncertain1", "guncertain2", "guncertain3"]
    + ["claimed", "claimmode", "claimmode_txt", "claim2", "claimmode2", "claimmode2_txt"]
    + ["claim3", "claimmode3", "claimmode3_txt", "compclaim"]
    + [f"weaptype{i}{s}" for i in (1, 2, 3, 4) for s in ("", "_txt")]
    + ["nkill", "nkillter", "nwound", "nwoundte", "dbsource", "scite1", "scite2", "scite3"]
)


@dataclass(frozen=True)
class ClaimInfo:
    """What the export needs of a claim record."""

    claimant_key: str | None
    channel: str
    channel_name: str | None
    status: str


def _codes(table: str, tactics_or_types: list[str], most: int) -> list[str]:
    out: list[str] = []
    for code in tactics_or_types:
        p = to_theirs("gtd", table, code)
        if p is not None and p.theirs not in out:
            out.append(p.theirs)
    return out[:most]


def _blank(value: Any) -> Any:
    return "" if value is None else value


def gtd_row(i: IncidentPublic, claims: list[ClaimInfo] | None = None) -> dict[str, Any]:
    """One incident as a GTD row (see the module docstring)."""
    claims = claims or []
    summary, notes = g.split_trailer(i.summary)
    loc = i.location
    row: dict[str, Any] = dict.fromkeys(GTD_COLUMNS, "")
    day = i.date_start
    row.update(
        eventid=i.external_ids.get("gtd") or f"mdb{i.id}",
        iyear=day.year,
        imonth=0 if i.date_precision == "year" else day.month,
        iday=day.day if i.date_precision not in ("year", "month") else 0,
        approxdate=notes.get("approxdate", ""),
        extended=0,
        country=_blank(COUNTRY_CODES.get(loc.country)),
        country_txt=g.ISO_TO_GTD.get(loc.country, loc.country),
        provstate=loc.province_name or "Unknown",
        city=loc.place_detail or loc.place_name or "Unknown",
        latitude=_blank(loc.latitude),
        longitude=_blank(loc.longitude),
        specificity=g.PRECISION_TO_SPECIFICITY.get(loc.geo_precision, 5),
        summary=summary or "",
        success=0 if notes.get("success") == "0" else 1,
        suicide=1 if i.suicide else 0,
    )
    if i.date_end and i.date_precision in ("day", "days"):
        row.update(extended=1, resolution=i.date_end.isoformat())
    for n, label in enumerate(_codes("attacktype1", i.tactics, 3), start=1):
        row[f"attacktype{n}"], row[f"attacktype{n}_txt"] = g.code_of("attacktype1", label), label
    for n, label in enumerate(_codes("weaptype1", i.tactics, 4), start=1):
        row[f"weaptype{n}"], row[f"weaptype{n}_txt"] = g.code_of("weaptype1", label), label
    for n, t in enumerate(i.targets[:3], start=1):
        p = to_theirs("gtd", "targtype1", t.type)
        label = p.theirs if p else "Unknown"
        row[f"targtype{n}"], row[f"targtype{n}_txt"] = g.code_of("targtype1", label), label
        row[f"target{n}"] = t.description or ""
    _perpetrators(i, claims, row)
    for key in ("nkill", "nkillter", "nwound", "nwoundte"):
        category = "militants" if key.endswith(("ter", "te")) else "total"
        outcome = "killed" if key.startswith("nkill") else "injured"
        f = i.figure(category, outcome)
        value = f.best if f else None
        if category == "total" and f is None:
            value = i.totals.killed_best if outcome == "killed" else i.totals.injured_best
        row[key] = _blank(value)
    _sources(i, row)
    return row


def _perpetrators(i: IncidentPublic, claims: list[ClaimInfo], row: dict[str, Any]) -> None:
    names: list[str] = []
    for a in i.perpetrators():
        if a.actor_name not in names:
            names.append(a.actor_name)
    labels = their_labels("gtd", "claimmode")
    any_claim = False
    for slot, name in enumerate(names[:3], start=1):
        links = [a for a in i.perpetrators() if a.actor_name == name]
        bases = {a.basis for a in links if a.basis != "claimed"}
        suffix = "" if slot == 1 else str(slot)
        row["gname" + suffix] = name
        row[f"guncertain{slot}"] = 1 if bases == {"suspected"} else 0
        flag, mode = ("claimed", "claimmode") if slot == 1 else (f"claim{slot}", f"claimmode{slot}")
        claim = [a for a in links if a.basis == "claimed"]
        row[flag] = 1 if claim else 0
        if not claim:
            continue
        any_claim = True
        key = claim[0].actor_key
        record = next((c for c in claims if key and c.claimant_key == key), None)
        label = None
        if record is not None:
            label = record.channel_name if record.channel_name in labels else None
            if label is None:
                p = to_theirs("gtd", "claimmode", record.channel)
                label = p.theirs if p else None
        elif claim[0].note and f"{mode}: " in claim[0].note:
            label = claim[0].note.split(f"{mode}: ", 1)[1]
        if label in labels:
            row[mode], row[f"{mode}_txt"] = labels.index(label) + 1, label
    if any_claim:
        row["compclaim"] = 1 if any(c.status == "disputed" for c in claims) else 0


def _sources(i: IncidentPublic, row: dict[str, Any]) -> None:
    scites: list[str] = []
    for s in i.sources:
        locator = s.locator or ""
        if s.source_key == "gtd" and "; dbsource " in locator:
            row["dbsource"] = locator.split("; dbsource ", 1)[1]
        elif locator.startswith("scite") and s.title:
            scites.append(s.title)
        elif s.source_key not in ("gtd",) and (s.title or s.url):
            scites.append(s.title or s.url or "")
    for n, text in enumerate(scites[:3], start=1):
        row[f"scite{n}"] = text
