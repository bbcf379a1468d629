"""``militancydb review``: the queue of incidents extracted from news documents (``militancydb
ingest``, in :mod:`militancydb.cli.ingest`, fills it)."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich.table import Table

from militancydb.cli.choices import ExtractFormat, TableJson, TextJson
from militancydb.cli.common import (
    console,
    editor,
    handle_errors,
    knowledge,
    print_json,
    session,
)
from militancydb.nlp.batch import Format, render
from militancydb.nlp.lexicon import lexicon_from
from militancydb.services import review as service
from militancydb.services.candidates import extracted_of, queue_item, with_documents
from militancydb.services.review_links import (
    LinkedIncident,
    possible_duplicates,
    possible_duplicates_of,
)
from militancydb.services.review_rematch import rematch
from militancydb.services.review_twins import Twin, pending_twins

app = typer.Typer(no_args_is_help=True)


#: which candidates a command reads
Status = Annotated[
    str, typer.Option("--status", help="pending, accepted, merged, auto_merged, rejected, all")
]
#: text or JSON
TextOrJson = Annotated[TextJson, typer.Option("--format", help="How to print.")]


def _duplicates_cell(found: list[LinkedIncident], twins: list[Twin]) -> str:
    """ "incident 12 (score 78, review)" per linked incident and "candidate 7 (score 85,
    review)" per pending twin, or "none (new)"."""
    cells = [
        f"incident {m.incident_id} (score {m.score:.0f}, {m.decision or 'advice not kept'})"
        if m.score is not None
        else f"incident {m.incident_id}"
        for m in found
    ] + [f"candidate {t.candidate_id} (score {t.score}, {t.decision})" for t in twins]
    return "; ".join(cells) or "none (new)"


def _linked_line(m: LinkedIncident) -> str:
    held = (
        f"{m.date}, {', '.join(x for x in (m.place, m.province) if x) or 'place not recorded'}, "
        f"{m.event_type}, killed {'not recorded' if m.killed is None else m.killed}"
        if m.held
        else "no longer held (deleted)"
    )
    score = "" if m.score is None else f"score {m.score:.0f}, "
    version = f", version {m.version}" if m.held and m.version is not None else ""
    return f"  {m.meaning}: incident {m.incident_id} ({score}{held}{version})"


@app.command("list")
@handle_errors
def list_cmd(
    status: Status = "pending",
    fmt: Annotated[TableJson, typer.Option("--format", help="How to print.")] = TableJson.TABLE,
) -> None:
    """Candidates in the queue."""
    with session() as s:
        rows = service.list_candidates(s, None if status == "all" else status)
        linked = possible_duplicates_of(s, rows)
        twins = pending_twins(s, [c.id for c in rows if c.status == "pending"])
        items = [queue_item(c) for c in rows]
        out = [
            {
                "id": i.id,
                "document": i.document_id,
                "status": i.status,
                "date": i.date,
                "place": i.place,
                "event_type": i.event_type,
                "killed": i.killed,
                "suggested": i.suggested_id,
                "score": i.score,
                "possible_duplicate_of": [
                    {"incident_id": m.incident_id, "score": m.score, "decision": m.decision or None}
                    for m in linked[i.id]
                ],
                "possible_duplicate_of_candidates": [
                    t.as_dict() for t in twins.get(i.id, [])
                ],
            }
            for i in items
        ]  # fmt: skip
    if fmt == "json":
        print_json(out)
        return
    t = Table("id", "doc", "status", "date", "place", "type", "killed", "possible duplicate of")
    for i in items:
        t.add_row(
            str(i.id), str(i.document_id), i.status, i.date or "?", i.place or "?",
            i.event_type or "?", i.killed, _duplicates_cell(linked[i.id], twins.get(i.id, [])),
        )  # fmt: skip
    console.print(t)
    console.print(
        f"{len(out)} candidate(s); possible duplicates among held incidents as the matcher "
        "found them when each was queued or last matched again (`militancydb review "
        "rematch`), among pending candidates as it finds them now"
    )


