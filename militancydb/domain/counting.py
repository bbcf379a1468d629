"""What counts as an actor's own act, and what counts as an aggregate record: the rules that
analysis and the incident summaries share (kept below both, in the domain)."""

from __future__ import annotations

import datetime as dt

#: Bases on which an incident is counted as the actor's own act, each labelled with its basis
#: where shown (claims are kept apart: a claim alone does not make an attack the claimant's).
PERPETRATION = frozenset(
    {"attributed_by_officials", "attributed_by_dataset", "suspected", "confirmed"}
)
ATTRIBUTED = frozenset({"attributed_by_officials", "attributed_by_dataset"})
#: Where an incident's place is not known below the country.
UNPLACED = frozenset({"country", "none"})
#: A date range longer than this many days is coarser than a month.
MONTH_DAYS = 31


def is_aggregate(
    precision: str,
    date_start: dt.date,
    date_end: dt.date | None,
    geo_precision: str | None,
    flag: bool | None = None,
) -> bool:
    """Whether an incident record is an aggregate (e.g. UCDP's "2009, 1,428 killed, place
    unknown"): its date is known only to a span coarser than a month, or it has no place
    below the country. A stored flag, where the importer set one, decides."""
    if flag is not None:
        return bool(flag)
    if precision == "year":
        return True
    if date_end is not None and (date_end - date_start).days + 1 > MONTH_DAYS:
        return True
    return (geo_precision or "none") in UNPLACED
