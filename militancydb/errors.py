"""The exceptions the core raises. Adapters (CLI, API, web) translate them for users.

::

    MilitancyDBError
    ├── ConfigError              a setting is missing or wrong
    ├── DatabaseNotReady         the database has no schema or an old one
    ├── DatabaseProblem          the database cannot be reached or used
    │   ├── NoDatabase           no database at that path
    │   ├── NotADatabase         the file is not a (SQLite) database
    │   ├── DatabaseUnreachable  the server does not answer or refuses the login
    │   ├── DatabaseLocked       another writer holds the lock for too long
    │   └── DatabaseReadOnly     the database can be read but not written
    ├── FileProblem              a file cannot be read or written (permission, space, path)
    ├── Refused                  a dangerous command was not confirmed
    ├── NotFound                 a record does not exist
    │   ├── IncidentNotFound
    │   ├── ClaimNotFound
    │   ├── ActorNotFound
    │   ├── PlaceNotFound
    │   └── PersonNotFound
    ├── ValidationFailed         input does not fit the model (lists every bad field)
    ├── StaleEdit                an edit was made against an older version
    ├── AlreadyExists            a record with that key exists
    ├── ImportFailed             a file cannot be imported at all (rows are reported, not raised)
    ├── AmbiguousName            a name maps to several records and context does not decide
    ├── KnowledgeDataError       shipped registry data is inconsistent
    ├── NotAuthenticated         no valid sign-in, session or API token
    ├── PermissionDenied         signed in, but the role does not allow the action
    └── TooManyAttempts          too many failed sign-ins; wait before trying again

Every message names the problem and, where there is one, the fix.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class MilitancyDBError(Exception):
    """Base of every error militancydb raises on purpose."""


class ConfigError(MilitancyDBError):
    """A setting is missing or has a value that cannot work."""


class DatabaseNotReady(MilitancyDBError):
    """The database has no schema, or an older one than this code expects."""


class DatabaseProblem(MilitancyDBError):
    """The database cannot be reached or used (not an input problem)."""


class NoDatabase(DatabaseProblem):
    """No database at the given path (nothing was created)."""


class NotADatabase(DatabaseProblem):
    """The given file or URL is not a database militancydb can use."""


class DatabaseUnreachable(DatabaseProblem):
    """The database server does not answer, or refuses the login."""


class DatabaseLocked(DatabaseProblem):
    """Another writer held the database lock for longer than the wait allowed."""


class DatabaseReadOnly(DatabaseProblem):
    """The database can be read but not written."""


class FileProblem(MilitancyDBError):
    """A file or folder cannot be read or written (permission, space, wrong path)."""


class Refused(MilitancyDBError):
    """A dangerous command was neither confirmed at a terminal nor given ``--yes``."""


class NotFound(MilitancyDBError):
    """A record that was asked for does not exist."""


class IncidentNotFound(NotFound):
    """No incident with that id (or it is deleted and deleted records were not asked for)."""


class ClaimNotFound(NotFound):
    """No claim with that id."""


class ActorNotFound(NotFound):
    """No actor matches that key or name."""


class PlaceNotFound(NotFound):
    """No place matches that key or name."""


class PersonNotFound(NotFound):
    """No person matches that key or name."""


@dataclass(frozen=True)
class FieldError:
    """One problem with one input field: where it is (dotted path) and what is wrong."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class ValidationFailed(MilitancyDBError):
    """Input does not fit the model; ``errors`` lists every bad field."""

    def __init__(self, errors: Sequence[FieldError], what: str = "input") -> None:
        self.errors = list(errors)
        if len(self.errors) == 1:  # one problem: one line
            super().__init__(f"invalid {what}: {self.errors[0]}")
            return
        lines = "\n".join(f"  - {e}" for e in self.errors)
        super().__init__(f"invalid {what} ({len(self.errors)} problem(s)):\n{lines}")


class StaleEdit(MilitancyDBError):
    """An edit was made against an older version of a record than the current one."""

    def __init__(self, entity: str, entity_id: str, expected: int, current: int) -> None:
        self.entity = entity
        self.entity_id = entity_id
        self.expected = expected
        self.current = current
        super().__init__(
            f"{entity} {entity_id} is at version {current}, but the edit was made against "
            f"version {expected}; nothing was changed. Review what changed since with "
            f"`militancydb history {entity_id}"
            + ("" if entity == "incident" else f" --entity {entity}")
            + f"` and edit again with --expected-version {current}."
        )


class AlreadyExists(MilitancyDBError):
    """A record with that key already exists."""


class ImportFailed(MilitancyDBError):
    """The file cannot be imported at all (wrong format, unreadable, missing columns)."""


class AmbiguousName(MilitancyDBError):
    """A name maps to several records and the context does not decide between them."""

    def __init__(self, name: str, candidates: Sequence[str]) -> None:
        self.name = name
        self.candidates = list(candidates)
        super().__init__(
            f"{name!r} is ambiguous: it could be {', '.join(self.candidates)}. "
            "Give more context (a province, a date) or use a key."
        )


class KnowledgeDataError(MilitancyDBError):
    """The shipped (or user-added) registry data is inconsistent."""


class NotAuthenticated(MilitancyDBError):
    """No valid sign-in, session or API token was given."""


class PermissionDenied(MilitancyDBError):
    """The signed-in account's role does not allow the action."""


class TooManyAttempts(MilitancyDBError):
    """Too many failed sign-ins for an account or client; wait before trying again."""

    def __init__(self, message: str, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(message)
