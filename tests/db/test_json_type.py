"""The tables' JSON type stores and reads what ``JSON().with_variant(JSONB(), "postgresql")``
did (the type of the migrations, which it replaced so that a SQLite command need not import
the PostgreSQL dialect; issue 15): the same column type, the same stored text, ``None`` as
JSON ``null``, the same values read back — on each backend."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from sqlalchemy import JSON, Column, Engine, Integer, MetaData, Table, insert, select, text
from sqlalchemy.dialects.postgresql import JSONB

from militancydb.db.base import JSONType

VALUES: list[Any] = [
    {"a": 1, "b": [1, 2, None], "c": {"d": "Khyber Pakhtunkhwa"}},
    [1, "two", 3.5, True, None],
    None,
    {},
    [],
    "a string",
    {"name": "لشکر طیبہ", "emoji": "✓"},
]


def test_json_values_are_stored_and_read_as_with_the_variant(engine: Engine) -> None:
    meta = MetaData()
    table = Table(
        "json_type_check",
        meta,
        Column("id", Integer, primary_key=True),
        Column("variant", JSON().with_variant(JSONB(), "postgresql")),
        Column("ours", JSONType),
    )
    meta.create_all(engine)
    with engine.begin() as conn:
        conn.execute(
            insert(table), [{"id": i, "variant": v, "ours": v} for i, v in enumerate(VALUES)]
        )
    with engine.connect() as conn:
        read = conn.execute(select(table.c.variant, table.c.ours).order_by(table.c.id)).all()
        stored = conn.execute(
            text(
                "SELECT CAST(variant AS TEXT), CAST(ours AS TEXT), variant IS NULL, "
                "ours IS NULL FROM json_type_check ORDER BY id"
            )
        ).all()
        if engine.dialect.name == "postgresql":
            types = conn.execute(
                text(
                    "SELECT column_name, data_type FROM information_schema.columns "
                    "WHERE table_name = 'json_type_check' AND column_name <> 'id'"
                )
            ).all()
            assert sorted(types) == [("ours", "jsonb"), ("variant", "jsonb")]
    assert [tuple(r) for r in read] == [(v, v) for v in VALUES]
    for variant_text, ours_text, variant_null, ours_null in stored:
        assert (ours_text, ours_null) == (variant_text, variant_null)
    assert stored[VALUES.index(None)][2] is False or stored[VALUES.index(None)][2] == 0


def test_the_tables_do_not_import_the_postgresql_dialect() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from militancydb.db.tables import Base; Base.metadata.sorted_tables; "
            "print([m for m in sys.modules if m.startswith('sqlalchemy.dialects.postgresql')])",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "[]"
