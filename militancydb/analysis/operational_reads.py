"""What :func:`~militancydb.analysis.operational.operational` reads: the group's attacks in a
country with their perpetrator links (one query, the incident's date, place and toll joined to
the group's links, not full incident rows), the standing claims of every claimant on those
incidents (the group's own and its rivals', by the claims' incident index), the group's claims
linked to no incident, and which incidents another organisation claimed too: not the group's
thousands of claims of every year and country."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from typing import Any

from sqlalchemy import Integer, any_, bindparam, column, func, select
from sqlalchemy.orm import Session

from militancydb.analysis.data import ATTACKS, select_columns, where_text
from militancydb.codebook import ClaimKind
from militancydb.db.tables import Claim, Incident, IncidentActor
from militancydb.domain.dates import earliest
from militancydb.knowledge.loader import Knowledge
from militancydb.services.claims_competing import Claimant, claimants_compete
from militancydb.services.incident_query import IncidentFilter


@dataclass
class GroupIncident:
    """What the answer reads of one of the group's incidents."""

    id: int
    date: dt.date
    where: str
    province: str | None
    killed: int | None
    links: list[tuple[str, str]] = field(default_factory=list)  # (actor key, basis)


def group_incidents(
    session: Session, family: set[str], country: str, day: dt.date
) -> dict[int, GroupIncident]:
    """The attacks in ``country`` up to ``day`` with a perpetrator link to the group (any
    basis), oldest first, with those links in their recorded order."""
    flt = IncidentFilter(date_to=day, country=country, event_types=ATTACKS)
    query = flt.apply(
        select_columns(
            Incident.id,
            Incident.date_start,
            Incident.place_name,
            Incident.admin2_name,
            Incident.admin1_name,
            Incident.country,
            Incident.killed_best,
            IncidentActor.actor_key,
            IncidentActor.basis,
            IncidentActor.id,
        ).join(IncidentActor, IncidentActor.incident_id == Incident.id)
    ).where(IncidentActor.actor_key.in_(sorted(family)), IncidentActor.role == "perpetrator")
    # sorted here, not by the database: an ORDER BY on the date leads SQLite to walk every
    # incident by date and probe its actors, instead of starting from the group's links;
    # read through Core (rows as tuples): the ORM's row handling cost as much CPU as the
    # query itself for the thousands of links of a large group
    found = sorted(session.connection().execute(query).all(), key=itemgetter(1, 0, 9))
    out: dict[int, GroupIncident] = {}
    places: dict[tuple[str | None, ...], str] = {}  # a group's attacks share few places
    for iid, date, place, district, province, ctry, killed, key, basis, _ in found:
        inc = out.get(iid)
        if inc is None:
            spot = (place, district, province, ctry)
            where = places.get(spot)
            if where is None:
                where = places[spot] = where_text(place, district, province, ctry)
            inc = out[iid] = GroupIncident(iid, date, where, province, killed)
        inc.links.append((key, basis))
    return out


#: what :func:`claims_on` reads of a claim: (claim id, incident id, claimant key,
#: claimant name, claimed at, status)
ClaimRow = tuple[int, int | None, str | None, str, str | None, str]

#: a standing claim: not deleted, a claim (not a denial or a dispute), not retracted
STANDING = (
    Claim.deleted.is_(False),
    Claim.kind == ClaimKind.CLAIM.value,
    Claim.status != "retracted",
)


def contested_among(
    claimants: dict[int, list[tuple[str | None, str]]],
    family: set[str],
    same: Callable[[str, str], bool],
) -> set[int]:
    """Of incidents and the claimants of their standing claims, those the group claimed and
    another organisation claimed too (:func:`~militancydb.services.claims_competing.
    claimants_compete`)."""
    return {
        iid
        for iid, who in claimants.items()
        if any(key in family for key, _ in who)
        and claimants_compete((Claimant.of(key, name) for key, name in who), same)
    }


