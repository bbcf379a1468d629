"""All tables, importable from one place. Storage only: input and output schemas live in
:mod:`militancydb.domain`.

A table class is imported with the module that defines it when it is first asked for
(``from militancydb.db.tables import Incident`` imports :mod:`.incident_tables` only), so
that a command maps only the tables it uses (issue 15: declaring every table class cost a
read command about a sixth of its start-up). :data:`Base` is the whole schema: asking for
it imports every table module, so that ``Base.metadata`` holds every table (migrations,
backups, ``create_all``). Each module's relationships stay within the module.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from militancydb.db.base import JSONType, utcnow

if TYPE_CHECKING:
    from militancydb.db.account_tables import Account, ApiToken, LoginFailure, WebSession
    from militancydb.db.base import Base
    from militancydb.db.claim_tables import Claim, ClaimAssessment, LocalFact
    from militancydb.db.document_tables import Document, ReviewCandidate
    from militancydb.db.established_tables import EstablishedResponsibility
    from militancydb.db.incident_tables import (
        CasualtyFigure,
        ExternalId,
        Incident,
        IncidentActor,
        IncidentLink,
        IncidentTactic,
        IncidentTarget,
        Operation,
    )
    from militancydb.db.knowledge_tables import (
        Actor,
        ActorAlias,
        ActorRelation,
        Membership,
        Person,
        PersonEvent,
        Place,
        PlaceAlias,
        ProclaimedTerritory,
        TerritoryControl,
    )
    from militancydb.db.records import ChangeLog, Citation, ImportReject, ImportRun, Source

#: every table class, by the module (of ``militancydb.db``) that defines it
MODULES: dict[str, tuple[str, ...]] = {
    "account_tables": ("Account", "ApiToken", "LoginFailure", "WebSession"),
    "claim_tables": ("Claim", "ClaimAssessment", "LocalFact"),
    "document_tables": ("Document", "ReviewCandidate"),
    "established_tables": ("EstablishedResponsibility",),
    "incident_tables": (
        *("CasualtyFigure", "ExternalId", "Incident", "IncidentActor", "IncidentLink"),
        *("IncidentTactic", "IncidentTarget", "Operation"),
    ),
    "knowledge_tables": (
        *("Actor", "ActorAlias", "ActorRelation", "Membership", "Person", "PersonEvent"),
        *("Place", "PlaceAlias", "ProclaimedTerritory", "TerritoryControl"),
    ),
    "records": ("ChangeLog", "Citation", "ImportReject", "ImportRun", "Source"),
}
_MODULE_OF = {name: module for module, names in MODULES.items() for name in names}


def import_all() -> None:
    """Import every table module (then ``Base.metadata`` holds the whole schema)."""
    for module in MODULES:
        importlib.import_module(f"militancydb.db.{module}")
    from militancydb.db.incident_tables import declare_conditions

    declare_conditions()


def __getattr__(name: str) -> Any:
    if name == "Base":
        import_all()
        from militancydb.db.base import Base

        globals()["Base"] = Base
        return Base
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"militancydb.db.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "Account",
    "ApiToken",
    "LoginFailure",
    "WebSession",
    "Actor",
    "ActorAlias",
    "ActorRelation",
    "Base",
    "CasualtyFigure",
    "ChangeLog",
    "Citation",
    "Document",
    "Claim",
    "ClaimAssessment",
    "EstablishedResponsibility",
    "ExternalId",
    "ImportReject",
    "ImportRun",
    "Incident",
    "IncidentActor",
    "IncidentLink",
    "IncidentTactic",
    "IncidentTarget",
    "JSONType",
    "LocalFact",
    "Membership",
    "Operation",
    "Person",
    "PersonEvent",
    "Place",
    "PlaceAlias",
    "ProclaimedTerritory",
    "ReviewCandidate",
    "Source",
    "TerritoryControl",
    "import_all",
    "utcnow",
]
