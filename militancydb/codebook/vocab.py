"""Controlled vocabularies: every coded value an incident, attribution or claim can take.

Each vocabulary is a ``StrEnum`` (the stored code is the value); every member has a label and
a definition in :data:`militancydb.codebook.terms.TERMS`. ``docs/codebook.md`` is generated
from both (``militancydb codebook``) and a test keeps it current.
"""

from __future__ import annotations

from enum import StrEnum


class EventType(StrEnum):
    """What kind of event an incident is."""

    MILITANT_ATTACK = "militant_attack"
    SECTARIAN_ATTACK = "sectarian_attack"
    ETHNO_POLITICAL_VIOLENCE = "ethno_political_violence"
    SABOTAGE = "sabotage"
    KIDNAPPING = "kidnapping"
    SECURITY_OPERATION = "security_operation"
    MILITARY_OPERATION = "military_operation"
    OPERATIONAL_ATTACK = "operational_attack"
    SEARCH_OPERATION = "search_operation"
    DRONE_STRIKE = "drone_strike"
    ARMED_CLASH = "armed_clash"
    STATE_BASED_FIGHTING = "state_based_fighting"
    INTER_GROUP_CLASH = "inter_group_clash"
    INTER_TRIBAL_CLASH = "inter_tribal_clash"
    CROSS_BORDER_ATTACK = "cross_border_attack"
    STATE_VIOLENCE_AGAINST_CIVILIANS = "state_violence_against_civilians"
    OTHER = "other"


class Tactic(StrEnum):
    """How an attack or action was carried out (weapon and method)."""

    SUICIDE_BOMBING = "suicide_bombing"
    IED = "ied"
    VBIED = "vbied"
    BOMBING = "bombing"
    ARMED_ASSAULT = "armed_assault"
    TARGETED_KILLING = "targeted_killing"
    ROCKET_MORTAR = "rocket_mortar"
    GRENADE = "grenade"
    ARSON = "arson"
    BEHEADING = "beheading"
    KIDNAPPING = "kidnapping"
    HIJACKING = "hijacking"
    LANDMINE = "landmine"
    DRONE_MISSILE = "drone_missile"
    AIR_STRIKE = "air_strike"
    ARTILLERY = "artillery"
    FIREFIGHT = "firefight"
    RAID = "raid"
    SABOTAGE = "sabotage"
    UNKNOWN = "unknown"


class TargetType(StrEnum):
    """Who or what an attack was aimed at."""

    SECURITY_FORCES = "security_forces"
    ARMY = "army"
    FRONTIER_CORPS = "frontier_corps"
    POLICE = "police"
    LEVIES = "levies"
    RANGERS = "rangers"
    KHASADAR = "khasadar"
    FRONTIER_CONSTABULARY = "frontier_constabulary"
    SECURITY_OTHER = "security_other"
    JUDICIARY = "judiciary"
    GOVERNMENT_OFFICIALS = "government_officials"
    POLITICAL_WORKERS = "political_workers"
    RELIGIOUS_MINORITIES = "religious_minorities"
    SECTARIAN_COMMUNITY = "sectarian_community"
    PLACES_OF_WORSHIP = "places_of_worship"
    EDUCATIONAL_INSTITUTIONS = "educational_institutions"
    HEALTH_WORKERS = "health_workers"
    POLIO_TEAMS = "polio_teams"
    JOURNALISTS = "journalists"
    FOREIGNERS = "foreigners"
    TRIBAL_ELDERS = "tribal_elders"
    PEACE_COMMITTEES = "peace_committees"
    CIVILIANS = "civilians"
    BUSINESS = "business"
    TRANSPORT = "transport"
    INFRASTRUCTURE = "infrastructure"
    NATO_SUPPLY = "nato_supply"
    MILITANTS = "militants"
    UNKNOWN = "unknown"


class CasualtyCategory(StrEnum):
    """Whose casualties a figure counts. ``total`` is the figure for everyone together."""

    TOTAL = "total"
    CIVILIANS = "civilians"
    SECURITY_FORCES = "security_forces"
    ARMY = "army"
    FRONTIER_CORPS = "frontier_corps"
    POLICE = "police"
    LEVIES = "levies"
    RANGERS = "rangers"
    KHASADAR = "khasadar"
    FRONTIER_CONSTABULARY = "frontier_constabulary"
    MILITANTS = "militants"
    FOREIGN_FORCES = "foreign_forces"
    UNKNOWN = "unknown"


