"""``militancydb claims check`` and ``claims record``, and the CSV form of ``claims list``."""

from __future__ import annotations

import csv
import sys
from collections.abc import Mapping
from typing import Annotated

import typer
from rich.table import Table

from militancydb.bootstrap.claims_check import check_shipped_corpus
from militancydb.cli.common import console, fail, handle_errors, knowledge, parse_date, session
from militancydb.domain.claim import Assessment, ClaimPublic
from militancydb.services.claims_record import OUTCOMES, group_record


def write_claims_csv(claims: list[ClaimPublic], grades: Mapping[int, Assessment | None]) -> None:
    """Claims as CSV on standard output, one row per claim, sources as publisher (date),
    the claimant as its registry key (its name, and ``unregistered`` yes, for a group the
    registry does not hold); text cells a spreadsheet would run as a formula are neutralised."""
    from militancydb.io.export_text import safe_cell

    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(
        [
            "id",
            "claimed_at",
            "claimant",
            "kind",
            "channel",
            "channel_name",
            "incident_id",
            "confidence",
            "status",
            "grade",
            "sources",
            "unregistered",
        ]
    )
    for c in claims:
        g = grades.get(c.id)
        row = [
            c.id,
            c.claimed_at or "",
            c.claimant_key or c.claimant_name,
            c.kind,
            c.channel,
            c.channel_name or "",
            c.incident_id or "",
            c.confidence,
            c.status,
            g.grade if g else "",
            "; ".join(
                f"{s.get('publisher') or '?'} ({s.get('published') or 'undated'})"
                for s in c.sources
            ),
            # the claimant is a group the registry does not hold: ``claimant`` is its name
            "yes" if c.unregistered else "",
        ]
        w.writerow([safe_cell(cell) for cell in row])


@handle_errors
def check_cmd(
    quick: Annotated[
        bool,
        typer.Option(
            "--quick", help="Only read the files; skip loading them as `init` does (faster)."
        ),
    ] = False,
) -> None:
    """Check the shipped claims corpus: every claim and established finding needs a source
    with a publisher and a date, a claimant the actor registry resolves and a known incident;
    then the corpus is loaded as `militancydb init` loads it, into a scratch database, and
    every record the load would refuse is listed (about half a minute)."""
    problems = check_shipped_corpus(rehearse=not quick)
    for p in problems:
        console.print(f"- {p}", markup=False)
    console.print(f"{len(problems)} problem(s)")
    if problems:
        raise typer.Exit(1)


@handle_errors
def record_cmd(
    actor: Annotated[str, typer.Option(help="The group (key or any name the registry knows).")],
    on: Annotated[str | None, typer.Option(help="As known on this day (YYYY-MM-DD).")] = None,
) -> None:
    """A group's record of claims (with its chapters): made, contested, denied by its own
    leadership, retracted, confirmed and shown false, by year and country; its channels."""
    day = parse_date(on, "--on")
    with session() as s:
        kb = knowledge(s)
        r = kb.registry.resolve(actor, on=day)
        if r.key is None:
            fail(f"--actor {actor!r}: {'; '.join(r.reasons)}", 2)
        rec = group_record(s, kb.registry, r.key, day)
    title = f"Claims record of {rec.actor_name} ({rec.actor}, with its chapters)"
    t = Table(title=title + (f" as known on {day}" if day else ""))
    for col in ("year", "country", *OUTCOMES, "denials"):
        t.add_column(col.replace("_", " "))
    for row in rec.rows:
        t.add_row(
            str(row.year or "?"),
            row.country or "?",
            *(str(getattr(row, o)) for o in OUTCOMES),
            str(row.denials),
        )
    t.add_row("all", "", *(str(rec.total(o)) for o in OUTCOMES), str(rec.total("denials")))
    console.print(t)
    if rec.factions:
        console.print(
            "claims by its factions under their own names, not counted above: "
            + "; ".join(f"{n} ({k})" for n, k in rec.factions.most_common())
        )
    if rec.channels:
        console.print("channels: " + "; ".join(f"{n} ({k})" for n, k in rec.channels.most_common()))
    else:
        console.print("no claims recorded for this group")
