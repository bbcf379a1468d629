"""an index of the incidents by country and date

Revision ID: 0007_tidy7
Revises: 0006_answers

Coverage (``analysis/coverage.py``, in every report and answer) gives the first and the
last day of the incidents entered by hand (those with no dataset id) in a country: the
first and the last such incident in date order. Without an index that starts with the
country, that walk read the date index from 1989 and passed the other country's incidents
first: at 1,000,000 incidents, Afghanistan's 5,544 begin in 2015, after 990,000 of
Pakistan's (140-260 ms a walk). With this index the walk starts at the country's first
day. The index is on ``upper(country)``, which the walk alone asks for (codes are stored
as two capitals, so the rows are the same): on ``country`` itself SQLite took it for every
query naming a country and a date range (the last high-profile attack, the report's
periods) in place of the covering ``ix_incidents_aggregates``, and the last high-profile
attack went from 4 to 56-68 ms of CPU at 1,000,000. ``deleted`` second: the walk's other
equality; ``id`` last, for its test for a dataset id. SQLite takes the index once the
database has statistics (``upgrade`` runs ANALYZE). Plans in docs/performance.md.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_tidy7"
down_revision: str | None = "0006_answers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_incidents_country_date",
        "incidents",
        [sa.text("upper(country)"), "deleted", "date_start", "id"],
    )


def downgrade() -> None:
    op.drop_index("ix_incidents_country_date", table_name="incidents")
