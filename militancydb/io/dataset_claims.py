"""Claims of responsibility that a dataset records (GTD's ``claimed``/``claim2``/``claim3``),
turned into claim records once the import has stored the incidents.

Each claim goes through ``services.claims_datasets.record_dataset_claim``: if the incident
already has a claim by the same organisation (the claimant, a chapter or a parent; from the
claims corpus, another dataset or an analyst), that claim gains the dataset as a source (a
citation whose locator names the dataset id and the claim's slot) and no second claim is
made; else a claim is recorded, one per claimant, with the dataset as its source and a
stable reference ``SYSTEM:ID:SLOT``. Either way a re-import finds it instead of adding it
again. The incident
itself already carries the ``claimed`` attribution (the importer puts it in the incident's
data), so recording the claim does not edit the incident a second time.

A claimant the actor registry does not know is recorded as an unregistered claim
(``services.claims_unregistered``: no ``claimant_key``, the name as the dataset writes it),
with the dataset as its source and the same reference; the incident keeps its claimed
attribution by that name, and ``militancydb claims take-over NAME --actor KEY`` links the
claim (and that attribution) to the registry's entry once it has one. A claim matched to
one already held of that name (compared normalised) gains the dataset as a source. The
report counts the unregistered claims recorded (``claims_unregistered``, part of
``claims_recorded``). A claim already recorded is left as it is; if the new release says
something else about it, the import reports a warning (edit it with
``militancydb claims edit``; a claimant the registry now resolves, with
``militancydb claims take-over``). A claim the release records by a name that was since
taken over by a registry actor is the same claim.

:func:`record_claims` is the one place dataset claims enter the claims registry.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from militancydb.db.tables import Claim, ExternalId, Source
from militancydb.errors import MilitancyDBError
from militancydb.io.engine import ImportContext, ImportReport
from militancydb.knowledge.text import normalise
from militancydb.services import claims_datasets
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
    """Record the claims of the rows just imported; returns how many new claims were
    recorded (a claim matched to one already held adds the dataset as its source)."""
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
    source_key = session.scalar(select(Source.key).where(Source.id == ctx.source_id))
    assert source_key is not None  # the engine created the dataset's source
    recorded = matched = unregistered = 0
    for c in claims:
        ref = c.ref(system)
        old = existing.get(ref)
        status = "disputed" if c.disputed else "asserted"
        if old is not None:
            differs = _differs(old, c, status)
            if differs:
                report.warnings.append((c.row, f"claim {old.id} ({ref}) {differs}"))
            continue
        if c.external_id not in incident_of:
            continue  # the row was rejected or left out: no incident to claim
        try:
            _, created = claims_datasets.record_dataset_claim(
                session,
                claims_datasets.DatasetClaim(
                    dataset=system,
                    record_id=c.external_id,
                    incident_id=incident_of[c.external_id],
                    claimant=c.claimant_name,
                    source_key=source_key,
                    channel=c.channel,
                    channel_name=c.channel_name,
                    competing=c.disputed,
                    claimant_key=c.claimant_key,
                    status=status,
                    ref=ref,
                    note=c.note,
                    locator=ref,
                    unregistered=c.claimant_key is None,
                ),
                ctx.kb,
                editor,
            )
        except MilitancyDBError as exc:
            report.warnings.append((c.row, f"claim by {c.claimant_name!r} not recorded: {exc}"))
            continue
        if not created:
            matched += 1
            continue
        recorded += 1
        unregistered += c.claimant_key is None
    report.claims_recorded += recorded
    report.claims_matched += matched
    report.claims_unregistered += unregistered
    return recorded


def _differs(old: Claim, c: DatasetClaim, status: str) -> str:
    """What the release says differently about a claim already held (empty: nothing). A
    claim by a name the registry does not hold is the same claim when the held one has that
    name (compared normalised) or was taken over by a registry actor since."""
    if c.claimant_key is None:
        same = old.claimant_key is not None or normalise(old.claimant_name) == normalise(
            c.claimant_name
        )
    elif old.claimant_key is None:
        return (
            f"is held by the name {old.claimant_name!r} (unregistered); the registry now "
            f"resolves the release's {c.claimant_name!r} to {c.claimant_key}: link it with "
            f"`militancydb claims take-over {old.claimant_name!r} --actor {c.claimant_key}`"
        )
    else:
        same = old.claimant_key == c.claimant_key
    if same and (old.channel_name, old.status) == (c.channel_name, status):
        return ""
    return (
        f"differs in this release (claimant {c.claimant_name!r}, channel "
        f"{c.channel_name!r}, {status}); left as it is -- edit it with "
        "`militancydb claims edit` if the release is right"
    )