@app.command("show")
@handle_errors
def show_cmd(
    candidate_id: Annotated[int, typer.Argument(help="Candidate id.")],
    fmt: TextOrJson = TextJson.TEXT,
) -> None:
    """A candidate: what was extracted, from which words, and the suggested match."""
    with session() as s:
        c, doc = service.get_candidate(s, candidate_id)
        linked = possible_duplicates(s, c)
        twins = pending_twins(s, [c.id]).get(c.id, []) if c.status == "pending" else []
        data: dict[str, Any] = {
            "id": c.id,
            "status": c.status,
            "document": {"id": doc.id, "path": doc.source_path, "title": doc.title,
                         "url": doc.url, "published": doc.published, "language": doc.language},
            "extracted": c.data,
            "proposal": c.proposal,
            "suggested_incident_id": c.suggested_incident_id,
            "match": c.match_reasons,
            "possible_duplicates": [m.as_dict() for m in linked],
            "pending_twins": [t.as_dict() for t in twins],
            "decided_by": c.decided_by,
            "decided_at": c.decided_at.isoformat() if c.decided_at else None,
            "reason": c.reason,
            "incident_id": c.incident_id,
        }  # fmt: skip
    if fmt == "json":
        print_json(data)
        return
    d: dict[str, Any] = data["extracted"]
    title = doc.title or doc.source_path
    console.print(f"candidate {c.id} ({data['status']}) from document {doc.id}: {title}")
    for name, value in (
        ("date", d.get("date")),
        ("location", d.get("location")),
        ("event type", d.get("event_type")),
        ("killed", d.get("killed")),
        ("injured", d.get("injured")),
        ("attackers killed", d.get("attackers_killed")),
    ):
        console.print(f"  {name}: {json.dumps(value, ensure_ascii=False)}")
    for p in d.get("perpetrators", []):
        known = "" if p.get("key") else ", unregistered"
        console.print(f"  perpetrator: {p['name']} ({p['basis']}{known}) — “{p['span']['text']}”")
    for cl in d.get("claims", []):
        known = "" if cl.get("claimant") else " (unregistered)"
        console.print(
            f"  claim: {cl['claimant_name']}{known} via {cl['channel']} — “{cl['statement_text']}”"
        )
    if not linked:
        console.print("  no held incident matches: a new incident")
    for t in twins:
        console.print(
            f"  {'same event' if t.decision == 'merge' else 'possible duplicate'}: pending "
            f"candidate {t.candidate_id} (score {t.score}); accept one, then merge the other "
            "into its incident"
        )
        console.print(f"    matcher: {t.reasons}")
    for m in linked:
        console.print(_linked_line(m))
        if m.reasons:
            console.print(f"    matcher: {m.reasons}")
    if c.decided_by:
        when = f"{c.decided_at:%Y-%m-%d %H:%M} UTC" if c.decided_at else "an unknown time"
        incident = f", incident {c.incident_id}" if c.incident_id else ""
        why = f": {c.reason}" if c.reason else ""  # an accept or a merge gives no reason
        console.print(f"  decided by {c.decided_by} at {when} ({c.status}{incident}){why}")


@app.command("accept")
@handle_errors
def accept_cmd(
    candidate_id: Annotated[int, typer.Argument(help="Candidate id.")],
    date: Annotated[str | None, typer.Option("--date", help="The date, if none was found.")] = None,
    new: Annotated[
        bool,
        typer.Option(
            "--new", help="Another event, even if it looks like an incident held since queued."
        ),
    ] = False,
) -> None:
    """Create a new incident from the candidate."""
    changes = {"date_start": date} if date else None
    with session() as s:
        created = service.accept(s, candidate_id, knowledge(s), editor(), changes, new=new)
    console.print(f"candidate {candidate_id} accepted: incident {created.id} created")


