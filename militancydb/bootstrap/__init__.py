"""Build a working database: schema, shipped knowledge, the bundled UCDP data, seeds.

This is the main job of ``militancydb init`` (and of the README's first command). It sits
above both the importers (``io``) and the services, which it drives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from sqlalchemy import Engine

from militancydb.bootstrap.seeds import load_seeds
from militancydb.db.engine import session_scope, upgrade
from militancydb.io.engine import ImportReport, Progress, run_import
from militancydb.io.ucdp import UCDPImporter
from militancydb.knowledge.loader import LoadReport, load_knowledge, load_shipped


@dataclass
class InitReport:
    """What ``init`` did."""

    knowledge: LoadReport
    imports: list[ImportReport] = field(default_factory=list)
    seeds: list[str] = field(default_factory=list)


def bundled_ucdp() -> Path:
    """Path of the bundled UCDP GED file (Pakistan rows, CC BY 4.0)."""
    return Path(
        str(resources.files("militancydb.datasets").joinpath("ucdp-ged-pakistan-1989-2021.csv"))
    )


def initialise(
    engine: Engine, *, user: str, with_data: bool = True, progress: Progress | None = None
) -> InitReport:
    """Migrate, load the shipped knowledge and (optionally) the bundled data. Idempotent."""
    upgrade(engine)
    with session_scope(engine) as s:
        report = InitReport(knowledge=load_shipped(s))
    if not with_data:
        return report
    with session_scope(engine) as s:
        kb = load_knowledge(s)
        report.imports.append(run_import(s, UCDPImporter(), bundled_ucdp(), kb, user, progress))
    with session_scope(engine) as s:
        report.seeds = load_seeds(s, load_knowledge(s))
    return report
