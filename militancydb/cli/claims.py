"""``militancydb claims ...``: add, list, show, link, assess, competing, status, take-over."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from militancydb.claims.assessing import (
    suggest_links,
)
from militancydb.cli.choices import TableJson, TableJsonCsv
from militancydb.cli.claims_corpus import check_cmd, record_cmd, write_claims_csv
from militancydb.cli.claims_grades import assess_all_cmd, assess_cmd
from militancydb.cli.claims_unregistered import claimant_text, take_over_cmd
from militancydb.cli.common import (
    console,
    editor,
    fail,
    handle_errors,
    knowledge,
    parse_date,
    print_json,
    read_json_input,
    session,
)
from militancydb.cli.edit_options import ExpectedVersion, Reason
from militancydb.domain.claim import ClaimPublic
from militancydb.services.assessments import assessments, current_grades
from militancydb.services.claims import (
    ClaimFilter,
    add_claim,
    competing_claims,
    get_claim,
    link_claim,
    list_claims,
    set_claim_status,
)

app = typer.Typer(no_args_is_help=True)
app.command("check")(check_cmd)
app.command("record")(record_cmd)
app.command("take-over")(take_over_cmd)


@app.command("add")
@handle_errors
def add_cmd(
    file: Annotated[str, typer.Argument(help="JSON file with the claim, or - for stdin.")],
    reason: Reason = None,
    unregistered: Annotated[
        bool,
        typer.Option(
            "--unregistered",
            help="The claimant is a group the actor registry does not hold: keep it by the "
            "name as written (claimant_unregistered in the file).",
        ),
    ] = False,
) -> None:
    """Record a claim or denial as it appeared (see docs/claims.md for the fields). It can be
    linked to an incident now (incident_id) or later (`claims link`)."""
    data = read_json_input(file)
    if not isinstance(data, dict):
        fail("the JSON document must be an object with the claim's fields", 2)
    if unregistered:
        data["claimant_unregistered"] = True
    with session() as s:
        c = add_claim(s, data, knowledge(s), editor(reason))
    console.print(
        f"added claim {c.id} by {claimant_text(c)} (version {c.version})"
        + (
            f", linked to incident {c.incident_id}"
            if c.incident_id
            else "; not linked: `militancydb claims link` suggests incidents"
        )
    )


@app.command("list")
@handle_errors
def list_cmd(
    date_from: Annotated[str | None, typer.Option("--from", help="First day.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last day.")] = None,
    claimant: Annotated[
        str | None, typer.Option("--claimant", "--actor", help="Claimant (includes its chapters).")
    ] = None,
    unlinked: Annotated[bool, typer.Option(help="Only claims not linked to an incident.")] = False,
    unregistered: Annotated[
        bool,
        typer.Option(
            "--unregistered",
            help="Only claims by groups the registry does not hold (with --claimant: of that "
            "name).",
        ),
    ] = False,
    fmt: Annotated[
        TableJsonCsv, typer.Option("--format", help="How to print.")
    ] = TableJsonCsv.TABLE,
) -> None:
    """List claims, denials, disputes and retractions by date."""
    with session() as s:
        keys: frozenset[str] = frozenset()
        if claimant and not unregistered:
            kb = knowledge(s)
            r = kb.registry.resolve(claimant)
            if r.key is None:
                fail(f"--claimant {claimant!r}: {'; '.join(r.reasons)}", 2)
            keys = frozenset(kb.registry.family(r.key))
        claims = list_claims(
            s,
            ClaimFilter(
                parse_date(date_from, "--from"),
                parse_date(date_to, "--to"),
                keys,
                None,
                unlinked,
                unregistered=unregistered,
                claimant_name=claimant if unregistered else None,
            ),
        )
        grades = current_grades(s, (c.id for c in claims))
    if fmt == "json":
        print_json([c.model_dump(mode="json") for c in claims])
        return
    if fmt == "csv":
        write_claims_csv(claims, grades)
        return
    t = Table(title=f"{len(claims)} claim(s)")
    for col in ("id", "claimed", "claimant", "kind", "channel", "incident", "grade"):
        t.add_column(col)
    for c in claims:
        g = grades.get(c.id)
        t.add_row(
            str(c.id),
            c.claimed_at or "?",
            claimant_text(c),
            c.kind,
            c.channel_name or c.channel,
            str(c.incident_id or "–"),
            f"{g.grade}{' (override)' if g.is_override else ''}" if g else "not assessed",
        )
    console.print(t)


def print_claim(c: ClaimPublic) -> None:
    """One claim in full."""
    t = Table(show_header=False, title=f"Claim {c.id} (version {c.version})")
    t.add_column("", style="bold")
    t.add_column("")
    t.add_row("claimant", claimant_text(c, key=True))
    t.add_row("kind", c.kind + (f" ({c.status})" if c.status != "asserted" else ""))
    t.add_row(
        "channel",
        f"{c.channel.replace('_', ' ')}" + (f": {c.channel_name}" if c.channel_name else ""),
    )
    t.add_row("claimed", c.claimed_at or "unknown")
    if c.languages:
        t.add_row("languages", ", ".join(c.languages))
    if c.statement_text:
        t.add_row(f"statement ({c.statement_language or '?'})", f"“{c.statement_text}”")
    if c.translation:
        t.add_row("translation", f"“{c.translation}”")
    if c.summary:
        t.add_row("summary", c.summary)
    if c.asserted:
        t.add_row("asserts", "; ".join(f"{k}: {v}" for k, v in c.asserted.items()))
    t.add_row("incident", str(c.incident_id or "not linked"))
    t.add_row("recorded with", f"{c.confidence} confidence that the claim was made")
    if c.note:
        t.add_row("note", c.note)
    for n, src in enumerate(c.sources, start=1):
        t.add_row(
            f"source {n}",
            ", ".join(
                str(x)
                for x in (
                    src.get("publisher"),
                    src.get("title"),
                    src.get("published"),
                    src.get("url"),
                )
                if x
            ),
        )
    console.print(t)


@app.command("show")
@handle_errors
def show_cmd(
    claim_id: Annotated[int, typer.Argument(help="Claim id.")],
    fmt: Annotated[TableJson, typer.Option("--format", help="How to print.")] = TableJson.TABLE,
) -> None:
    """Show a claim, its statement, sources and assessments."""
    with session() as s:
        c = get_claim(s, claim_id)
        history = assessments(s, claim_id)
    if fmt == "json":
        print_json(
            {
                "claim": c.model_dump(mode="json"),
                "assessments": [a.model_dump(mode="json") for a in history],
            }
        )
        return
    print_claim(c)
    for a in history:
        who = f"{a.user}, {a.at:%Y-%m-%d %H:%M}" if a.at else ""
        kind = (
            f"override (computed: {a.computed_grade or '?'}) — {a.reason}"
            if a.is_override
            else f"computed, score {a.score:.0f}"
        )
        console.print(f"assessment: {a.grade} — {kind} ({who})", highlight=False)


@app.command("link")
@handle_errors
def link_cmd(
    claim_id: Annotated[int, typer.Argument(help="Claim id.")],
    incident_id: Annotated[
        int | None, typer.Argument(help="Incident to link; leave out to see suggestions.")
    ] = None,
    expected_version: Annotated[
        int | None, typer.Option("--expected-version", help="The claim's version you saw.")
    ] = None,
) -> None:
    """Link a claim to its incident, or (without an incident) list likely incidents."""
    with session() as s:
        if incident_id is None:
            suggestions = suggest_links(s, claim_id, knowledge(s))
            t = Table(title=f"Incidents claim {claim_id} may be about")
            for col in ("incident", "date", "place", "score", "why"):
                t.add_column(col)
            for x in suggestions:
                t.add_row(
                    str(x.incident_id), str(x.date), x.place, f"{x.score:.0f}", "; ".join(x.reasons)
                )
            console.print(t)
            return
        if expected_version is None:
            fail("give --expected-version (the claim's version, from `claims show`)", 2)
        c = link_claim(
            s,
            claim_id,
            incident_id,
            expected_version=expected_version,
            editor=editor(),
            kb=knowledge(s),
        )
    console.print(f"claim {c.id} linked to incident {incident_id} (version {c.version})")


@app.command("status")
@handle_errors
def status_cmd(
    claim_id: Annotated[int, typer.Argument(help="Claim id.")],
    status: Annotated[
        str, typer.Argument(help="asserted, disputed, retracted, confirmed, rejected")
    ],
    expected_version: ExpectedVersion,
    reason: Reason = None,
) -> None:
    """Mark a claim disputed, retracted, confirmed or rejected."""
    with session() as s:
        c = set_claim_status(
            s, claim_id, status, expected_version=expected_version, editor=editor(reason)
        )
    console.print(f"claim {c.id} is now {c.status} (version {c.version})")


app.command("assess")(assess_cmd)
app.command("assess-all")(assess_all_cmd)


@app.command("competing")
@handle_errors
def competing_cmd(
    date_from: Annotated[
        str | None, typer.Option("--from", help="First day (incident date).")
    ] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last day (incident date).")] = None,
    fmt: Annotated[TableJson, typer.Option("--format", help="How to print.")] = TableJson.TABLE,
) -> None:
    """Incidents claimed by more than one organisation (neither a chapter of the other; a
    group the registry does not hold counts by its name as written), with the claims side
    by side."""
    with session() as s:
        groups = competing_claims(
            s,
            knowledge(s),
            date_from=parse_date(date_from, "--from"),
            date_to=parse_date(date_to, "--to"),
        )
        grades = current_grades(s, (c.id for g in groups for c in g.claims))
    if fmt == "json":
        print_json(
            [
                {
                    "incident_id": g.incident_id,
                    "date": g.date.isoformat(),
                    "place": g.place,
                    "killed": g.killed,
                    "claims": [c.model_dump(mode="json") for c in g.claims],
                }
                for g in groups
            ]
        )
        return
    if not groups:
        console.print("no incident with competing claims in that period")
    for g in groups:
        t = Table(
            title=f"Incident {g.incident_id}: {g.date}, {g.place}, "
            + (f"{g.killed} killed" if g.killed is not None else "deaths not recorded")
            + f" — claimed by {', '.join(g.claimants)}"
        )
        for col in ("claim", "claimant", "channel", "when", "statement / summary", "grade"):
            t.add_column(col)
        for c in g.claims:
            text = c.statement_text or c.summary or ""
            grade = grades.get(c.id)
            t.add_row(
                str(c.id),
                claimant_text(c),
                (c.channel_name or c.channel)
                + (f" ({', '.join(c.languages)})" if c.languages else ""),
                c.claimed_at or "?",
                text[:160] + ("…" if len(text) > 160 else ""),
                grade.grade if grade else "not assessed",
            )
        console.print(t)
