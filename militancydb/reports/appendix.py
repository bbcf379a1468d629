"""The incident appendix: every incident a footnote points to, with its date, place, type,
toll and source (its first cited source, read from the citations)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from militancydb.analysis.data import Row
from militancydb.codebook import label
from militancydb.db.tables import Citation, Source
from militancydb.reports.model import AppendixRow
from militancydb.services.incident_store import ENTITY


def date_text(r: Row) -> str:
    """The incident's date, with its precision when coarser than a day; a range is written
    short (``2016-08-01–09``, ``2016-07-30–08-02``) so that it fits a date column."""
    if r.precision == "day":
        return r.date.isoformat()
    if r.precision == "month":
        return f"{r.date:%Y-%m} (month)"
    if r.precision == "year":
        return f"{r.date.year} (year)"
    if r.date_end and r.date_end != r.date:
        end = r.date_end
        if end.year != r.date.year:
            tail = end.isoformat()
        elif end.month != r.date.month:
            tail = f"{end:%m-%d}"
        else:
            tail = f"{end:%d}"
        return f"{r.date}–{tail}"
    return f"{r.date} ({r.precision})"


def perpetrator_text(r: Row) -> str:
    """The attributed or confirmed perpetrators with their basis (claimants apart)."""
    names: dict[str, set[str]] = {}
    for a in r.perpetration():
        names.setdefault(a.name, set()).add(
            "confirmed" if a.basis == "confirmed" else label(a.basis).lower()
        )
    if not names:
        return "not attributed"
    return ", ".join(f"{n} ({'; '.join(sorted(b))})" for n, b in sorted(names.items()))


def claimant_text(r: Row) -> str:
    """Who claimed the incident ("" when no claim is recorded)."""
    return ", ".join(sorted({a.name for a in r.claimants()}))


Found = tuple[str, str | None, str | None]
NONE: Found = ("no source recorded", None, None)


def _sources(session: Session, ids: list[int]) -> dict[int, Found]:
    """The first source of each incident (its citations in the order recorded), read from
    the citations and sources tables directly: no incident objects are built."""
    out: dict[int, Found] = {}
    more: dict[int, int] = {}
    for i in range(0, len(ids), 900):
        chunk = [str(x) for x in ids[i : i + 900]]
        query = (
            select(Citation.entity_id, Citation.locator, Source.publisher, Source.key, Source.url)
            .join(Source, Source.id == Citation.source_id)
            .where(Citation.entity_type == ENTITY, Citation.entity_id.in_(chunk))
            .order_by(Citation.id)
        )
        for entity_id, locator, publisher, key, url in session.execute(query):
            iid = int(entity_id)
            if iid in out:
                more[iid] += 1
                continue
            more[iid] = 0
            where = (locator or "").split(";")[0].strip()
            out[iid] = (where or publisher or key or "", url, publisher)
    for iid, (text, url, publisher) in out.items():
        if more[iid]:
            text += f" (+{more[iid]} more)"
        out[iid] = (text or "source without a name", url, publisher)
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
            perpetrators=perpetrator_text(r),
            claimants=claimant_text(r),
            source=sources.get(r.id, NONE)[0],
            source_url=sources.get(r.id, NONE)[1],
            part=part,
            publisher=sources.get(r.id, NONE)[2],
        )
        for part, r in chosen
    ]
