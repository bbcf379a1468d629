"""an index of incidents by the width of their date range

Revision ID: 0005_walk
Revises: 0004_aggregates

The last high-profile attack before a date walks back by date over a bounded stretch (a
year and a day: no incident without an end date spans more) and takes the incidents whose
explicit end date lies further from their start through this index (plans in
docs/performance.md), so that its cost does not grow with the years the database holds.
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


def upgrade() -> None:
    op.create_index(
        "ix_incidents_span",
        "incidents",
        [day_span(sa.column("date_end"), sa.column("date_start"))],
    )


def downgrade() -> None:
    op.drop_index("ix_incidents_span", table_name="incidents")
