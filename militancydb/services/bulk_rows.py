"""Many rows into one table through the database driver's ``executemany``, with SQLAlchemy's
own conversions.

``connection.execute(insert(table), rows)`` spends most of a bulk import's writing time in
SQLAlchemy turning each row's dictionary into parameters (several microseconds a row, for
a dozen rows per incident). :func:`insert_rows` does the same work once per table and batch:
it writes the statement for the given columns, takes each column type's bind conversion for
the connection's dialect (dates to text on SQLite, JSON through the engine's serialiser,
booleans, ...), fills the columns' Python-side defaults the rows leave out, exactly as
SQLAlchemy's ``insert`` would, and hands the tuples to the driver: SQLite's
``executemany``; on PostgreSQL, for a batch of :data:`COPY_FROM` rows or more,
``COPY ... FROM STDIN`` (psycopg adapts each value as for a parameter; a 20,000-row UCDP
import took 4.9 to 5.5 CPU seconds in the importing process with it, 6.8 to 7.5 with the
pipelined ``executemany``: docs/benchmarks.md), else ``executemany``. The rows are written
in the connection's transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.schema import ColumnDefault

Processor = Callable[[Any], Any] | None

#: On PostgreSQL, batches of at least this many rows go in by ``COPY ... FROM STDIN``.
COPY_FROM = 50

Plan = tuple[str, str, list[Processor], list[Any]]
_PLANS: dict[tuple[str, str, tuple[str, ...]], Plan] = {}


def _plan(conn: Connection, table: Table, keys: tuple[str, ...]) -> Plan:
    """The INSERT and COPY statements, one conversion per given column, and the defaults of
    the others."""
    dialect = conn.dialect
    cache = (dialect.name, table.name, keys)
    if cache not in _PLANS:
        given = [table.c[k] for k in keys]
        defaulted = [
            c
            for c in table.c
            if c.key not in keys and isinstance(c.default, ColumnDefault) and not c.primary_key
        ]
        columns = given + defaulted
        quote = dialect.identifier_preparer.quote
        mark = "?" if dialect.paramstyle == "qmark" else "%s"
        names = ", ".join(quote(c.name) for c in columns)
        sql = (
            f"INSERT INTO {quote(table.name)} ({names}) VALUES ({', '.join(mark for _ in columns)})"
        )
        copy = f"COPY {quote(table.name)} ({names}) FROM STDIN"
        processors: list[Processor] = [
            c.type.dialect_impl(dialect).bind_processor(dialect) for c in columns
        ]
        defaults: list[Any] = [c.default for c in defaulted]
        _PLANS[cache] = (sql, copy, processors, defaults)
    return _PLANS[cache]


def table_of(model: type[Any]) -> Table:
    """The table of a mapped class."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


def insert_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` into ``table``: the columns are the first row's keys (as with
    SQLAlchemy's executemany, a later row must have them all; other keys are ignored)."""
    if not rows:
        return
    keys = tuple(rows[0])
    sql, copy_sql, processors, defaults = _plan(conn, table, keys)
    fills = [_default_value(d) for d in defaults]
    per_row = any(callable(f) for f in fills)  # a default called for each row
    fixed = () if per_row else tuple(fills)
    converted = [(i, p) for i, p in enumerate(processors) if p is not None]
    get = itemgetter(*keys)
    one = len(keys) == 1
    params: list[Any] = []
    for row in rows:
        got = get(row)
        values = [got, *fixed] if one else [*got, *fixed]
        if per_row:
            values += [f() if callable(f) else f for f in fills]
        for i, p in converted:
            values[i] = p(values[i])
        params.append(values)
    cursor = conn.connection.cursor()
    dbapi_error = conn.dialect.loaded_dbapi.Error
    try:
        if conn.dialect.name == "postgresql" and len(params) >= COPY_FROM:
            sql = copy_sql
            with cursor.copy(copy_sql) as copy:
                for values in params:
                    copy.write_row(values)
        else:
            cursor.executemany(sql, params)
    except dbapi_error as exc:
        # the driver's own error, wrapped as SQLAlchemy wraps it on every other path, so that
        # one error path (db/faults.py) reads it: e.g. PostgreSQL refusing a NUL character
        raise DBAPIError.instance(sql, params[:1], exc, dbapi_error) from exc
    finally:
        cursor.close()


def _default_value(default: Any) -> Any:
    """A column default as a value or a function of no argument (called per row)."""
    arg = default.arg
    if default.is_callable:
        return lambda: arg(None)
    if default.is_scalar:
        return arg
    raise NotImplementedError(f"a SQL expression as a column default: {arg}")
