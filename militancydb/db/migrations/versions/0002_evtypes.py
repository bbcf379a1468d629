"""event type rule, its confidence, and the aggregate flag on incidents

Revision ID: 0002_evtypes
Revises: 0001
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_evtypes"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("incidents") as batch:
        batch.add_column(sa.Column("event_type_rule", sa.String(length=60), nullable=True))
        batch.add_column(sa.Column("event_type_confidence", sa.String(length=10), nullable=True))
        batch.add_column(
            sa.Column("aggregate", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    # incidents already held: an aggregate is dated only to a year or placed only in a country
    op.execute(
        "UPDATE incidents SET aggregate = TRUE "
        "WHERE date_precision = 'year' OR geo_precision IN ('country', 'unknown')"
    )
    op.create_index("ix_incidents_aggregate", "incidents", ["aggregate"])


def downgrade() -> None:
    op.drop_index("ix_incidents_aggregate", table_name="incidents")
    with op.batch_alter_table("incidents") as batch:
        batch.drop_column("aggregate")
        batch.drop_column("event_type_confidence")
        batch.drop_column("event_type_rule")
