"""an index of the incidents whose date is a range

Revision ID: 0006_answers
Revises: 0005_walk

The last high-profile attack before a date reads the latest attacks known to the day by the
date index, then the incidents with a date range (known to the week, month or year, or with
an end date) that started within a year and a day before the last of them: those may end
later and rank before them. At 1,000,000 incidents that read scanned 43,824 entries of the
covering index for 618 ranged ones (4 ms on SQLite, 2-29 ms on PostgreSQL); this partial
index holds the ranged incidents only (about 5 per cent) and is read for them alone (0.1 ms
on either). Plans in docs/performance.md.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_answers"
down_revision: str | None = "0005_walk"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: As ``militancydb.db.incident_tables.RANGED`` when this revision was written.
RANGED = "date_precision <> 'day' OR (date_end IS NOT NULL AND date_end <> date_start)"
#: ``id`` last: PostgreSQL then reads the ids from the index alone (an index scan with a heap
#: fetch per entry lost to the covering index's index-only scan of every incident's entry)
COLUMNS = ["deleted", "date_start", "country", "event_type", "killed_best", "id"]


def upgrade() -> None:
    op.create_index(
        "ix_incidents_ranged",
        "incidents",
        COLUMNS,
        sqlite_where=sa.text(RANGED),
        postgresql_where=sa.text(RANGED),
    )


def downgrade() -> None:
    op.drop_index("ix_incidents_ranged", table_name="incidents")
