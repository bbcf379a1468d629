"""SQL expressions that each backend writes its own way."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement


class day_span(FunctionElement[int]):  # noqa: N801 (a SQL function's name)
    """``day_span(end, start)``: the days from ``start`` to ``end`` (NULL when either is).

    PostgreSQL subtracts the dates; SQLite, which keeps them as ISO text, subtracts their
    Julian day numbers. The same expression is indexed (``ix_incidents_span``) and queried,
    so that each backend matches the two."""

    type = Integer()
    inherit_cache = True
    name = "day_span"


@compiles(day_span)
def _day_span_default(element: day_span, compiler: SQLCompiler, **kw: Any) -> str:
    end, start = (compiler.process(c, **kw) for c in element.clauses)
    return f"({end} - {start})"


@compiles(day_span, "sqlite")
def _day_span_sqlite(element: day_span, compiler: SQLCompiler, **kw: Any) -> str:
    end, start = (compiler.process(c, **kw) for c in element.clauses)
    return f"(julianday({end}) - julianday({start}))"
