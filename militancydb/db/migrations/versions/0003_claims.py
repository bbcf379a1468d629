"""established responsibility (claims corpus)

Revision ID: 0002_claims
Revises: 0002_accounts
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_claims"
down_revision: str | None = "0002_accounts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "established_responsibility",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=200), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("actor_key", sa.String(length=100), nullable=False),
        sa.Column("finding", sa.String(length=20), nullable=False),
        sa.Column("basis", sa.String(length=30), nullable=False),
        sa.Column("established_by", sa.String(length=300), nullable=False),
        sa.Column("established_on", sa.String(length=10), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("confidence", sa.String(length=10), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["incident_id"], ["incidents.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("ref"),
    )
    with op.batch_alter_table("established_responsibility", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_established_responsibility_incident_id"), ["incident_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_established_responsibility_actor_key"), ["actor_key"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("established_responsibility", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_established_responsibility_actor_key"))
        batch_op.drop_index(batch_op.f("ix_established_responsibility_incident_id"))
    op.drop_table("established_responsibility")
