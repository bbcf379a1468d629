"""Importer for ACLED exports (CSV or XLSX, the export tool's or the API's columns).

The rules (also in ``docs/importers.md``):

- **Rows.** ``event_id_cnty`` is the dataset id. Rows outside the countries asked for
  (``country``; ``--country``, default PK and AF) are skipped and counted, and so are peaceful
  protests (``sub_event_type`` Peaceful protest, Protest with intervention): they record no
  violence.
- **Date.** ``event_date`` (``2016-08-08`` or ``08 August 2016``); ``time_precision`` 1, 2, 3
  gives the precision day, week, month.
- **Type.** ``sub_event_type`` through the crosswalk: a tactic (Suicide bomb, Grenade,
  Air/drone strike, ...) or an event type. Where the sub-event type does not say who acted,
  ``inter1`` decides: state forces make an explosion an ``operational_attack`` (a drone or air
  strike by the United States a ``drone_strike``) and an attack on civilians
  ``state_violence_against_civilians``; anyone else a ``militant_attack``. A sub-event type
  the crosswalk would not give back on export is kept in the summary
  (``[ACLED sub_event_type: ...]``). ``civilian_targeting`` makes civilians a target.
- **Actors.** ``actor1`` and ``assoc_actor_1`` (``;``-separated) are the perpetrators of
  violence against civilians and of explosions, and parties otherwise; ``actor2`` and
  ``assoc_actor_2`` the targets or parties. Names go through the actor registry (unknown names
  are kept as names); ``inter1``/``inter2`` are kept in the actor's note. ACLED's regime
  period after a state force ("Military Forces of Pakistan (2018-)") is read past; a state
  force the registry does not name apart stands for its state ("Government of Pakistan",
  as UCDP's side does), once per role, and the note keeps ACLED's own name for the export.
  ACLED's labels "Civilians (X)", "Rioters (X)", "Protesters (X)" and "Unidentified Armed
  Group (X)" are not registry gaps and draw no warning. Basis ``attributed_by_dataset``.
- **Place.** ``admin1`` province, ``admin2`` district, ``location`` town (kept as place
  detail), coordinates; ``geo_precision`` 1, 2, 3 gives exact, near, province.
- **Casualties.** ``fatalities`` is the total killed (ACLED's 0 is a coded 0); ACLED counts no
  injuries.
- ``notes`` is the summary; ``source``/``source_scale`` are the dataset citation's excerpt;
  ``tags`` are kept in the summary (``[ACLED tags: ...]``). ``timestamp`` (when ACLED last
  changed the row) is not stored and not part of the row's hash.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from militancydb.codebook.crosswalk import acled_types, crosswalk_version, to_ours
from militancydb.domain.incident import IncidentCreate
from militancydb.errors import ImportFailed
from militancydb.io import acled_codes as a
from militancydb.io.dataset_places import RowPlace, place_of
from militancydb.io.engine import Converted, ImportContext, Importer, Reject, Skip
from militancydb.io.gtd_codes import COUNTRIES
from militancydb.io.parsing import RowError, guarded
from militancydb.io.tabular import Rows, read_table
from militancydb.io.trailer import read_point

PERPETRATED = {"Violence against civilians", "Explosions/Remote violence"}


def _cell(raw: dict[str, str], column: str) -> str | None:
    text = (raw.get(column) or "").strip()
    return text or None


def _date(text: str | None) -> dt.date:
    if not text:
        raise RowError("event_date is empty")
    for fmt in ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d %b %Y"):
        try:
            return dt.datetime.strptime(text[:10] if fmt == "%Y-%m-%d" else text, fmt).date()
        except ValueError:
            continue
    raise RowError(f"event_date {text!r} is not a date (e.g. 2016-08-08 or 08 August 2016)")


class ACLEDImporter(Importer):
    """ACLED export with the codebook's column names."""

    format = "acled"
    system = "acled"
    id_column = "event_id_cnty"
    rules_version = f"acled-1+{crosswalk_version()}"
    options = ("countries",)
    required_columns = (
        "event_id_cnty",
        "event_date",
        "time_precision",
        "event_type",
        "sub_event_type",
        "actor1",
        "actor2",
        "country",
        "admin1",
        "location",
        "latitude",
        "longitude",
        "geo_precision",
        "fatalities",
    )
    source = {
        "key": "acled",
        "kind": "dataset",
        "publisher": "Armed Conflict Location & Event Data Project (ACLED)",
        "title": "ACLED data export",
        "url": "https://acleddata.com",
        "licence": "ACLED terms of use: the user's own copy; not redistributed by militancydb",
    }

    def __init__(self) -> None:
        self.countries: tuple[str, ...] = ("PK", "AF")

    def configure(self, **options: Any) -> None:
        countries = tuple(options.pop("countries", None) or ())
        unknown = [c for c in countries if c not in COUNTRIES.values()]
        if unknown:
            raise ImportFailed(
                f"--country {', '.join(unknown)}: the ACLED importer reads "
                f"{', '.join(COUNTRIES.values())}"
            )
        if countries:
            self.countries = countries
        super().configure(**options)

    def read(self, path: Path) -> Rows:
        for item in read_table(self, path):
            if isinstance(item, Reject):
                yield item
                continue
            n, line, row = item
            row.pop("timestamp", None)  # ACLED's last-change stamp: not the event's content
            yield n, line, row

    def convert(
        self, row: int, raw: dict[str, str], ctx: ImportContext
    ) -> Converted | Reject | Skip:
        name = _cell(raw, "country") or ""
        if not name:
            return Reject(row, "country is empty; every ACLED row names its country")
        if COUNTRIES.get(name) not in self.countries:
            asked = ", ".join(self.countries)
            return Skip(row, f"country {name} (asked for {asked})")
        sub = _cell(raw, "sub_event_type") or ""
        if sub in a.PEACEFUL:
            return Skip(row, f"sub_event_type {sub} (no violence)")
        return guarded(self._convert, row, raw, ctx)

    def _convert(self, row: int, raw: dict[str, str], ctx: ImportContext) -> Converted:
        uid = _cell(raw, "event_id_cnty")
        if not uid:
            raise RowError("event_id_cnty is empty; every ACLED row has its id")
        warnings: list[str] = []
        iso = COUNTRIES[_cell(raw, "country") or ""]
        day = _date(_cell(raw, "event_date"))
        precision = a.TIME_PRECISION.get((_cell(raw, "time_precision") or "1").split(".")[0])
        if precision is None:
            raise RowError(f"time_precision {raw.get('time_precision')!r} is not 1, 2 or 3")
        geo = a.GEO_PRECISION.get((_cell(raw, "geo_precision") or "").split(".")[0])
        if geo is None:
            raise RowError(f"geo_precision {raw.get('geo_precision')!r} is not 1, 2 or 3")
        event_type, sub = _cell(raw, "event_type") or "", _cell(raw, "sub_event_type") or ""
        pairing = to_ours("acled", "sub_event_type", sub)
        if pairing is None or (pairing.parent and pairing.parent != event_type):
            raise RowError(f"event_type/sub_event_type {event_type!r}/{sub!r} is not ACLED's")
        inter1 = a.inter_label(_cell(raw, "inter1"))
        actor1 = _cell(raw, "actor1") or ""
        state = inter1 in ("State forces", "External/Other forces")
        tactics = [pairing.ours] if pairing.vocabulary == "tactic" else []
        if pairing.vocabulary == "event_type" and pairing.ours not in (
            "state_violence_against_civilians",
            "militant_attack",
        ):
            event = pairing.ours
        elif event_type == "Violence against civilians":
            event = "state_violence_against_civilians" if state else "militant_attack"
        elif state and sub == "Air/drone strike" and "United States" in actor1:
            event = "drone_strike"
        else:
            event = "operational_attack" if state else "militant_attack"
        notes: dict[str, str] = {}
        if acled_types(event, tactics) != (event_type, sub):
            notes["sub_event_type"] = sub
        if _cell(raw, "tags"):
            notes["tags"] = _cell(raw, "tags") or ""
        fatalities = _cell(raw, "fatalities")
        if fatalities is not None and not fatalities.isdigit():
            raise RowError(f"fatalities {fatalities!r} is not a count")
        point = self._point(raw, warnings)
        town = _cell(raw, "location")
        location = place_of(
            ctx,
            day,
            RowPlace(
                country=iso,
                province=("admin1", _cell(raw, "admin1") or "") if _cell(raw, "admin1") else None,
                district=("admin2", _cell(raw, "admin2") or "") if _cell(raw, "admin2") else None,
                town=("location", town) if town else None,
                point=point,
                point_precise=geo == "exact",
            ),
            warnings,
        )
        role1, role2 = (
            ("perpetrator", "target") if event_type in PERPETRATED else ("party", "party")
        )
        actors = _once(
            self._actors(raw, "1", role1, day, iso, ctx, warnings)
            + self._actors(raw, "2", role2, day, iso, ctx, warnings)
        )
        data = IncidentCreate.model_validate(
            {
                "date_start": day,
                "date_precision": precision,
                "country": iso,
                "place_detail": town,
                "latitude": point[0] if point else None,
                "longitude": point[1] if point else None,
                "geo_precision": geo,
                "event_type": event,
                "tactics": tactics,
                "suicide": True if "suicide_bombing" in tactics else None,
                "targets": [{"type": "civilians"}] if _cell(raw, "civilian_targeting") else [],
                "casualties": [{"category": "total", "best": int(fatalities)}]
                if fatalities is not None
                else [],
                "actors": actors,
                "summary": a.with_trailer(_cell(raw, "notes"), notes),
                "review_status": "imported",
            },
            context={"dataset": True},
        )
        said = "; ".join(
            f"{c}: {_cell(raw, c)}" for c in ("source", "source_scale") if _cell(raw, c)
        )
        citation = {"source_id": ctx.source_id, "locator": f"ACLED {uid}", "excerpt": said or None}
        return Converted(row, uid, data, location, [citation], warnings)

    def _point(self, raw: dict[str, str], warnings: list[str]) -> tuple[float, float] | None:
        return read_point(*(_cell(raw, "latitude"), _cell(raw, "longitude")), warnings)

    def _resolve(self, name: str, day: dt.date, iso: str, ctx: ImportContext) -> str | None:
        """The registry key of an ACLED actor name: as written, without ACLED's regime
        period; a state force the registry does not name apart ("Police Forces of Pakistan
        (2018-)") stands for its state, as UCDP's "Government of Pakistan" does."""
        reg = ctx.kb.registry
        for text in dict.fromkeys((name, a.actor_forms(name)[0])):
            key = reg.resolve(text, dataset="acled", on=day, country=iso).key
            if key is not None:
                return key
        country = a.actor_forms(name)[1]
        if country is None:
            return None
        return reg.resolve(f"Government of {country}", on=day).key

    def _actors(
        self,
        raw: dict[str, str],
        side: str,
        role: str,
        day: dt.date,
        iso: str,
        ctx: ImportContext,
        warnings: list[str],
    ) -> list[dict[str, Any]]:
        inter = a.inter_label(_cell(raw, f"inter{side}"))
        names = [(f"actor{side}", _cell(raw, f"actor{side}"))]
        assoc = _cell(raw, f"assoc_actor_{side}") or ""
        names += [(f"assoc_actor_{side}", n.strip()) for n in assoc.split(";") if n.strip()]
        out = []
        for column, name in names:
            if not name:
                continue
            cache_key = ("acled-actor", name, iso, day.year)
            if cache_key not in ctx.cache:
                ctx.cache[cache_key] = self._resolve(name, day, iso, ctx)
            key = ctx.cache[cache_key]
            # ACLED's own labels (civilians, rioters, protesters, an unidentified armed
            # group) are kept as names without a warning: no registry entry is missing
            generic = inter in ("Civilians", "Rioters", "Protesters") or a.is_unidentified(name)
            if key is None and not generic:
                warnings.append(f"{column} {name!r} is not in the actor registry; kept as a name")
            record = ctx.kb.registry.get(key) if key else None
            named = name if record is not None and record.name != name else None
            note = a.actor_note(column, inter, named)
            out.append(
                {
                    "actor": key or name,
                    "role": role,
                    "basis": "attributed_by_dataset",
                    "note": note,
                    NAMED: name,
                }
            )
        return out


#: the ACLED name of an actor link, while the links of a row are made
NAMED = "_acled_name"


def _once(links: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The actor links of a row, each registry actor once per role: a second name that
    stands for the same actor ("Military Forces of Pakistan (2013-2018)" and "Police Forces
    of Pakistan (2013-2018)", both the state) is kept as ACLED's name."""
    seen: set[tuple[str, str]] = set()
    out = []
    for link in links:
        named = link.pop(NAMED)
        if (link["actor"], link["role"]) in seen:
            head, _ = a.read_actor_note(link["note"])
            link = {**link, "actor": named, "note": head}
        seen.add((link["actor"], link["role"]))
        out.append(link)
    return out
