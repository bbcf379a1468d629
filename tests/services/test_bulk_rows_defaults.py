"""``services/bulk_rows``: the defaults of the columns the rows leave out are filled as
SQLAlchemy's ``insert`` fills them; a SQL expression as a default, which a bulk insert
cannot send as a value, is refused with one error naming the table, the column and the fix,
before anything is written (both backends)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, func, select
from sqlalchemy.engine import Engine

from militancydb.services.bulk_rows import SqlDefault, insert_rows

STAMP = dt.datetime(2026, 12, 5, 12, 0)


def _table(engine: Engine, name: str, *defaulted: Column[object]) -> Table:
    table = Table(
        name,
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("label", String(20)),
        *defaulted,
    )
    table.create(engine)
    return table


def test_a_sql_expression_default_is_refused_naming_the_column(engine: Engine) -> None:
    table = _table(engine, "bulk_probe_sql", Column("at", DateTime, default=func.now()))
    rows = [{"label": f"row {n}"} for n in range(60)]  # enough for PostgreSQL's COPY
    with engine.begin() as conn, pytest.raises(SqlDefault) as caught:
        insert_rows(conn, table, rows)
    message = str(caught.value)
    assert "bulk_probe_sql" in message and "'at'" in message and "now()" in message
    assert "server_default" in message and "value in every row" in message
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(table)) == 0
    # the fix the message names: the column given in the rows
    with engine.begin() as conn:
        insert_rows(conn, table, [{**r, "at": STAMP} for r in rows])
    with engine.connect() as conn:
        assert set(conn.scalars(select(table.c.at))) == {STAMP}


def test_python_defaults_are_filled(engine: Engine) -> None:
    table = _table(
        engine,
        "bulk_probe_python",
        Column("kind", String(10), default="plain"),
        Column("at", DateTime, default=lambda: STAMP),
    )
    with engine.begin() as conn:
        insert_rows(conn, table, [{"label": "a"}, {"label": "b"}])
    with engine.connect() as conn:
        got = conn.execute(select(table.c.label, table.c.kind, table.c.at).order_by("label"))
        assert [tuple(r) for r in got] == [("a", "plain", STAMP), ("b", "plain", STAMP)]
