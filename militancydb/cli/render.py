"""Rich renderings shared by several commands."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.table import Table

from militancydb.cli.choices import TableJsonCsv
from militancydb.cli.common import console, fmt_int, print_json
from militancydb.codebook import label

if TYPE_CHECKING:
    from militancydb.analysis.summary import Summary
    from militancydb.domain.incident import IncidentPublic
    from militancydb.io.engine import ImportReport
    from militancydb.knowledge.resolution import Candidate, Resolution
    from militancydb.services.history import Change


def print_resolution(text: str, r: Resolution[Any]) -> None:
    """``'TTP': resolved`` and, when a record matched, the match with its rule, score and
    reasons."""
    console.print(f"{text!r}: {r.status}", highlight=False)
    if r.match:
        m = r.match
        console.print(
            f"  → {m.name} [{m.key}] by {m.rule} match ({m.score:.0f}): {'; '.join(m.reasons)}",
            highlight=False,
        )


def print_alternatives(alternatives: Sequence[Candidate]) -> None:
    """Each alternative of a resolution, with the reasons it was not taken."""
    for a in alternatives:
        console.print(f"    {a.name} [{a.key}] ({'; '.join(a.reasons)})", highlight=False)


def print_import_report(r: ImportReport, show: int = 20) -> None:
    """Counts of an import and the first rejected rows."""
    rate = r.rows_total / r.seconds if r.seconds else 0
    console.print(
        f"{r.format} {r.file}: {r.rows_total:,} rows — {r.inserted:,} imported, "
        + (f"{r.merged:,} merged into incidents already held, " if r.merged else "")
        + f"{r.updated:,} updated, {r.unchanged:,} unchanged, {r.rejected:,} rejected, "
        + (f"{r.skipped:,} skipped, " if r.skipped else "")
        + f"{len(r.conflicts):,} in conflict with later edits "
        f"({r.seconds:.2f} s, {rate:,.0f} rows/s; run {r.run_id})",
        highlight=False,
    )
    if not r.accounted:
        console.print("rows are unaccounted for")
    if r.claims_recorded or r.claims_matched:
        console.print(
            f"claims: {r.claims_recorded:,} recorded"
            + (
                f" ({r.claims_unregistered:,} by groups the actor registry does not hold, kept "
                "by name: `militancydb claims list --unregistered`)"
                if r.claims_unregistered
                else ""
            )
            + f", {r.claims_matched:,} already held (the {r.format} added as their source)",
            highlight=False,
        )
    for m in r.merges[:show]:
        console.print(f"  merged row {m.row}: {m.describe(r.format)}", highlight=False)
    if r.possible_duplicates:
        console.print(
            f"{r.linked:,} imported row(s) may duplicate an incident already held (linked as "
            "possible_duplicate; review them with `militancydb incidents show ID`):",
            highlight=False,
        )
    for m in r.possible_duplicates[:show]:
        console.print(f"  row {m.row}: {m.describe(r.format)}", highlight=False)
    for reason, n in sorted(r.skip_reasons.items(), key=lambda kv: -kv[1]):
        console.print(f"  skipped {n:,} row(s): {reason}", highlight=False)
    for con in r.conflicts[:show]:
        console.print(f"  not applied row {con.row}: {con.reason}", highlight=False)
    if r.warnings:
        # group warnings of one kind whatever their numbers ("low 2, best 2, high 1 ...")
        counts: dict[str, int] = {}
        for _, w in r.warnings:
            kind = re.sub(r"\d+", "N", w)
            counts[kind] = counts.get(kind, 0) + 1
        console.print(f"{len(r.warnings):,} warning(s); most common:")
        for w, n in sorted(counts.items(), key=lambda kv: -kv[1])[:5]:
            console.print(f"  {n:>5} × {w}", highlight=False)
    for rej in r.rejects[:show]:
        where = f"row {rej.row}" + (f" (line {rej.line})" if rej.line else "")
        console.print(f"  rejected {where}: {rej.reason}", highlight=False)
    if r.rejected > show:
        console.print(f"  ... and {r.rejected - show:,} more (use --rejects FILE for all)")


def print_summary(s: Summary) -> None:
    """The database summary."""
    span = f"{s.first} to {s.last}" if s.first else "no incidents"
    console.print(
        f"\n{s.incidents:,} incidents ({span}), {s.killed:,} killed (best estimates); "
        f"{s.places:,} places, {s.actors:,} actors, {s.claims:,} claims",
        highlight=False,
    )
    countries = {p.country for p in s.by_province}
    t = Table(title="Killed by province (at the time of the incident)")
    if len(countries) > 1:
        t.add_column("country")
    t.add_column("province")
    t.add_column("incidents", justify="right")
    t.add_column("killed", justify="right")
    for p in s.by_province:
        cells = [p.province, f"{p.incidents:,}", f"{p.killed:,}"]
        t.add_row(*([p.country] if len(countries) > 1 else []), *cells)
    console.print(t)
    t = Table(title="Largest incidents (aggregate records apart)")
    columns = ("id", "date", "place", "event type", "killed", "perpetrator (attributed)")
    for col in (*columns, "claimed by"):
        t.add_column(col, justify="right" if col in ("id", "killed") else "left")
    for x in s.largest:
        when = str(x.date) if x.precision == "day" else f"{x.date} ({x.precision})"
        t.add_row(
            str(x.id),
            when,
            x.place or "(not recorded)",
            label(x.event_type),
            str(x.killed),
            x.perpetrators,
            x.claimants,
        )
    console.print(t)
    if s.aggregates:
        console.print(
            f"plus {s.aggregates:,} aggregate record(s), {s.aggregate_killed:,} killed, whose date "
            "is known only to a span coarser than a month or whose place is not recorded: "
            "counted in the totals above, not listed as incidents"
            + (
                " (largest: "
                + "; ".join(
                    f"{x.id}: {x.date} ({x.precision}), {x.place or 'place not recorded'}, "
                    f"{x.killed:,} killed"
                    for x in s.largest_aggregates[:3]
                )
                + ")"
                if s.largest_aggregates
                else ""
            ),
            highlight=False,
        )


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 120 else text[:117] + "..."


def print_history(changes: list[Change], diff: bool = False) -> None:
    """A record's changes as a table (and the changed values with ``diff``)."""
    t = Table(title=f"History of {changes[0].entity_type} {changes[0].entity_id}")
    for col in ("version", "when (UTC)", "who", "action", "fields changed", "why"):
        t.add_column(col)
    for c in changes:
        why = c.reason or ""
        if c.import_run_id:
            why = f"import run {c.import_run_id} ({c.import_format} {c.import_file})"
            if c.reason and ": " in c.reason:  # what the run did to this record, if said
                why += ": " + c.reason.split(": ", 1)[1]
        fields = c.changed_fields()
        shown = ", ".join(fields) if c.action != "create" else "(created)"
        t.add_row(str(c.version), c.at.strftime("%Y-%m-%d %H:%M:%S"), c.user, c.action, shown, why)
    console.print(t)
    if diff:
        for c in changes:
            if c.action == "create":
                continue
            console.print(f"version {c.version} ({c.action} by {c.user})")
            for f in c.changed_fields():
                before = (c.before or {}).get(f)
                after = (c.after or {}).get(f)
                console.print(f"  {f}: {_short(before)} → {_short(after)}", highlight=False)


