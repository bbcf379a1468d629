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
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator, TypeEngine


class JSONOrJSONB(TypeDecorator[Any]):
    """JSON, stored as JSONB on PostgreSQL: what ``JSON().with_variant(JSONB(),
    "postgresql")`` is (the migrations' type), without importing the PostgreSQL dialect in a
    process that uses none (issue 15: about 0.03 CPU s of every SQLite command's start-up).
    As JSON's: ``None`` is stored as JSON ``null``, and values are not hashable."""

    impl = JSON
    cache_ok = True
    hashable = False
    should_evaluate_none = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import JSONB

            return dialect.type_descriptor(JSONB())
        return dialect.type_descriptor(JSON())


JSONType = JSONOrJSONB()


class Base(DeclarativeBase):
    """Base of every table."""

    type_annotation_map = {dict[str, Any]: JSONType, list[Any]: JSONType}


def utcnow() -> dt.datetime:
    """The current time, naive UTC (the form every timestamp is stored in)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
