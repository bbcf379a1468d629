"""The incident appendix: every incident a footnote points to, with its date, place, type,
toll and source (its first cited source, read from the citations), up to a number of rows
per part; a part with more lists its deadliest and says how many are left out and where to
find them (:func:`build_appendix`)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field

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


#: Rows listed per part of an appendix at most: a month of a million-incident database holds
#: thousands of incidents, which no reader pages through in a report (and which cost seconds
#: to lay out); the rest are a command away (``incidents list``, ``incidents show``).
APPENDIX_MAX = 500


@dataclass
class Listed:
    """What :func:`build_appendix` chose: the rows, and per part the incidents it holds and
    lists (a part absent here was listed whole)."""

    rows: list[AppendixRow]
    cut: dict[str, tuple[int, int]] = field(default_factory=dict)


def _deadliest_first(r: Row) -> tuple[int, dt.date, int]:
    return (-(r.killed or 0), r.date, r.id)


def choose(
    parts: list[tuple[str, list[Row]]], limit: int | None, keep: Collection[int] = ()
) -> tuple[list[tuple[str, Row]], dict[str, tuple[int, int]]]:
    """Rows part by part (an incident once, in its first part), each part in date order;
    a part of more than ``limit`` incidents lists those in ``keep`` (however many) and
    then the deadliest (most killed, then earliest) up to ``limit``. Also returns, per cut
    part, (incidents in the part, incidents listed)."""
    seen: set[int] = set()
    chosen: list[tuple[str, Row]] = []
    cut: dict[str, tuple[int, int]] = {}
    for part, rows in parts:
        mine = [r for r in rows if r.id not in seen]
        seen.update(r.id for r in mine)
        mine = list({r.id: r for r in mine}.values())
        wanted = sum(1 for r in mine if r.id in keep)
        if limit is not None and len(mine) > max(limit, wanted):
            ranked = sorted(mine, key=lambda r: (r.id not in keep, *_deadliest_first(r)))
            cut[part] = (len(mine), max(limit, wanted))
            mine = ranked[: max(limit, wanted)]
        chosen += [(part, r) for r in sorted(mine, key=lambda r: (r.date, r.id))]
    return chosen, cut


def publishers(session: Session, rows: list[Row]) -> Counter[str]:
    """How many of ``rows`` come from each publisher (that of the incident's first source),
    counted in the rows' order (the first met first among equal counts)."""
    found = _sources(session, [r.id for r in rows])
    return Counter((found.get(r.id, NONE)[2] or NONE[0]) for r in rows)


def build_appendix(
    session: Session,
    parts: list[tuple[str, list[Row]]],
    *,
    limit: int | None = None,
    keep: Collection[int] = (),
) -> Listed:
    """Appendix rows, part by part (an incident is listed once, in its first part), each
    part in date order, at most ``limit`` per part (see :func:`choose`)."""
    chosen, cut = choose(parts, limit, keep)
    sources = _sources(session, [r.id for _, r in chosen])
    rows = [
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
    return Listed(rows, cut)
