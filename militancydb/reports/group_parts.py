"""Parts of the group brief: leaders, network, losses, tactics, operational status and
territory, each from one core answer, with sources and footnotes attached."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from militancydb.analysis.actor_questions import LeadershipAnswer, NetworkAnswer, TacticsAnswer
from militancydb.analysis.data import Row
from militancydb.analysis.losses import LossesAnswer, PersonLoss
from militancydb.analysis.operational import OperationalAnswer
from militancydb.codebook import label
from militancydb.domain.dates import earliest
from militancydb.knowledge.actor_records import TerritoryRecord
from militancydb.knowledge.loader import Knowledge
from militancydb.reports.group_model import (
    Fact,
    LeaderItem,
    LossesPart,
    NetworkItem,
    OperationalPart,
    TerritoryItem,
)
from militancydb.reports.model import Figure, Notes, SourceBook, Table, TableRow
from militancydb.reports.tally import total


def when(value: str | None) -> str:
    """``on 2016-07-26``, ``in 2016-07``, ``in 2016``, or ``on a date not recorded``."""
    if not value:
        return "on a date not recorded"
    return f"on {value}" if len(value) >= 10 else f"in {value}"


def by_then(value: str | None, day: dt.date) -> str | None:
    """A date as known on ``day``: one that may fall after it is left out."""
    lo = earliest(value)
    return value if lo is not None and lo <= day else None


def place_name(kb: Knowledge, key: str) -> str:
    """A place key as its name, with the province for districts."""
    p = kb.gazetteer.get(key)
    if p is None:
        return key
    parent = kb.gazetteer.get(p.parent) if p.parent else None
    if parent is not None and parent.kind not in ("country",):
        return f"{p.name} ({parent.name})"
    return p.name


def actor_name(kb: Knowledge, key: str | None) -> str:
    """An actor key as its name."""
    if not key:
        return ""
    a = kb.registry.actors.get(key)
    return a.name if a else key


def person_fact(kb: Knowledge, x: PersonLoss, book: SourceBook) -> Fact:
    """``Hafiz Saeed Khan (emir) killed on 2016-07-26 by US forces — US drone strike``."""
    e = x.event
    by = f" by {actor_name(kb, e.by)}" if e.by else ""
    where = f" in {place_name(kb, e.place)}" if e.place else ""
    how = f" — {e.how}" if e.how else ""
    return Fact(
        f"{x.name} ({x.roles}) {e.type} {when(e.date)}{where}{by}{how}",
        book.cite(e.sources),
    )


def leader_items(kb: Knowledge, la: LeadershipAnswer, book: SourceBook) -> list[LeaderItem]:
    """Predecessors then current leaders, each with fates up to the date."""
    out = []
    for views, current in ((la.predecessors, False), (la.current, True)):
        for v in views:
            fates = tuple(
                Fact(
                    f"{f.type} {when(f.date)}"
                    + (f" by {actor_name(kb, f.by)}" if f.by else "")
                    + (f" ({f.how})" if f.how else ""),
                    book.cite(f.sources),
                )
                for f in v.fates
                if by_then(f.date, la.on)
            )
            end = by_then(v.end, la.on)
            out.append(
                LeaderItem(v.name, v.role, v.start, end, current, fates, book.cite(v.sources))
            )
    return out


def network_items(net: NetworkAnswer, book: SourceBook) -> list[NetworkItem]:
    """The group's ties begun by the date (ends after it are not shown)."""
    return [
        NetworkItem(
            e.start,
            by_then(e.end, net.on),
            e.type,
            e.source_actor + (" (a segment)" if e.partial else ""),
            e.target_actor,
            e.active,
            e.confidence,
            e.note,
            book.cite(e.sources),
        )
        for e in net.entries
    ]


