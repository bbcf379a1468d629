"""What the importer tests share: each format's sample file as lines (the made-up samples
in ``fixtures/``; for UCDP, real rows of the bundled file)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from militancydb.bootstrap import bundled_ucdp
from militancydb.db.tables import ExternalId
from militancydb.domain.incident import IncidentPublic
from militancydb.services.incidents import get_incident

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLES = {
    "pbc-suicide": FIXTURES / "pbc_suicide_sample.csv",
    "pbc-drone": FIXTURES / "pbc_drone_sample.csv",
    "tbij": FIXTURES / "tbij_sample.csv",
}
FORMATS = ["pbc-suicide", "pbc-drone", "tbij", "ucdp"]


def sample_lines(fmt: str) -> list[str]:
    """The sample file of a format as lines (header first; one record per line)."""
    if fmt in SAMPLES:
        return SAMPLES[fmt].read_text("utf-8").splitlines()
    with bundled_ucdp().open(encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = [r for _, r in zip(range(400), reader, strict=False)]
    rows = [r for r in rows if not any("\n" in c for c in r)][::40][:8]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    return out.getvalue().splitlines()


def join(cells: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    return out.getvalue()


def imported(session: Session, system: str) -> dict[str, IncidentPublic]:
    """The incidents an import made, by the dataset's own id (``system`` as stored)."""
    rows = session.execute(
        select(ExternalId.external_id, ExternalId.incident_id).where(ExternalId.system == system)
    )
    return {e: get_incident(session, i) for e, i in rows}


def low_best_high(
    incident: IncidentPublic, category: str, outcome: str = "killed"
) -> tuple[int | None, int | None, int | None] | None:
    """An incident's figure of one category and outcome as (low, best, high), or None."""
    f = incident.figure(category, outcome)
    return None if f is None else (f.low, f.best, f.high)
