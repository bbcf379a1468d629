"""The pages of an analyst's work beyond incidents: the questions with their reasons and
incidents, the review queue (accept, merge or reject beside the suggested match), and
reports to generate and download. Each view calls one service."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from militancydb.analysis.questions import QUESTIONS, ask, question
from militancydb.api.deps import KnowledgeDep, SessionDep
from militancydb.errors import StaleEdit, ValidationFailed
from militancydb.reports.files import KINDS, PERIODIC, group_report, periodic_report
from militancydb.services import review as review_service
from militancydb.services.candidates import candidate_view, figure_text, queue
from militancydb.web.rendering import BrowserDep, PostedDep, field_errors, render

router = APIRouter(include_in_schema=False)


# --- questions -------------------------------------------------------------------------------


@router.get("/questions", response_class=HTMLResponse)
def questions_page(request: Request, browser: BrowserDep) -> HTMLResponse:
    """Every question, with its form."""
    return render(request, browser, "questions.html", questions=list(QUESTIONS.values()))


@router.get("/questions/{name}", response_class=HTMLResponse)
def answer_page(
    request: Request, name: str, session: SessionDep, kb: KnowledgeDep, browser: BrowserDep
) -> HTMLResponse:
    """A question's form and, once asked, its answer with the reasons and incidents."""
    q = question(name[:40])
    raw = dict(request.query_params)
    values = {p.name: raw.get(p.name, p.default) for p in q.params}
    if not raw:
        return render(request, browser, "answer.html", q=q, values=values, errors={}, a=None)
    try:
        answered = ask(session, kb, q.name, raw)
    except ValidationFailed as exc:
        return render(
            request, browser, "answer.html", 422, q=q, values=values, errors=field_errors(exc),
            a=None,
        )  # fmt: skip
    return render(request, browser, "answer.html", q=q, values=values, errors={}, a=answered)


# --- review queue ----------------------------------------------------------------------------


@router.get("/review", response_class=HTMLResponse)
def review_page(request: Request, session: SessionDep, browser: BrowserDep) -> HTMLResponse:
    """The queue: pending candidates (or another status) with their suggested match."""
    status = (request.query_params.get("status") or "pending")[:20]
    items = queue(session, None if status == "all" else status)
    return render(request, browser, "review.html", items=items, shown=status)


def _candidate_page(
    request: Request,
    session: Any,
    browser: Any,
    candidate_id: int,
    status: int = 200,
    error: str | None = None,
) -> HTMLResponse:
    v = candidate_view(session, candidate_id)
    return render(
        request, browser, "candidate.html", status, v=v, x=v.extracted, figure=figure_text,
        error=error,
    )  # fmt: skip


@router.get("/review/{candidate_id}", response_class=HTMLResponse)
def candidate_page(
    request: Request, candidate_id: int, session: SessionDep, browser: BrowserDep
) -> HTMLResponse:
    """A candidate beside the incident the matcher suggests, with the decision forms."""
    return _candidate_page(request, session, browser, candidate_id)


@router.post("/review/{candidate_id}", response_model=None)
def decide_page(request: Request, candidate_id: int, posted: PostedDep) -> Response:
    """Accept, merge or reject; a decision that does not fit is shown on the page."""
    session, kb, data = posted.session, posted.kb, posted.data
    action = str(data.get("action") or "")
    who = posted.editor()
    try:
        if action == "accept":
            day = str(data.get("date") or "").strip()
            made = review_service.accept(
                session, candidate_id, kb, who, {"date_start": day} if day else None,
                new=data.get("new") == "1",
            )  # fmt: skip
            return RedirectResponse(f"/incidents/{made.id}?saved=1", status_code=303)
        if action == "merge":
            into = str(data.get("incident_id") or "").strip()
            seen = str(data.get("expected_version") or "").strip()
            if not into.isdigit():
                raise review_service.ReviewError("name the incident to merge into (its number)")
            if not seen.isdigit():
                raise review_service.ReviewError(
                    f"give the version of incident {into} you looked at (its page shows it)"
                )
            merged = review_service.merge(
                session, candidate_id, int(into), kb, who, expected_version=int(seen)
            )
            return RedirectResponse(f"/incidents/{merged.id}?saved=1", status_code=303)
        if action == "reject":
            review_service.reject(session, candidate_id, str(data.get("reason") or ""), who)
            return RedirectResponse("/review", status_code=303)
        raise review_service.ReviewError(f"{action!r} is not a decision: accept, merge or reject")
    except (review_service.ReviewError, ValidationFailed, StaleEdit) as exc:
        session.rollback()
        code = 409 if isinstance(exc, StaleEdit) else 422
        return _candidate_page(request, session, posted.browser, candidate_id, code, str(exc))


# --- reports ---------------------------------------------------------------------------------


@router.get("/reports", response_model=None)
def reports_page(
    request: Request, session: SessionDep, kb: KnowledgeDep, browser: BrowserDep
) -> Response:
    """The report form; with ``kind`` given, the report itself (HTML shown, PDF and
    Markdown downloaded)."""
    p = {k: (v or "").strip()[:300] for k, v in request.query_params.items()}
    if not p.get("kind"):
        return render(request, browser, "reports.html", values=p, errors={}, kinds=KINDS,
                      periodic=PERIODIC)  # fmt: skip
    fmt = p.get("format") or "html"
    try:
        if p["kind"] == "group":
            f = group_report(session, kb, p.get("group", ""), as_of=p.get("as_of"), fmt=fmt)
        else:
            f = periodic_report(
                session, kb, p["kind"], p.get("period", ""), country=p.get("country") or "PK",
                fmt=fmt, include_aggregates=bool(p.get("include_aggregates")),
            )  # fmt: skip
    except ValidationFailed as exc:
        return render(request, browser, "reports.html", 422, values=p, errors=field_errors(exc),
                      kinds=KINDS, periodic=PERIODIC)  # fmt: skip
    disposition = "inline" if fmt == "html" else "attachment"
    return Response(
        f.data,
        media_type=f.media_type,
        headers={"Content-Disposition": f'{disposition}; filename="{f.filename}"'},
    )
