"""``/acled/read``: incidents in ACLED's API shape, so that clients written for ACLED's API work
against militancydb unchanged (tested with the ``acled`` Python package).

What it accepts, as ACLED's API does: filters by column name (``country``, ``iso``,
``event_date``, ``year``, ``event_type``, ``sub_event_type``, ``disorder_type``, ``actor1``,
``actor2``, ``admin1``, ``admin2``, ``location``, ``fatalities``, ``event_id_cnty``), each with
an optional ``<name>_where`` operator (``=``, ``<``, ``>``, ``<=``, ``>=``, ``BETWEEN`` with
``a|b``, ``LIKE`` with ``%`` wildcards; text columns match case-insensitively, and without an
operator a text filter matches as ``LIKE %value%``, as ACLED documents), ``limit`` (default
5000) and ``page``, ``fields`` (names joined by ``|``). Rows come from the codebook crosswalk
(:mod:`militancydb.io.export_acled`). Credentials: ACLED's ``key`` and ``email`` parameters
are an API token and its account name (or send ``Authorization: Bearer``).

Country and date filters run in SQL; the other columns are compared on the ACLED rows, so
a query by them reads every incident of its countries and dates.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from militancydb.api.deps import ContextDep, SessionDep, bearer_token, get_principal
from militancydb.errors import FieldError, NotAuthenticated, ValidationFailed
from militancydb.io.acled_codes import ISO_NUMERIC
from militancydb.io.export_acled import ACLED_COLUMNS, acled_rows
from militancydb.io.gtd_codes import COUNTRIES
from militancydb.services.accounts import principal_for_token
from militancydb.services.incident_query import IncidentFilter
from militancydb.services.incidents import list_incidents

router = APIRouter(tags=["acled"])

OPERATORS = ("=", "<", ">", "<=", ">=", "BETWEEN", "LIKE")
NUMERIC = {"year", "fatalities", "iso", "time_precision", "geo_precision", "inter1", "inter2"}
TEXT_FILTERS = {
    "event_type",
    "sub_event_type",
    "disorder_type",
    "actor1",
    "actor2",
    "assoc_actor_1",
    "assoc_actor_2",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "event_id_cnty",
    "source",
    "notes",
    "civilian_targeting",
}
MAX_LIMIT = 5000
ISO_NUMERIC_TO_ALPHA = {str(v): k for k, v in ISO_NUMERIC.items()}


def _authenticate(request: Request, session: Session, ctx: ContextDep) -> None:
    key = request.query_params.get("key")
    email = request.query_params.get("email")
    if key:
        principal = principal_for_token(session, key)
        if email and principal.username != email.strip().lower():
            raise NotAuthenticated("the API key does not belong to that email (account name)")
        return
    if bearer_token(request) is not None:
        get_principal(request, session)
        return
    if not ctx.settings.anonymous_read:
        raise NotAuthenticated("send key (an API token) and email (its account name)")


def _operator(params: Any, name: str) -> str:
    op = (params.get(f"{name}_where") or "").strip().upper()
    if op and op not in OPERATORS:
        raise ValidationFailed(
            [FieldError(f"{name}_where", f"{op!r}: use one of {', '.join(OPERATORS)}")], "query"
        )
    return op


def _compare(value: Any, wanted: str, op: str, numeric: bool) -> bool:
    if value == "":
        return False  # unknown matches no condition
    if numeric:
        try:
            v = float(value)
        except (TypeError, ValueError):
            return False
        if op == "BETWEEN":
            lo, _, hi = wanted.partition("|")
            return float(lo) <= v <= float(hi)
        w = float(wanted)
        return {"=": v == w, "": v == w, "<": v < w, ">": v > w, "<=": v <= w, ">=": v >= w}[op]
    text = str(value or "").lower()
    target = wanted.lower()
    if op == "=":
        return text == target
    if op == "LIKE" or op == "":
        pattern = target if "%" in target else f"%{target}%"
        rx = "^" + ".*".join(re.escape(p) for p in pattern.split("%")) + "$"
        return re.match(rx, text, re.S) is not None
    if op == "BETWEEN":
        lo, _, hi = target.partition("|")
        return lo <= text <= hi
    return {"<": text < target, ">": text > target, "<=": text <= target, ">=": text >= target}[op]


def _dates(params: Any) -> tuple[dt.date | None, dt.date | None]:
    raw = params.get("event_date")
    year = params.get("year")
    start = end = None
    try:
        if raw:
            op = _operator(params, "event_date")
            if op == "BETWEEN":
                a, _, b = raw.partition("|")
                start, end = dt.date.fromisoformat(a), dt.date.fromisoformat(b)
            elif op in ("", "="):
                start = end = dt.date.fromisoformat(raw)
            elif op in (">", ">="):
                start = dt.date.fromisoformat(raw) + dt.timedelta(days=op == ">")
            elif op in ("<", "<="):
                end = dt.date.fromisoformat(raw) - dt.timedelta(days=op == "<")
        if year and _operator(params, "year") in ("", "="):
            y = int(year)
            start = max(start or dt.date(y, 1, 1), dt.date(y, 1, 1))
            end = min(end or dt.date(y, 12, 31), dt.date(y, 12, 31))
    except ValueError as exc:
        raise ValidationFailed(
            [FieldError("event_date", f"{raw or year!r}: use YYYY-MM-DD ({exc})")], "query"
        ) from None
    return start, end


def _country(params: Any) -> str | None:
    name = params.get("country")
    iso = params.get("iso")
    if iso:
        code = ISO_NUMERIC_TO_ALPHA.get(str(iso).strip())
        if code is None:
            raise ValidationFailed([FieldError("iso", f"{iso!r} is not a country we hold")])
        return code
    if name:
        for gtd_name, code in COUNTRIES.items():
            if gtd_name.lower() == name.strip().lower():
                return code
        raise ValidationFailed([FieldError("country", f"{name!r} is not a country we hold")])
    return None


@router.get("/acled/read", summary="Incidents in ACLED's API shape")
def acled_read(request: Request, session: SessionDep, ctx: ContextDep) -> JSONResponse:
    """ACLED's read endpoint: its parameters, its envelope, its field names."""
    _authenticate(request, session, ctx)
    params = request.query_params
    try:
        limit = int(params.get("limit") or MAX_LIMIT)
        page = int(params.get("page") or 1)
    except ValueError:
        raise ValidationFailed([FieldError("limit", "limit and page are whole numbers")]) from None
    if not 1 <= limit <= MAX_LIMIT or page < 1:
        raise ValidationFailed([FieldError("limit", f"limit 1 to {MAX_LIMIT}, page 1 or more")])
    start, end = _dates(params)
    flt = IncidentFilter(date_from=start, date_to=end, country=_country(params))
    checks = []
    for name in sorted(TEXT_FILTERS | (NUMERIC - {"iso", "year"})):
        if params.get(name) is not None:
            checks.append((name, params[name], _operator(params, name), name in NUMERIC))
    fields = [f for f in (params.get("fields") or "").split("|") if f]
    unknown = [f for f in fields if f not in ACLED_COLUMNS]
    if unknown:
        raise ValidationFailed([FieldError("fields", f"unknown: {', '.join(unknown)}")])
    if checks:
        rows = acled_rows(session, list_incidents(session, flt).data)
        rows = [r for r in rows if all(_compare(r[n], w, op, num) for n, w, op, num in checks)]
        total = len(rows)
        rows = rows[(page - 1) * limit : page * limit]
    else:
        found = list_incidents(session, flt, limit=limit, offset=(page - 1) * limit)
        rows, total = acled_rows(session, found.data), found.count
    # the export's empty cells are JSON nulls here (ACLED clients convert numbers they get)
    rows = [{k: (None if v == "" else v) for k, v in r.items()} for r in rows]
    if fields:
        rows = [{f: r[f] for f in fields} for r in rows]
    return JSONResponse(
        {
            "status": 200,
            "success": True,
            "last_update": 0,
            "count": len(rows),
            "total_count": total,
            "messages": [],
            "data": rows,
            "filename": "militancydb-acled-export",
        }
    )
