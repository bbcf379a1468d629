"""an index of incidents by the width of their date range; the aggregates index reordered

Revision ID: 0005_walk
Revises: 0004_aggregates

The last high-profile attack before a date walks back by date over a bounded stretch (a
year and a day: no incident without an end date spans more) and takes the incidents whose
explicit end date lies further from their start through ``ix_incidents_span``, so that its
cost does not grow with the years the database holds.

``ix_incidents_aggregates`` gets the province name right after the day, kind and aggregate
flag, so that ``stats --by province`` and ``ask trend`` group by them in the index's order
with no sort of every incident, and ``id`` last, so that PostgreSQL reads the ids of a
trend's incidents from the index alone. Plans in docs/performance.md.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from militancydb.db.expressions import day_span

revision: str = "0005_walk"
down_revision: str | None = "0004_aggregates"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE = [
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
AFTER = [
    "deleted",
    "date_start",
    "event_type",
    "aggregate",
    "admin1_name",
    "killed_best",
    "injured_best",
    "country",
    "admin1_now_name",
    "admin2_name",
    "date_end",
    "date_precision",
    "suicide",
    "id",
]


def upgrade() -> None:
    op.create_index(
        "ix_incidents_span",
        "incidents",
        [day_span(sa.column("date_end"), sa.column("date_start"))],
    )
    op.drop_index("ix_incidents_aggregates", table_name="incidents")
    op.create_index("ix_incidents_aggregates", "incidents", AFTER)


def downgrade() -> None:
    op.drop_index("ix_incidents_aggregates", table_name="incidents")
    op.create_index("ix_incidents_aggregates", "incidents", BEFORE)
    op.drop_index("ix_incidents_span", table_name="incidents")