def contested(session: Session, kb: Knowledge, family: set[str], day: dt.date) -> set[int]:
    """The incidents up to ``day`` that the group claimed and another organisation claimed
    too: those of :func:`~militancydb.services.claims.competing_claims` with a claim by the
    group, by the same rule (:func:`~militancydb.services.claims_competing.claimants_compete`:
    a group the registry does not hold competes by its name as written), found from the
    claims' incidents and claimants alone (not every claim read in full with its incident
    and citations, a third of the answer's time at 1,000,000). Only the incidents with a
    standing claim by the group are read (the claimant index): every claim up to the day was
    read before, 127 ms of CPU at 1,000,000 incidents with their 31,760 claims.
    :func:`operational` finds the same among its incidents alone (:func:`claims_on`)."""
    theirs = select(Claim.incident_id).where(*STANDING, Claim.claimant_key.in_(sorted(family)))
    rows = session.execute(
        select(Claim.incident_id, Claim.claimant_key, Claim.claimant_name)
        .join(Incident, Incident.id == Claim.incident_id)
        .where(
            *STANDING,
            Incident.deleted.is_(False),
            Incident.date_start <= day,
            Claim.incident_id.in_(theirs),
        )
    )
    claimants: dict[int, list[tuple[str | None, str]]] = defaultdict(list)
    for iid, key, name in rows:
        if iid is not None:  # the join's condition; for the types
            claimants[iid].append((key, name))
    return contested_among(claimants, family, kb.registry.same_organisation)


@dataclass(frozen=True)
class GroupClaim:
    """What the answer reads of one of the group's claims."""

    id: int
    incident_id: int | None
    claimant_key: str | None
    claimant_name: str


_COLUMNS = (
    Claim.id,
    Claim.incident_id,
    Claim.claimant_key,
    Claim.claimant_name,
    Claim.claimed_at,
    Claim.status,
)


@lru_cache(maxsize=2)
def _on_incidents(dialect: str) -> Any:
    """The standing claims of every claimant on the incidents given as ONE parameter
    ``ids`` (an array on PostgreSQL, a JSON array read by ``json_each`` on SQLite), through
    the claims' incident index: built once, where an expanding ``IN`` is built anew for each
    list of ids and costs a bound parameter per incident."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import ARRAY

        wanted: Any = Claim.incident_id == any_(bindparam("ids", type_=ARRAY(Integer)))
    else:
        each = select(column("value", Integer)).select_from(func.json_each(bindparam("ids")))
        wanted = Claim.incident_id.in_(each)
    return select(*_COLUMNS).where(*STANDING, wanted)


def _ids_param(dialect: str, ids: list[int]) -> list[int] | str:
    return ids if dialect == "postgresql" else json.dumps(ids)


def claims_on(
    session: Session, family: set[str], incidents: dict[int, GroupIncident]
) -> tuple[list[ClaimRow], list[ClaimRow]]:
    """The standing claims of every claimant on ``incidents``, and the group's standing
    claims linked to no incident: every claim the answer can use. A claim on another
    incident is never in it (the answer keeps those on the group's attacks
    in the country up to the day; :func:`contested` is asked of those alone), so the
    group's thousands of claims of every year and country are not read (read and dated
    one by one, they were most of the answer's time at 1,000,000 incidents)."""
    conn = session.connection()
    on: list[ClaimRow] = []
    if incidents:
        dialect = conn.dialect.name
        ids = _ids_param(dialect, sorted(incidents))
        on = [tuple(r) for r in conn.execute(_on_incidents(dialect), {"ids": ids})]
    unlinked = conn.execute(
        select(*_COLUMNS).where(
            *STANDING, Claim.incident_id.is_(None), Claim.claimant_key.in_(sorted(family))
        )
    )
    return on, [tuple(r) for r in unlinked]  # type: ignore[misc]


def made_by(
    claims: Iterable[ClaimRow], family: set[str], incidents: dict[int, GroupIncident], day: dt.date
) -> list[GroupClaim]:
    """Of ``claims``, the group's made up to ``day`` (the claim's own day, else its
    incident's), not retracted or rejected, by that day and then by id: as
    :func:`~militancydb.services.claims.list_claims` lists them (the day as
    :func:`~militancydb.services.claims.claim_day` reads it, the claims read first
    by :func:`claims_on`). Each distinct ``claimed_at`` is read once."""
    days: dict[str, dt.date | None] = {}
    kept = []
    for cid, iid, key, name, claimed_at, status in claims:
        if key not in family or status == "rejected":
            continue
        if claimed_at:
            made = days.get(claimed_at)
            if made is None:
                made = days[claimed_at] = earliest(claimed_at[:10])
        else:
            made = None
        if made is None:  # no day of its own: its incident's (none for an unlinked claim)
            inc = incidents.get(iid) if iid is not None else None
            made = inc.date if inc is not None else None
        if made is not None and made <= day:
            kept.append((made, cid, GroupClaim(cid, iid, key, name)))
    kept.sort(key=itemgetter(0, 1))
    return [c for _, _, c in kept]
