"""Claims of responsibility that a dataset records (GTD's ``claimed``/``claim2``/``claim3``),
turned into claim records once the import has stored the incidents.

Each claim is recorded through the claims service (``services.claims.add_claim``), one per
claimant, marked with the dataset as its source (a citation of the dataset's source, the
locator naming the dataset id and the claim's slot) and with a stable reference
``SYSTEM:ID:SLOT`` so that a re-import finds it instead of adding it again. The incident
itself already carries the ``claimed`` attribution (the importer puts it in the incident's
data), so recording the claim does not edit the incident a second time.

A claimant the actor registry does not know cannot be a claim record (the claims registry
needs an actor); the incident keeps the claimed attribution by name and the import reports
a warning. A claim already recorded is left as it is; if the new release says something
else about it, the import reports a warning (edit it with ``militancydb claims edit``).

The seam for de-duplication of claims across datasets is :func:`record_claims`: it is the
one place dataset claims enter the claims registry.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from militancydb.db.tables import Claim, ExternalId
from militancydb.errors import MilitancyDBError
from militancydb.io.engine import ImportContext, ImportReport
from militancydb.services.claims import add_claim
from militancydb.services.history import Editor


@dataclass(frozen=True)
class DatasetClaim:
    """A claim a dataset row records."""

    row: int
    external_id: str
    slot: int  # 1..3: which of the row's groups
    claimant_key: str | None
    claimant_name: str
    channel: str
    channel_name: str | None
    disputed: bool
    note: str

    def ref(self, system: str) -> str:
        """The claim's stable reference."""
        return f"{system}:{self.external_id}:{self.slot}"


def record_claims(
    session: Session,
    ctx: ImportContext,
    editor: Editor,
    report: ImportReport,
    system: str,
    claims: list[DatasetClaim],
) -> int:
    """Record the claims of the rows just imported; returns how many were recorded."""
    if not claims:
        return 0
    wanted = {c.external_id for c in claims}
    incident_of = {
        e: i
        for e, i in session.execute(
            select(ExternalId.external_id, ExternalId.incident_id).where(
                ExternalId.system == system
            )
        )
        if e in wanted
    }
    refs = [c.ref(system) for c in claims]
    existing = {c.ref: c for c in session.scalars(select(Claim).where(Claim.ref.in_(refs))).all()}
    recorded = 0
    for c in claims:
        ref = c.ref(system)
        if c.claimant_key is None:
            report.warnings.append(
                (
                    c.row,
                    f"claim by {c.claimant_name!r} kept as a claimed attribution only: the "
                    "actor registry does not know the group, and a claim record needs one",
                )
            )
            continue
        old = existing.get(ref)
        status = "disputed" if c.disputed else "asserted"
        if old is not None:
            if (old.channel_name, old.status, old.claimant_key) != (
                c.channel_name,
                status,
                c.claimant_key,
            ):
                report.warnings.append(
                    (
                        c.row,
                        f"claim {old.id} ({ref}) differs in this release (channel "
                        f"{c.channel_name!r}, {status}); left as it is -- edit it with "
                        "`militancydb claims edit` if the release is right",
                    )
                )
            continue
        if c.external_id not in incident_of:
            continue  # the row was rejected or left out: no incident to claim
        try:
            add_claim(
                session,
                {
                    "claimant": c.claimant_key,
                    "channel": c.channel,
                    "channel_name": c.channel_name,
                    "incident_id": incident_of[c.external_id],
                    "status": status,
                    "note": c.note,
                    "sources": [{"id": ctx.source_id, "locator": ref}],
                },
                ctx.kb,
                editor,
                ref=ref,
            )
        except MilitancyDBError as exc:
            report.warnings.append((c.row, f"claim by {c.claimant_name!r} not recorded: {exc}"))
            continue
        recorded += 1
    return recorded
