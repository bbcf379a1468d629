"""event type rule, its confidence, and the aggregate flag on incidents

Revision ID: 0002_evtypes
Revises: 0002_claims
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_evtypes"
down_revision: str | None = "0002_claims"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ALTER TABLE ADD/DROP COLUMN (SQLite >= 3.35 and PostgreSQL both have them): a batch
# copy of `incidents` would have to drop a table that other tables' rows refer to.


def upgrade() -> None:
    op.add_column("incidents", sa.Column("event_type_rule", sa.String(length=60), nullable=True))
    op.add_column(
        "incidents", sa.Column("event_type_confidence", sa.String(length=10), nullable=True)
    )
    op.add_column(
        "incidents",
        sa.Column("aggregate", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    # incidents already held: an aggregate is dated only to a year or placed only in a country
    op.execute(
        "UPDATE incidents SET aggregate = TRUE "
        "WHERE date_precision = 'year' OR geo_precision IN ('country', 'unknown')"
    )
    op.create_index("ix_incidents_aggregate", "incidents", ["aggregate"])


def downgrade() -> None:
    op.drop_index("ix_incidents_aggregate", table_name="incidents")
    op.drop_column("incidents", "aggregate")
    op.drop_column("incidents", "event_type_confidence")
    op.drop_column("incidents", "event_type_rule")
