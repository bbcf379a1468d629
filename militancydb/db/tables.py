"""All tables, importable from one place. Storage only: input and output schemas live in
:mod:`militancydb.domain`."""

from militancydb.db.account_tables import Account, ApiToken, LoginFailure, WebSession
from militancydb.db.base import Base, JSONType, utcnow
from militancydb.db.claim_tables import Claim, ClaimAssessment, LocalFact
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
    "Source",
    "TerritoryControl",
    "utcnow",
]
