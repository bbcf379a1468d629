"""The incident appendix: every incident a footnote points to, with its date, place, type,
toll and source (sources read through :func:`militancydb.services.incidents.list_incidents`)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from militancydb.analysis.data import Row
from militancydb.codebook import label
from militancydb.reports.model import AppendixRow
from militancydb.services.incident_query import IncidentFilter
from militancydb.services.incidents import list_incidents


def date_text(r: Row) -> str:
    """The incident's date, with its precision when coarser than a day."""
    if r.precision == "day":
        return r.date.isoformat()
    if r.precision == "month":
        return f"{r.date:%Y-%m} (month known)"
    if r.precision == "year":
        return f"{r.date.year} (year known)"
    end = f" to {r.date_end}" if r.date_end else ""
    return f"{r.date}{end} ({r.precision})"


Found = tuple[str, str | None, str | None]
NONE: Found = ("no source recorded", None, None)


def _sources(session: Session, ids: list[int]) -> dict[int, Found]:
    out: dict[int, Found] = {}
    for i in range(0, len(ids), 500):
        chunk = frozenset(ids[i : i + 500])
        for inc in list_incidents(session, IncidentFilter(ids=chunk, include_deleted=True)).data:
            if not inc.sources:
                out[inc.id] = NONE
                continue
            first = inc.sources[0]
            where = (first.locator or "").split(";")[0].strip()
            text = where or first.publisher or first.source_key or ""
            if len(inc.sources) > 1:
                text += f" (+{len(inc.sources) - 1} more)"
            out[inc.id] = (text or "source without a name", first.url, first.publisher)
    return out


def build_appendix(session: Session, parts: list[tuple[str, list[Row]]]) -> list[AppendixRow]:
    """Appendix rows, part by part (an incident is listed once, in its first part), each
    part in date order."""
    seen: set[int] = set()
    chosen: list[tuple[str, Row]] = []
    for part, rows in parts:
        for r in sorted(rows, key=lambda r: (r.date, r.id)):
            if r.id not in seen:
                seen.add(r.id)
                chosen.append((part, r))
    sources = _sources(session, [r.id for _, r in chosen])
    return [
        AppendixRow(
            id=r.id,
            date=date_text(r),
            place=r.where,
            province=r.province_name,
            event_type=label(r.event_type),
            killed=r.killed,
            injured=r.injured,
            perpetrators=", ".join(sorted({a.name for a in r.perpetrators()})) or "not recorded",
            source=sources.get(r.id, NONE)[0],
            source_url=sources.get(r.id, NONE)[1],
            part=part,
            publisher=sources.get(r.id, NONE)[2],
        )
        for part, r in chosen
    ]