class Outcome(StrEnum):
    """What happened to the people a casualty figure counts."""

    KILLED = "killed"
    INJURED = "injured"
    ARRESTED = "arrested"
    KIDNAPPED = "kidnapped"


class DatePrecision(StrEnum):
    """How exactly an incident's date is known."""

    DAY = "day"
    DAYS = "days"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


class GeoPrecision(StrEnum):
    """How exactly an incident's location is known."""

    EXACT = "exact"
    NEAR = "near"
    DISTRICT = "district"
    PROVINCE = "province"
    REGION = "region"
    COUNTRY = "country"
    UNKNOWN = "unknown"


class AttributionBasis(StrEnum):
    """Why an actor is linked to an incident."""

    CLAIMED = "claimed"
    ATTRIBUTED_BY_OFFICIALS = "attributed_by_officials"
    ATTRIBUTED_BY_DATASET = "attributed_by_dataset"
    SUSPECTED = "suspected"
    CONFIRMED = "confirmed"


class ActorRole(StrEnum):
    """The part an actor played in an incident."""

    PERPETRATOR = "perpetrator"
    TARGET = "target"
    PARTY = "party"


class Confidence(StrEnum):
    """How sure the record is."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class ClaimKind(StrEnum):
    """A claim of responsibility, a denial of one, a dispute of another's claim, or the
    withdrawal of one's own earlier claim."""

    CLAIM = "claim"
    DENIAL = "denial"
    DISPUTE = "dispute"
    RETRACTION = "retraction"


class ClaimChannel(StrEnum):
    """Through what a claim reached the public."""

    OFFICIAL_NEWS_AGENCY = "official_news_agency"
    SPOKESPERSON_STATEMENT = "spokesperson_statement"
    SOCIAL_MEDIA = "social_media"
    MEDIA_INTERVIEW = "media_interview"
    VIDEO = "video"
    MAGAZINE = "magazine"
    WEBSITE = "website"
    TELEPHONE = "telephone"
    UNKNOWN = "unknown"


class ClaimStatus(StrEnum):
    """Where a claim stands."""

    ASSERTED = "asserted"
    DISPUTED = "disputed"
    RETRACTED = "retracted"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


class ReviewStatus(StrEnum):
    """How far an incident record has been checked by people."""

    IMPORTED = "imported"
    DRAFT = "draft"
    REVIEWED = "reviewed"
    VERIFIED = "verified"


VOCABULARIES: dict[str, type[StrEnum]] = {
    "event_type": EventType,
    "tactic": Tactic,
    "target_type": TargetType,
    "casualty_category": CasualtyCategory,
    "outcome": Outcome,
    "date_precision": DatePrecision,
    "geo_precision": GeoPrecision,
    "attribution_basis": AttributionBasis,
    "actor_role": ActorRole,
    "confidence": Confidence,
    "claim_kind": ClaimKind,
    "claim_channel": ClaimChannel,
    "claim_status": ClaimStatus,
    "review_status": ReviewStatus,
}

#: Event types that are violence by militants ("attacks"); operations, drone strikes and
#: clashes are not, whatever their death toll.
ATTACK_EVENT_TYPES: frozenset[EventType] = frozenset(
    {
        EventType.MILITANT_ATTACK,
        EventType.SECTARIAN_ATTACK,
        EventType.SABOTAGE,
        EventType.KIDNAPPING,
    }
)

#: Event types that are action by security forces.
SECURITY_ACTION_EVENT_TYPES: frozenset[EventType] = frozenset(
    {
        EventType.SECURITY_OPERATION,
        EventType.MILITARY_OPERATION,
        EventType.OPERATIONAL_ATTACK,
        EventType.SEARCH_OPERATION,
    }
)

#: Casualty categories that are security forces.
SECURITY_CATEGORIES: frozenset[CasualtyCategory] = frozenset(
    {
        CasualtyCategory.SECURITY_FORCES,
        CasualtyCategory.ARMY,
        CasualtyCategory.FRONTIER_CORPS,
        CasualtyCategory.POLICE,
        CasualtyCategory.LEVIES,
        CasualtyCategory.RANGERS,
        CasualtyCategory.KHASADAR,
        CasualtyCategory.FRONTIER_CONSTABULARY,
    }
)