def incident_table(rows: list[IncidentPublic], title: str) -> Table:
    """Incidents as a compact table."""
    t = Table(title=title)
    for col in (
        "id",
        "date",
        "province",
        "district",
        "place",
        "event type",
        "perpetrator",
        "killed",
        "injured",
    ):
        t.add_column(col, justify="right" if col in ("id", "killed", "injured") else "left")
    for i in rows:
        loc = i.location
        perps = ", ".join(
            dict.fromkeys(
                a.actor_name + (" (claim)" if a.basis == "claimed" else "")
                for a in i.perpetrators()
            )
        )
        t.add_row(
            str(i.id),
            i.date_start.isoformat(),
            loc.province_name or "",
            loc.district_name or "",
            loc.place_name or "",
            label(i.event_type),
            perps,
            fmt_int(i.totals.killed_best),
            fmt_int(i.totals.injured_best),
        )
    return t


STATS_COLUMNS = (
    *("period", "kind", "basis", "group", "incidents", "killed", "injured"),
    "incidents_with_unknown_killed",
)


def print_stats(rows: Sequence[Any], fmt: TableJsonCsv, *, period: str, by: str) -> None:
    """The rows of ``stats``: a table, JSON, or CSV through the csv module (every cell
    quoted as needed, text cells that a spreadsheet would run as a formula neutralised)."""
    if fmt is TableJsonCsv.JSON:
        print_json([r.__dict__ for r in rows])
        return
    if fmt is TableJsonCsv.CSV:
        import csv

        from militancydb.io.export_text import safe_cell

        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(STATS_COLUMNS)
        for r in rows:
            cells = (
                r.period, r.kind, r.basis, r.group, r.incidents, r.killed, r.injured,
                r.killed_unknown,
            )  # fmt: skip
            w.writerow([safe_cell(c) for c in cells])
        return
    from militancydb.analysis.stats import NOTE

    table = Table(title=f"Incidents by {period}, kind and {by}", caption=NOTE)
    cols = ("period", "kind", *(("basis",) if by == "actor" else ()), by)
    for col in (*cols, "incidents", "killed", "injured", "killed unknown"):
        table.add_column(col, justify="right" if col not in cols else "left")
    for r in rows:
        table.add_row(
            r.period,
            r.kind_label,
            *((r.basis,) if by == "actor" else ()),
            r.group,
            fmt_int(r.incidents),
            fmt_int(r.killed_or_none),
            fmt_int(r.injured_or_none),
            fmt_int(r.killed_unknown),
        )
    console.print(table)
