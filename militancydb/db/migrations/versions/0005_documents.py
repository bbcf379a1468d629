"""documents and the review queue

Revision ID: 0002_documents
Revises: 0002_evtypes
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002_documents"
down_revision: str | None = "0002_evtypes"  # after the merged evtypes revision; the lead re-chains
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _json() -> sa.types.TypeEngine:  # type: ignore[type-arg]
    return sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("source_path", sa.String(length=2000), nullable=True),
        sa.Column("item", sa.String(length=2000), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("title", sa.String(length=2000), nullable=True),
        sa.Column("publisher", sa.String(length=300), nullable=True),
        sa.Column("published", sa.String(length=10), nullable=True),
        sa.Column("language", sa.String(length=10), nullable=True),
        sa.Column("language_score", sa.String(length=20), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("incidents_found", sa.Integer(), nullable=True),
        sa.Column("ingested_at", sa.DateTime(), nullable=False),
        sa.Column("ingested_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("content_hash"),
    )
    op.create_index(op.f("ix_documents_status"), "documents", ["status"], unique=False)
    op.create_table(
        "review_candidates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("data", _json(), nullable=False),
        sa.Column("proposal", _json(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("suggested_incident_id", sa.Integer(), nullable=True),
        sa.Column("match_score", sa.Float(), nullable=True),
        sa.Column("match_reasons", _json(), nullable=True),
        sa.Column("incident_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"]),
        sa.ForeignKeyConstraint(["incident_id"], ["incidents.id"]),
        sa.ForeignKeyConstraint(["suggested_incident_id"], ["incidents.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_review_candidates_document_id"), "review_candidates", ["document_id"], unique=False
    )
    op.create_index(
        op.f("ix_review_candidates_incident_id"), "review_candidates", ["incident_id"], unique=False
    )
    op.create_index(
        op.f("ix_review_candidates_status"), "review_candidates", ["status"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_review_candidates_status"), table_name="review_candidates")
    op.drop_index(op.f("ix_review_candidates_incident_id"), table_name="review_candidates")
    op.drop_index(op.f("ix_review_candidates_document_id"), table_name="review_candidates")
    op.drop_table("review_candidates")
    op.drop_index(op.f("ix_documents_status"), table_name="documents")
    op.drop_table("documents")
