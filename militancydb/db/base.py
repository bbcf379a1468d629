"""Declarative base and shared column types of every table.

Conventions: times are naive UTC; knowledge dates are partial-date strings
(``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``); "unknown" is NULL, never 0; records that users edit
carry ``version`` (optimistic locking) and ``deleted`` (soft delete), and every change to them
is written to ``change_log``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase

JSONType = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    """Base of every table."""

    type_annotation_map = {dict[str, Any]: JSONType, list[Any]: JSONType}


def utcnow() -> dt.datetime:
    """The current time, naive UTC (the form every timestamp is stored in)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
