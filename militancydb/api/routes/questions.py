"""``/api/v1/questions``: the analysts' questions, each answered with its reasons, the
incidents behind it and the coverage of the data (the same answers as ``militancydb ask``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request

from militancydb.analysis.questions import QUESTIONS, ask
from militancydb.api.deps import KnowledgeDep, Reader, SessionDep

router = APIRouter(prefix="/api/v1/questions", tags=["questions"])


@router.get("", summary="The questions and their parameters")
def questions(_: Reader) -> dict[str, Any]:
    """Every question with what it asks and the parameters it takes."""
    return {
        "data": [
            {
                "name": q.name,
                "title": q.title,
                "asks": q.asks,
                "parameters": [
                    {
                        "name": p.name,
                        "label": p.label,
                        "kind": p.kind,
                        "required": p.required,
                        "choices": list(p.choices),
                        "default": p.default or None,
                        "hint": p.hint or None,
                    }
                    for p in q.params
                ],
            }
            for q in QUESTIONS.values()
        ]
    }


@router.get("/{name}", summary="Answer a question")
def answer(
    name: Annotated[str, Path(min_length=1, max_length=40)],
    request: Request,
    session: SessionDep,
    kb: KnowledgeDep,
    _: Reader,
) -> dict[str, Any]:
    """The answer to one question, its parameters given as query parameters (see
    ``GET /api/v1/questions``); every bad parameter is named in one 422 error."""
    return ask(session, kb, name, dict(request.query_params)).to_json()
