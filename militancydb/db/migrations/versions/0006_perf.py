"""indexes chosen from the query plans of the incident search and the dashboard

Revision ID: 0003_perf
Revises: 0002_documents

Single-column indexes on date and place become composite ones that serve a place filter
with a date range, and the default order (date_start, id); the killed and injured sorts get
their own; a covering index for the dashboard's tallies; one on ``deleted``. See
docs/performance.md for the plans.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003_perf"
down_revision: str | None = "0002_documents"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REPLACED = {
    "ix_incidents_date": ["date_start"],
    "ix_incidents_admin1": ["admin1_key"],
    "ix_incidents_admin1_now": ["admin1_now_key"],
    "ix_incidents_admin2": ["admin2_key"],
}
NEW = {
    "ix_incidents_date_id": ["date_start", "id"],
    "ix_incidents_admin1_date": ["admin1_key", "date_start"],
    "ix_incidents_admin1_now_date": ["admin1_now_key", "date_start"],
    "ix_incidents_admin2_date": ["admin2_key", "date_start"],
    "ix_incidents_admin2_now_date": ["admin2_now_key", "date_start"],
    # the killed and injured sorts (SQLite reads them backwards for DESC NULLS LAST)
    "ix_incidents_killed": ["killed_best", "id"],
    "ix_incidents_injured": ["injured_best", "id"],
    # the count of deleted incidents (an unfiltered count is the table's size less it)
    "ix_incidents_deleted": ["deleted"],
    # covers the dashboard's GROUP BY and an unfiltered count: no read of the wide rows
    "ix_incidents_tally": [
        "deleted",
        "date_start",
        "event_type",
        "killed_best",
        "injured_best",
        "latitude",
        "longitude",
    ],
}


def upgrade() -> None:
    for name in REPLACED:
        op.drop_index(name, table_name="incidents")
    for name, cols in NEW.items():
        op.create_index(name, "incidents", cols)


def downgrade() -> None:
    for name in NEW:
        op.drop_index(name, table_name="incidents")
    for name, cols in REPLACED.items():
        op.create_index(name, "incidents", cols)
