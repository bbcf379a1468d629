"""``militancydb claims assess`` and ``claims assess-all``: a claim's credibility, one claim
at a time with every reason, or every claim of a period never assessed, the grades kept."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer
from rich.table import Table

from militancydb.claims.assessing import assess_all, override_grade, run_assessment
from militancydb.claims.base import grade_base
from militancydb.cli.choices import TableJson
from militancydb.cli.common import (
    console,
    editor,
    handle_errors,
    knowledge,
    parse_date,
    print_json,
    session,
)
from militancydb.domain.claim import Assessment, ClaimPublic
from militancydb.services.claims import ClaimFilter, get_claim


def print_assessment(a: Assessment, c: ClaimPublic) -> None:
    """An assessment with every reason."""
    head = f"Claim {a.claim_id} by {c.claimant_name}: {a.grade.upper()}"
    head += f" (score {a.score:.0f}/100, method {a.method})"
    if a.is_override:
        head += f" — analyst override of {a.computed_grade}: {a.reason}"
    console.print(head, highlight=False)
    t = Table()
    for col in ("factor", "points", "reason"):
        t.add_column(col)
    for f in a.factors:
        why = f.verdict
        if f.evidence:
            why += " [" + "; ".join(f.evidence) + "]"
        t.add_row(f.label, f"{f.points:+.0f}", why)
    console.print(t)
    if a.flags:
        console.print("flags:")
        for flag in a.flags:
            console.print(f"  - {flag}", highlight=False)


@handle_errors
def assess_cmd(
    claim_id: Annotated[int, typer.Argument(help="Claim id.")],
    override: Annotated[
        str | None,
        typer.Option(
            help="Set the grade yourself: likely, plausible, doubtful, unlikely (needs --reason)."
        ),
    ] = None,
    reason: Annotated[str | None, typer.Option(help="Why you override.")] = None,
    fmt: Annotated[TableJson, typer.Option("--format", help="How to print.")] = TableJson.TABLE,
) -> None:
    """Assess a claim's credibility: the grade on the published scale and every reason
    (docs/claims.md). The result is kept; an override keeps the computed grade beside it."""
    with session() as s:
        kb = knowledge(s)
        if override:
            a = override_grade(s, claim_id, override, reason or "", kb, editor(reason))
        else:
            a = run_assessment(s, claim_id, kb, editor())
        c = get_claim(s, claim_id)
        base = grade_base(s, claim_id, a.grade)
    if fmt == "json":
        print_json(a.model_dump(mode="json") | {"base": asdict(base)})
        return
    print_assessment(a, c)
    console.print("base of the grade:")
    for line in base.lines():
        console.print(f"  - {line}", highlight=False)


@handle_errors
def assess_all_cmd(
    date_from: Annotated[
        str | None, typer.Option("--from", help="First day (claim date, else incident date).")
    ] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last day.")] = None,
    redo: Annotated[
        bool, typer.Option("--redo", help="Assess again claims that have a stored assessment.")
    ] = False,
) -> None:
    """Assess the credibility of every claim of a period that was never assessed, and keep
    the grades (reports then read them instead of assessing afresh). Kept every 25 claims:
    a run stopped half-way goes on where it stopped when run again."""
    from militancydb.cli.progress import progress_bar

    flt = ClaimFilter(parse_date(date_from, "--from"), parse_date(date_to, "--to"))
    with session() as s, progress_bar("assessing claims", "claims") as bar:
        done = assess_all(
            s,
            knowledge(s),
            editor("assess-all"),
            flt,
            redo=redo,
            progress=bar,
            total=lambda n: bar.update_total(0, n),
        )
    console.print(
        f"{done.assessed} claim(s) assessed and kept; {done.already} already assessed "
        f"(kept as they are{'' if redo else '; --redo assesses them again'}); "
        f"{done.denials} denial(s) not graded",
        highlight=False,
    )
