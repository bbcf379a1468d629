"""a covering index for the aggregates computed in SQL (stats, trend, report series)

Revision ID: 0004_aggregates
Revises: 0003_perf

``stats``, ``ask trend`` and the periodic report's series group incidents by date, kind
(event type, aggregate flag) and province or district, and sum their tolls; the last
high-profile attack tests type, toll and country over a date range and needs each match's
date span. This index holds all of those columns after ``deleted`` and ``date_start``, so
that SQLite and PostgreSQL read it instead of the wide incident rows (plans in
docs/performance.md).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004_aggregates"
down_revision: str | None = "0003_perf"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = [
    "deleted",
    "date_start",
    "event_type",
    "aggregate",
    "killed_best",
    "injured_best",
    "country",
    "admin1_name",
    "admin1_now_name",
    "admin2_name",
    "date_end",
    "date_precision",
    "suicide",
]


def upgrade() -> None:
    op.create_index("ix_incidents_aggregates", "incidents", COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_incidents_aggregates", table_name="incidents")