def losses_part(kb: Knowledge, lo: LossesAnswer, notes: Notes, book: SourceBook) -> LossesPart:
    """Militants killed and arrested, leaders lost, defections, territory lost."""
    table = Table("Militants killed, by kind of incident", ("Kind of incident", "Militants killed"))
    for kind, n in sorted(lo.by_kind.items(), key=lambda kv: -kv[1]):
        table.rows.append(TableRow(label(kind), (Figure(n),)))
    part = LossesPart(
        lo.start,
        lo.end,
        Figure(lo.militants_killed, notes.cite("militants killed", lo.militants_killed_incidents)),
        Figure(lo.militants_arrested, notes.cite("militants arrested", lo.arrested_incidents)),
        table,
        [person_fact(kb, x, book) for x in lo.leaders],
        [person_fact(kb, x, book) for x in lo.defections],
        caveats=list(lo.caveats[:1]),
    )
    for t in lo.territory_lost:
        part.territory.append(
            Fact(
                f"{place_name(kb, t.place)}: {t.status} {t.start or ''}"
                + (f" to {t.end}" if t.end else ""),
                book.cite(t.sources),
            )
        )
    for r in lo.relations_lost:
        part.defections.append(
            Fact(
                f"{r.start}: {actor_name(kb, r.source_actor)} — {r.type} — "
                f"{actor_name(kb, r.target_actor)}" + (" (a segment)" if r.partial else ""),
                book.cite(r.sources),
            )
        )
    return part


def tactics_table(
    ta: TacticsAnswer, rows: list[Row], as_of: dt.date, notes: Notes
) -> tuple[Table, list[str]]:
    """Attacks by year up to the date: the core's years, the date's own year counted from the
    attacks up to the date only."""
    table = Table(
        f"Attacks by {ta.actor_name}, by year",
        ("Year", "Attacks", "Killed", "10+ killed", "Suicide", "Main tactics", "Main targets"),
    )
    mine = {r.id for r in rows}
    obs: list[str] = []
    for y in ta.years:
        if y.year > as_of.year:
            continue
        rs = [r for r in rows if r.date.year == y.year]
        name = str(y.year)
        if not set(y.ids) <= mine:
            name += f" (to {as_of})"
        killed, rec, _ = total(rs, lambda r: r.killed)
        tactics = Counter(t for r in rs for t in r.tactics).most_common(3)
        targets = Counter(t for r in rs for t in set(r.targets)).most_common(3)
        note = notes.cite(f"attacks in {name}", [r.id for r in rs])
        table.rows.append(
            TableRow(
                name,
                (
                    Figure(len(rs), note),
                    Figure(killed, note, rec, len(rs)),
                    Figure(sum(1 for r in rs if (r.killed or 0) >= 10)),
                    Figure(sum(1 for r in rs if r.suicide or "suicide_bombing" in r.tactics)),
                    ", ".join(f"{label(k)} ({v})" for k, v in tactics) or "not recorded",
                    ", ".join(f"{label(k)} ({v})" for k, v in targets) or "not recorded",
                ),
                note,
            )
        )
    if not table.rows:
        obs.append(f"No attack by {ta.actor_name} is recorded in the database up to {as_of}.")
    return table, obs


def operational_part(
    kb: Knowledge, op: OperationalAnswer, held: int, notes: Notes
) -> OperationalPart:
    """The verdict for one country, its reasons and counts by year."""
    table = Table(
        "By year",
        ("Year", "Own claims", "Attributed by datasets or officials", "Confirmed"),
    )
    for y in op.by_year:
        table.rows.append(
            TableRow(str(y.year), (Figure(y.claimed), Figure(y.attributed), Figure(y.confirmed)))
        )
    p = kb.gazetteer.get(op.country)
    coverage = None
    if held == 0:
        coverage = (
            f"The database holds no incident in {p.name if p else op.country} for the twelve "
            f"months to {op.on}; the absence of a record here says nothing about the group's "
            "activity there."
        )
    return OperationalPart(
        op.country,
        p.name if p else op.country,
        op.verdict,
        op.reasons,
        op.disagreements,
        table,
        coverage,
        notes.cite(f"operational in {op.country}", op.incidents),
    )


def territory_items(
    kb: Knowledge, records: list[TerritoryRecord], as_of: dt.date, book: SourceBook
) -> list[TerritoryItem]:
    """Territory records begun by the date, in date order; ``holds`` if in force then."""
    out = []
    for t in sorted(records, key=lambda t: (t.start or "", t.place)):
        lo = earliest(t.start)
        if lo is not None and lo > as_of:
            continue
        out.append(
            TerritoryItem(
                place_name(kb, t.place),
                t.status,
                t.start,
                by_then(t.end, as_of),
                t.active_on(as_of),
                t.note,
                book.cite(t.sources),
            )
        )
    return out
