"""The bounds and boundary checks every command shares, defined once.

A limit here is the same in every command that takes the value: a place name is at most
:data:`PLACE_NAME` characters in ``incidents add``, ``incidents edit`` and ``places
resolve`` alike (the gazetteer refuses longer queries with the same number). Messages name
the bound and never echo a long input whole (:func:`clip`).

Types for input schemas:

- :data:`Count`: a whole number 0..:data:`MAX_COUNT`; ``true``, ``5.0`` and ``"5"`` are
  refused, not read as 1 or 5.
- :data:`Day`: a date, or text ``YYYY-MM-DD``; an integer (a Unix time to pydantic) or a
  date-time is refused.
- :data:`RecordId`: a record id 1..:data:`MAX_ID` (PostgreSQL's ``integer``).
- :data:`HttpUrl`: text that starts with ``http://`` or ``https://`` and names a host;
  ``javascript:``, ``file:`` and anything else are refused.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AfterValidator, BeforeValidator, Field, Strict

#: A place, province or district name (and any name the gazetteer is asked to resolve).
PLACE_NAME = 200
#: An actor's name or key (and any name the actor registry is asked to resolve).
ACTOR_NAME = 300
#: Free text describing where exactly (a street, a building).
PLACE_DETAIL = 1_000
#: An incident's summary.
SUMMARY = 10_000
#: A note on an actor link or a link between incidents.
NOTE = 2_000
#: A target's description.
DESCRIPTION = 1_000
#: A source's URL.
URL = 2_000
#: The largest casualty figure accepted.
MAX_COUNT = 100_000
#: The largest record id (PostgreSQL ``integer``).
MAX_ID = 2**31 - 1

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def clip(value: object, limit: int = 60) -> str:
    """A value as a message may show it: its ``repr``, cut to about ``limit`` characters with
    the full length said."""
    text = repr(value)
    if len(text) <= limit:
        return text
    return f"{text[: limit - 1]}…' ({len(str(value)):,} characters)"


def _day(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        raise ValueError(f"{clip(value)} is a date and time; give the date only (YYYY-MM-DD)")
    if isinstance(value, dt.date) or value is None:
        return value
    if isinstance(value, str):
        text = value.strip()
        if not _DAY.fullmatch(text):
            raise ValueError(f"{clip(value)} is not a date; give YYYY-MM-DD (e.g. 2016-08-08)")
        try:
            return dt.date.fromisoformat(text)
        except ValueError as exc:
            raise ValueError(f"{clip(value)} is not a date ({exc})") from None
    kind = "true/false" if isinstance(value, bool) else type(value).__name__
    raise ValueError(f"{clip(value)} ({kind}) is not a date; give text YYYY-MM-DD")


def http_url(value: str) -> str:
    """Check that a URL is http(s) with a host; ValueError naming the problem otherwise."""
    text = value.strip()
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValueError(
            f"{clip(text)} is not a web address: a source URL must start with http:// or "
            "https:// and name a host"
        )
    if any(c.isspace() or ord(c) < 32 for c in text):
        raise ValueError(f"{clip(text)} contains spaces or control characters; not a URL")
    return text


def is_http_url(value: object) -> bool:
    """Whether a stored value may be shown as a live link (reports check again: defence in
    depth against URLs stored before the boundary refused them)."""
    if not isinstance(value, str):
        return False
    try:
        http_url(value)
    except ValueError:
        return False
    return True


Count = Annotated[int, Strict(), Field(ge=0, le=MAX_COUNT)]
Day = Annotated[dt.date, BeforeValidator(_day)]
RecordId = Annotated[int, Strict(), Field(gt=0, le=MAX_ID)]
HttpUrl = Annotated[str, Field(max_length=URL), AfterValidator(http_url)]


def bounded(text: str, field: str, limit: int) -> str:
    """``text`` if it is at most ``limit`` characters; else ValidationFailed naming the bound
    (and not echoing the text whole)."""
    from militancydb.errors import FieldError, ValidationFailed

    if len(text.strip()) > limit:
        raise ValidationFailed(
            [
                FieldError(
                    field,
                    f"longer than {limit} characters ({len(text.strip()):,}): {clip(text)}",
                )
            ]
        )
    return text
