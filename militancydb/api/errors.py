"""One error shape for every error the API returns, and the handlers that produce it.

Every error is ``{"error": {"status", "code", "message", "fields"?, ...}}`` with ``status``
equal to the HTTP status code. The core's exceptions map to statuses here, once; anything
unexpected becomes a 500 whose message says nothing of the internals (the server log has
the traceback).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from militancydb.errors import (
    AlreadyExists,
    AmbiguousName,
    DatabaseNotReady,
    ImportFailed,
    MilitancyDBError,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    StaleEdit,
    TooManyAttempts,
    ValidationFailed,
)

log = logging.getLogger("militancydb.api")

# Most specific first.
STATUS: list[tuple[type[MilitancyDBError], int, str]] = [
    (NotAuthenticated, 401, "not_authenticated"),
    (PermissionDenied, 403, "forbidden"),
    (TooManyAttempts, 429, "too_many_attempts"),
    (NotFound, 404, "not_found"),
    (StaleEdit, 409, "stale_edit"),
    (AlreadyExists, 409, "already_exists"),
    (ValidationFailed, 422, "invalid"),
    (AmbiguousName, 422, "ambiguous_name"),
    (ImportFailed, 422, "import_failed"),
    (DatabaseNotReady, 503, "database_not_ready"),
    (MilitancyDBError, 400, "bad_request"),
]

HTTP_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "too_many_attempts",
    500: "internal_error",
    503: "unavailable",
}


def error_body(
    status: int, code: str, message: str, fields: list[dict[str, str]] | None = None, **extra: Any
) -> dict[str, Any]:
    """The JSON of an error."""
    err: dict[str, Any] = {"status": status, "code": code, "message": message}
    if fields:
        err["fields"] = fields
    err.update({k: v for k, v in extra.items() if v is not None})
    return {"error": err}


def status_of(exc: MilitancyDBError) -> tuple[int, str]:
    """The HTTP status and error code of a core exception."""
    for cls, status, code in STATUS:
        if isinstance(exc, cls):
            return status, code
    return 400, "bad_request"


def body_of(exc: MilitancyDBError) -> tuple[int, dict[str, Any], dict[str, str]]:
    """Status, JSON body and extra headers for a core exception."""
    status, code = status_of(exc)
    headers: dict[str, str] = {}
    fields = None
    extra: dict[str, Any] = {}
    message = str(exc)
    if isinstance(exc, ValidationFailed):
        fields = [{"field": e.field, "message": e.message} for e in exc.errors]
        message = f"invalid {len(exc.errors)} field(s); see fields"
    if isinstance(exc, StaleEdit):
        extra = {"current_version": exc.current, "expected_version": exc.expected}
    if isinstance(exc, TooManyAttempts):
        headers["Retry-After"] = str(exc.retry_after)
    if isinstance(exc, NotAuthenticated):
        headers["WWW-Authenticate"] = "Bearer"
    return status, error_body(status, code, message, fields, **extra), headers


HtmlRenderer = Callable[[Request, int, dict[str, Any]], Response]


def _wants_html(request: Request) -> bool:
    path = request.url.path
    if path.startswith(("/api/", "/acled/")):
        return False
    return "text/html" in request.headers.get("accept", "")


def install(app: FastAPI, html: HtmlRenderer | None = None) -> None:
    """Register the handlers on ``app``; pages of the web UI get ``html``'s rendering of the
    same error (its status and body) instead of JSON."""

    def respond(
        request: Request, status: int, body: dict[str, Any], headers: dict[str, str] | None = None
    ) -> Response:
        if html is not None and _wants_html(request):
            page = html(request, status, body)
            if status == 401:
                page.headers["Location"] = "/login"
            return page
        return JSONResponse(body, status_code=status, headers=headers)

    @app.exception_handler(MilitancyDBError)
    async def _core(request: Request, exc: MilitancyDBError) -> Response:
        status, body, headers = body_of(exc)
        return respond(request, status, body, headers)

    @app.exception_handler(RequestValidationError)
    async def _request(request: Request, exc: RequestValidationError) -> Response:
        fields = []
        for e in exc.errors():
            loc = [str(p) for p in e.get("loc", ()) if p not in ("query", "body", "path")]
            fields.append({"field": ".".join(loc) or "(request)", "message": str(e.get("msg"))})
        body = error_body(422, "invalid", f"invalid {len(fields)} field(s); see fields", fields)
        return respond(request, 422, body)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        code = HTTP_CODES.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        body = error_body(exc.status_code, code, message)
        return respond(request, exc.status_code, body, getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        body = error_body(500, "internal_error", "internal error; the server log has the details")
        return respond(request, 500, body)
