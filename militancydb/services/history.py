"""The change log, as the services use it: re-exported from :mod:`militancydb.db.history`.

The versioned-write primitive and the change log live in the storage layer, so that the
knowledge loader (below the services) writes history the same way the services do.
"""

from militancydb.db.history import (
    Change,
    Editor,
    bump_version,
    check_version,
    diff_fields,
    end_of_day,
    history,
    record,
    record_many,
    state_as_of,
    states_as_of,
)

__all__ = [
    "Change",
    "Editor",
    "bump_version",
    "check_version",
    "diff_fields",
    "end_of_day",
    "history",
    "record",
    "record_many",
    "state_as_of",
    "states_as_of",
]