@app.command("merge")
@handle_errors
def merge_cmd(
    candidate_id: Annotated[int, typer.Argument(help="Candidate id.")],
    expected_version: Annotated[
        int,
        typer.Option(
            "--expected-version",
            help="The incident's version you saw (`review show` prints the suggested "
            "incident's; `incidents show` any incident's); refused if it changed since.",
        ),
    ],
    incident_id: Annotated[
        int | None, typer.Option("--into", help="Incident id (default: the suggested match).")
    ] = None,
) -> None:
    """Add the candidate's document to an incident (sources cited, figures widened)."""
    with session() as s:
        c, _ = service.get_candidate(s, candidate_id)
        target = incident_id or c.suggested_incident_id
        if target is None:
            raise service.ReviewError(
                f"candidate {candidate_id} has no suggested match; give --into ID"
            )
        after = service.merge(
            s, candidate_id, target, knowledge(s), editor(), expected_version=expected_version
        )
    console.print(
        f"candidate {candidate_id} merged into incident {after.id} (version {after.version})"
    )


@app.command("reject")
@handle_errors
def reject_cmd(
    candidate_id: Annotated[int, typer.Argument(help="Candidate id.")],
    reason: Annotated[str, typer.Option("--reason", help="Why (kept with the decision).")],
) -> None:
    """Reject a candidate, saying why."""
    with session() as s:
        service.reject(s, candidate_id, reason, editor())
    console.print(f"candidate {candidate_id} rejected: {reason}")


@app.command("rematch")
@handle_errors
def rematch_cmd(fmt: TextOrJson = TextJson.TEXT) -> None:
    """Ask the matcher again about every pending candidate: incidents held since it was
    queued may be its event. Stores the new suggestions; decides nothing."""
    with session() as s:
        report = rematch(s)
    if fmt == "json":
        print_json(report.as_dict())
        return
    for r in report.changed:
        now = ", ".join(
            f"incident {i}" + (f" (score {r.score:.0f})" if i == r.suggested and r.score else "")
            for i in r.now
        )
        now = now or "no held incident (a new incident)"
        console.print(f"candidate {r.candidate_id}: now matches {now}")
        if r.added:
            console.print("  new since: " + ", ".join(f"incident {i}" for i in r.added))
        if r.dropped:
            console.print("  no longer: " + ", ".join(f"incident {i}" for i in r.dropped))
    decided = [r.candidate_id for r in report.candidates if not r.stored]
    console.print(
        f"{len(report.candidates):,} pending candidate(s) matched again: "
        f"{len(report.changed):,} changed"
        + (f"; decided meanwhile, left as decided: {decided}" if decided else "")
        + (
            f"; {len(report.undated):,} without a date (not matched): {report.undated}"
            if report.undated
            else ""
        )
    )


@app.command("undo")
@handle_errors
def undo_cmd(candidate_id: Annotated[int, typer.Argument(help="Candidate id.")]) -> None:
    """Take back an automatic merge (the incident's sources and figures as before it)."""
    with session() as s:
        after = service.undo(s, candidate_id, knowledge(s), editor())
    console.print(
        f"automatic merge of candidate {candidate_id} undone; incident {after.id} restored, "
        "candidate back in review"
    )


@app.command("export")
@handle_errors
def export_cmd(
    status: Status = "pending",
    fmt: Annotated[
        ExtractFormat, typer.Option("--format", help="GTD or ACLED shape, or JSON with spans.")
    ] = ExtractFormat.GTD,
) -> None:
    """Candidates as JSON lines in GTD or ACLED shape (as `extract` gives them), each with
    its candidate id, status and document, for use with other tools."""
    shape: Format = fmt.value
    with session() as s:
        rows = with_documents(s, None if status == "all" else status)
        lex = lexicon_from(knowledge(s))
        for c, doc in rows:
            (shaped,) = render([extracted_of(c)], shape, lex)
            head = {"candidate": c.id, "status": c.status, "document": c.document_id,
                    "document_path": doc.source_path, "url": doc.url}  # fmt: skip
            sys.stdout.write(json.dumps({**head, **shaped}, ensure_ascii=False) + "\n")
