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
- ``gname``..``gname3``: the attributed, suspected or confirmed perpetrators in order (a
  group that only claimed the attack is never one); ``guncertain`` 1 when the only basis is
  ``suspected``.
- The claim fields come from the incident's claim records (a registry actor's or a group's
  the registry does not hold), not from its perpetrators: ``claimed`` 1 when a claim stands
  (``claimmode`` that of gname's claim if gname claimed, else of the first claim); 0 when
  no claim is recorded and the incident has a perpetrator; empty (unknown) when every claim
  was retracted, GTD's codebook having no code for a claim taken back. ``claim2``/``claim3``
  1 when gname2/gname3 claimed (the same actor, or the same name as written), with their
  modes: the claim's GTD channel name, else its channel through the crosswalk.
  ``compclaim`` 1 when a claim is disputed (GTD's own ``compclaim`` 1 is imported so; GTD
  tells competing claims from joint ones, which ``claims competing`` cannot). Denials are
  not claims; a claim kept only as a ``claimed`` attribution by a name the registry does not
  hold (a dataset import's, with no claim record) counts as that name's claim.
- ``nkill``/``nwound`` the totals, ``nkillter``/``nwoundte`` the militants' figures (best);
  unknown is an empty cell, as in GTD releases.
- ``dbsource`` and ``scite1..3`` from the GTD citations; else the sources' titles or URLs.
"""

from __future__ import annotations

from typing import Any

from militancydb.codebook.crosswalk import their_labels, to_theirs
from militancydb.domain.incident import IncidentPublic
from militancydb.io import gtd_codes as g
from militancydb.io.export_claims import ClaimInfo, claim_of, standing_claims

#: GTD numeric country codes (GTD codebook) of the countries the gazetteer holds.
COUNTRY_CODES = {"PK": 153, "AF": 4}

__all__ = ["GTD_COLUMNS", "COUNTRY_CODES", "ClaimInfo", "gtd_row"]

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
    """One incident as a GTD row (see the module docstring); ``claims`` are the incident's
    claim records (claims and retractions)."""
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
    """``gname``..``gname3`` are the attributed, suspected or confirmed perpetrators, never a
    group that only claimed the attack; the claim records fill the claim fields."""
    perps = i.perpetrators()
    names: list[str] = []
    for a in perps:
        if a.basis != "claimed" and a.actor_name not in names:
            names.append(a.actor_name)
    for slot, name in enumerate(names[:3], start=1):
        bases = {a.basis for a in perps if a.actor_name == name and a.basis != "claimed"}
        row["gname" + ("" if slot == 1 else str(slot))] = name
        row[f"guncertain{slot}"] = 1 if bases == {"suspected"} else 0
    standing, withdrawn = standing_claims(i, claims)
    if not standing:
        # no claim record: "No" when the incident has a perpetrator; only withdrawn claims:
        # GTD's codebook has no code for a claim taken back, so unknown (an empty cell)
        if names and not withdrawn:
            row["claimed"] = 0
            for slot in range(2, min(len(names), 3) + 1):
                row[f"claim{slot}"] = 0
        return
    row["claimed"] = 1
    slots = [claim_of(i, standing, name) for name in names[:3]]
    first = slots[0] if slots and slots[0] is not None else standing[0]
    _mode(first, "claimmode", row)
    for slot, record in enumerate(slots[1:], start=2):
        row[f"claim{slot}"] = 0 if record is None else 1
        if record is not None:
            _mode(record, f"claimmode{slot}", row)
    # GTD tells competing claims from joint ones (a release's row may have two claimants
    # and compclaim 0); the import keeps its compclaim 1 as the claims' ``disputed`` status
    row["compclaim"] = 1 if any(c.status == "disputed" for c in standing) else 0


def _mode(record: ClaimInfo, mode: str, row: dict[str, Any]) -> None:
    """The claim mode of a claim: the record's GTD channel name, else its channel through the
    crosswalk (an unknown channel is GTD's ``Unknown``)."""
    labels = their_labels("gtd", "claimmode")
    label = record.channel_name if record.channel_name in labels else None
    if label is None:
        p = to_theirs("gtd", "claimmode", record.channel)
        label = p.theirs if p else None
    if label in labels:
        row[mode], row[f"{mode}_txt"] = labels.index(label) + 1, label


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
