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

from collections.abc import Callable, Mapping, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.schema import ColumnDefault

Processor = Callable[[Any], Any] | None


class SqlDefault(TypeError):
    """A column the rows leave out has a SQL expression as its default (``default=func.now()``),
    which a bulk insert cannot fill: the expression is the database's to compute, in the
    statement, and the rows are sent as values (``COPY`` takes no expression)."""

    def __init__(self, table: str, column: str, default: Any) -> None:
        self.table, self.column = table, column
        super().__init__(
            f"cannot bulk-insert into {table}: column {column!r} is left out of the rows and "
            f"its default is a SQL expression ({default}), which the rows cannot carry. Give "
            f"{column!r} a value in every row, or declare its default as a Python value or "
            "function (default=utcnow) or as the database's own (server_default=...), which "
            "applies when the column is left out of the statement"
        )


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
        for c in defaulted:
            d = c.default
            if isinstance(d, ColumnDefault) and not (d.is_callable or d.is_scalar):
                raise SqlDefault(table.name, c.name, d.arg)
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
    get = getter(keys)
    insert_values(conn, table, keys, [get(row) for row in rows])


def getter(keys: Sequence[str]) -> Callable[[Any], tuple[Any, ...]]:
    """A function giving a mapping's values at ``keys``, as a tuple (also for one key)."""
    if not keys:
        return lambda row: ()
    if len(keys) == 1:
        key = keys[0]
        return lambda row: (row[key],)
    return itemgetter(*keys)


def bind_processor(conn: Connection, table: Table, key: str) -> Processor:
    """The bind conversion of one column for the connection's dialect (None: none)."""
    dialect = conn.dialect
    return table.c[key].type.dialect_impl(dialect).bind_processor(dialect)


def insert_values(
    conn: Connection,
    table: Table,
    keys: tuple[str, ...],
    rows: Sequence[tuple[Any, ...]],
    fixed: Mapping[str, Any] | None = None,
    *,
    processed: Sequence[str] = (),
) -> None:
    """Insert ``rows``, tuples of the values of the columns ``keys`` in that order, into
    ``table``; ``fixed``: the values of other columns, the same in every row (converted
    once, not per row). The columns named in ``processed`` are given in the driver's form
    already (their bind conversion applied by the caller, e.g. to serialise a JSON value as
    soon as it is made). What is written is what :func:`insert_rows` writes for the same
    rows as dictionaries."""
    if not rows:
        return
    fixed = fixed or {}
    sql, copy_sql, processors, defaults = _plan(conn, table, keys + tuple(fixed))
    width = len(keys)
    convert = [
        (i, p)
        for i, p in enumerate(processors[:width])
        if p is not None and keys[i] not in processed
    ]
    fills = [_default_value(d) for d in defaults]
    per_row = any(callable(f) for f in fills)  # a default called for each row
    shared = [*fixed.values(), *(() if per_row else fills)]
    tail = tuple(v if p is None else p(v) for p, v in zip(processors[width:], shared, strict=False))
    params: list[tuple[Any, ...]]
    if not convert and not per_row:
        params = [row + tail for row in rows]
    else:
        params = []
        late = processors[width + len(fixed) :]
        for row in rows:
            values = list(row)
            for i, p in convert:
                values[i] = p(values[i])
            if per_row:
                values += tail
                for f, q in zip(fills, late, strict=True):
                    v = f() if callable(f) else f
                    values.append(v if q is None else q(v))
                params.append(tuple(values))
            else:
                params.append((*values, *tail))
    cursor = conn.connection.cursor()
    dbapi_error = conn.dialect.loaded_dbapi.Error
    try:
        if conn.dialect.name == "postgresql" and len(params) >= COPY_FROM:
            sql = copy_sql
            with cursor.copy(copy_sql) as copy:
                for row_values in params:
                    copy.write_row(row_values)
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
    assert default.is_scalar, "a SQL expression default is refused by _plan (SqlDefault)"
    return arg
