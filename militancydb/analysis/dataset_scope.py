"""What each dataset behind the incidents records and omits, as data (one entry per
dataset, keyed by the ``system`` of its incidents' external ids). Reports and answers quote
these when they name the sources of their period and place (``docs/analysis.md``).

Descriptions say what a dataset is designed to hold, with the source of the definition;
they are not findings about any one period.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DatasetScope:
    """A dataset: its name, what it records, what it leaves out, and where that is said."""

    system: str
    name: str
    records: str
    omits: str
    injuries: bool
    arrests: bool
    source: str


SCOPES: dict[str, DatasetScope] = {
    s.system: s
    for s in (
        DatasetScope(
            "ucdp",
            "UCDP Georeferenced Event Dataset (GED) 22.1",
            "fatal events of organised violence: the use of armed force by an organised "
            "actor against another organised actor or against civilians that caused at least "
            "one direct death, within conflicts, dyads and actors that passed UCDP's "
            "threshold of 25 deaths in a calendar year; deaths by side and of civilians",
            "injuries, arrests, attacks that killed no one, and violence outside the "
            "organised conflicts UCDP codes (e.g. by groups below its threshold)",
            False,
            False,
            "UCDP GED codebook definition of an event, as quoted in PLOS Medicine "
            "(doi:10.1371/journal.pmed.1003810); the 25-death threshold: UCDP codebook, as "
            "quoted by cdc.univ-lille.fr (UCDP Battle-Related Deaths Dataset 22.1)",
        ),
        DatasetScope(
            "pbc_suicide",
            "Pakistan Body Count, suicide attacks",
            "suicide attacks in Pakistan, with killed and injured (minimum and maximum)",
            "every attack that was not a suicide attack; operations; arrests",
            True,
            False,
            "the file's own columns (docs/importers-pbc-tbij.md)",
        ),
        DatasetScope(
            "pbc_drone",
            "Pakistan Body Count, drone attacks",
            "US drone strikes in Pakistan, with killed and injured",
            "every incident that was not a drone strike",
            True,
            False,
            "the file's own columns (docs/importers-pbc-tbij.md)",
        ),
        DatasetScope(
            "tbij",
            "Bureau of Investigative Journalism, drone strikes in Pakistan 2004-2013",
            "US drone strikes in Pakistan, 2004-2013, with killed (by category) and injured",
            "every incident that was not a drone strike; strikes after 2013",
            True,
            False,
            "the file's own columns (docs/importers-pbc-tbij.md)",
        ),
        DatasetScope(
            "seed",
            "project records written from cited reporting (seeded claims)",
            "single incidents written by the project from the news reports each cites, to "
            "hold claims of responsibility",
            "everything not written in by hand; these are not a systematic count",
            True,
            True,
            "militancydb/seeds (each incident cites its reports)",
        ),
    )
}

#: Incidents with no dataset id: entered by hand from the sources they cite.
MANUAL = DatasetScope(
    "manual",
    "incidents entered by hand",
    "incidents a user entered from the sources each cites",
    "everything not entered by hand; not a systematic count",
    True,
    True,
    "the incidents' own citations",
)


def scope(system: str) -> DatasetScope:
    """The scope of a dataset (an unknown system is described as such, not guessed)."""
    return SCOPES.get(
        system,
        DatasetScope(
            system,
            f"dataset '{system}'",
            "not described in militancydb.analysis.dataset_scope",
            "not described",
            False,
            False,
            "none",
        ),
    )
