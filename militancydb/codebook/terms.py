"""Labels and definitions of every coded value (``docs/codebook.md`` is generated from
these)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from militancydb.codebook import vocab as v


@dataclass(frozen=True)
class Term:
    """One coded value: its label, its definition and (optionally) the broader term."""

    label: str
    definition: str
    parent: str | None = None


TERMS: dict[type[StrEnum], dict[str, Term]] = {
    v.EventType: {
        "militant_attack": Term(
            "Militant attack",
            "Violence by a non-state armed group against security forces, officials, "
            "civilians or property: bombings, assaults, targeted killings.",
        ),
        "sectarian_attack": Term(
            "Sectarian attack",
            "A militant attack aimed at people or places for their sect (e.g. Shia, "
            "Hazara, Ahmadi), usually by a sectarian group.",
            "militant_attack",
        ),
        "ethno_political_violence": Term(
            "Ethno-political violence",
            "Violence between ethnic or political groups and their armed wings (e.g. in "
            "Karachi), not aimed at the state.",
        ),
        "sabotage": Term(
            "Sabotage of infrastructure",
            "Attack on gas pipelines, power pylons, railway tracks, bridges or "
            "communication towers, usually without casualties.",
            "militant_attack",
        ),
        "kidnapping": Term(
            "Kidnapping",
            "Abduction of people by militants or criminals for ransom, exchange or killing.",
            "militant_attack",
        ),
        "security_operation": Term(
            "Security-force operation",
            "Action by security forces against militants, of a kind not known more exactly.",
        ),
        "military_operation": Term(
            "Large-scale military operation",
            "Action within a named, area-wide campaign (e.g. Rah-e-Rast, Zarb-e-Azb).",
            "security_operation",
        ),
        "operational_attack": Term(
            "Operational attack",
            "Security forces strike militant positions from the air or with artillery, "
            "outside a ground search.",
            "security_operation",
        ),
        "search_operation": Term(
            "Search-and-hunt / intelligence-based operation",
            "Raid, search or intelligence-based operation against a hideout or a suspect.",
            "security_operation",
        ),
        "drone_strike": Term(
            "Drone strike",
            "Missile strike by an unmanned aircraft (in Pakistan mostly by the United States).",
        ),
        "armed_clash": Term(
            "Armed clash",
            "Exchange of fire between security forces and militants where it is not known "
            "who started it.",
        ),
        "state_based_fighting": Term(
            "State-based fighting, initiator unknown",
            "Deaths in fighting between a state's forces and an armed group where the record "
            "says too little to tell an attack by militants from a security-force action or a "
            "clash (no informative report, and losses that decide nothing).",
        ),
        "inter_group_clash": Term(
            "Clash between armed groups",
            "Fighting between two non-state armed groups (e.g. Lashkar-e-Islam and Ansar "
            "ul-Islam).",
        ),
        "inter_tribal_clash": Term(
            "Inter-tribal clash",
            "Fighting between tribes, clans or their lashkars.",
        ),
        "cross_border_attack": Term(
            "Cross-border attack",
            "Fire or attack from across an international border or the Line of Control, by "
            "another state's forces or by militants based across it.",
        ),
        "state_violence_against_civilians": Term(
            "State violence against civilians",
            "Deliberate killing of civilians by state forces (UCDP one-sided violence by a "
            "government).",
        ),
        "other": Term("Other", "Anything not covered above; say what in the summary."),
    },
    v.Tactic: {
        "suicide_bombing": Term(
            "Suicide bombing", "An attacker detonates explosives on the body or in a vehicle."
        ),
        "ied": Term(
            "Improvised explosive device",
            "Planted or remote-controlled bomb, including roadside bombs.",
        ),
        "vbied": Term("Vehicle-borne IED", "Explosives in a parked or driven vehicle.", "ied"),
        "bombing": Term(
            "Bombing (unspecified)", "An explosion whose device is not described further."
        ),
        "armed_assault": Term(
            "Armed assault", "Attack with firearms by one or more attackers on a place or group."
        ),
        "targeted_killing": Term(
            "Targeted killing", "Shooting or killing of a chosen person (assassination)."
        ),
        "rocket_mortar": Term("Rocket or mortar", "Rockets or mortar shells fired at a target."),
        "grenade": Term("Grenade", "Hand grenade thrown at a target."),
        "arson": Term("Arson", "Setting fire to buildings, vehicles or supplies."),
        "beheading": Term("Beheading", "Killing by decapitation."),
        "kidnapping": Term("Kidnapping", "Abduction of people."),
        "hijacking": Term("Hijacking", "Seizure of a vehicle, aircraft or vessel."),
        "landmine": Term("Landmine", "Mine laid in the ground."),
        "drone_missile": Term("Drone missile", "Missile fired from an unmanned aircraft."),
        "air_strike": Term("Air strike", "Bombing or strafing by manned aircraft or helicopters."),
        "artillery": Term("Artillery or shelling", "Artillery, tank or heavy-weapon fire."),
        "firefight": Term("Firefight", "Exchange of fire between armed sides."),
        "raid": Term("Raid", "Security forces storm a building or area."),
        "sabotage": Term("Sabotage", "Damage to infrastructure with explosives or tools."),
        "unknown": Term("Unknown", "The method is not reported."),
    },
    v.TargetType: {
        "security_forces": Term("Security forces", "Any security force, not known more exactly."),
        "army": Term("Army", "Pakistan Army (or another state's army).", "security_forces"),
        "frontier_corps": Term(
            "Frontier Corps", "FC Khyber Pakhtunkhwa or FC Balochistan.", "security_forces"
        ),
        "police": Term(
            "Police", "Provincial police, CTD, traffic and special police.", "security_forces"
        ),
        "levies": Term("Levies", "Levies forces (Balochistan, former FATA).", "security_forces"),
        "rangers": Term("Rangers", "Punjab and Sindh Rangers.", "security_forces"),
        "khasadar": Term(
            "Khasadar", "Khasadar tribal police of the former FATA.", "security_forces"
        ),
        "frontier_constabulary": Term(
            "Frontier Constabulary", "Federal Frontier Constabulary.", "security_forces"
        ),
        "security_other": Term(
            "Other security personnel",
            "Security guards, peace-committee escorts, others.",
            "security_forces",
        ),
        "judiciary": Term("Judiciary and lawyers", "Judges, courts, lawyers and bar bodies."),
        "government_officials": Term(
            "Government officials", "Civil servants, ministers and government offices."
        ),
        "political_workers": Term(
            "Political leaders and workers", "Party leaders, candidates, workers and rallies."
        ),
        "religious_minorities": Term(
            "Religious minorities", "Christians, Hindus, Sikhs, Ahmadis and their gatherings."
        ),
        "sectarian_community": Term(
            "Sectarian community",
            "Members of a sect targeted for their sect (e.g. Shia, Hazara, Barelvi, Deobandi).",
        ),
        "places_of_worship": Term(
            "Places of worship", "Mosques, imambargahs, shrines, churches, temples."
        ),
        "educational_institutions": Term(
            "Schools and universities", "Schools, colleges, universities, students, teachers."
        ),
        "health_workers": Term("Health workers", "Doctors, nurses, hospitals, clinics."),
        "polio_teams": Term(
            "Polio teams", "Polio vaccinators and their escorts.", "health_workers"
        ),
        "journalists": Term("Journalists", "Reporters, cameramen, press clubs, media houses."),
        "foreigners": Term("Foreigners", "Foreign nationals, diplomats, missions."),
        "tribal_elders": Term("Tribal elders", "Maliks, elders and jirgas."),
        "peace_committees": Term(
            "Peace committees", "Pro-government tribal militias and their members."
        ),
        "civilians": Term("Civilians", "The general public, markets, crowds."),
        "business": Term("Business", "Shops, businessmen, private companies."),
        "transport": Term("Transport", "Buses, trains, passengers, airports."),
        "infrastructure": Term(
            "Infrastructure",
            "Gas pipelines, power pylons, railway tracks, bridges, telecommunication towers.",
        ),
        "nato_supply": Term(
            "NATO supply", "Convoys and terminals supplying foreign forces in Afghanistan."
        ),
        "militants": Term(
            "Militants",
            "Militants, their hideouts and compounds (targets of "
            "security operations and drone strikes).",
        ),
        "unknown": Term("Unknown", "The target is not reported."),
    },
    v.CasualtyCategory: {
        "total": Term("Total", "Everyone killed or injured in the incident, all categories."),
        "civilians": Term("Civilians", "Non-combatants, including officials and lawyers."),
        "security_forces": Term(
            "Security forces (unspecified)", "Security personnel whose force is not reported."
        ),
        "army": Term("Army", "Soldiers and officers of the army.", "security_forces"),
        "frontier_corps": Term("Frontier Corps", "FC personnel.", "security_forces"),
        "police": Term("Police", "Police personnel, including CTD.", "security_forces"),
        "levies": Term("Levies", "Levies personnel.", "security_forces"),
        "rangers": Term("Rangers", "Rangers personnel.", "security_forces"),
        "khasadar": Term("Khasadar", "Khasadar personnel.", "security_forces"),
        "frontier_constabulary": Term(
            "Frontier Constabulary", "FC(onstabulary) personnel.", "security_forces"
        ),
        "militants": Term(
            "Militants",
            "Members of non-state armed groups, including attackers who died in their own attack.",
        ),
        "foreign_forces": Term(
            "Foreign forces", "Soldiers of another state (e.g. across a border)."
        ),
        "unknown": Term("Unknown", "Casualties whose category is not reported."),
    },
    v.Outcome: {
        "killed": Term("Killed", "Dead, including those who died later of their wounds."),
        "injured": Term("Injured", "Wounded."),
        "arrested": Term("Arrested", "Taken into custody (militants in operations)."),
        "kidnapped": Term("Kidnapped", "Abducted."),
    },
    v.DatePrecision: {
        "day": Term("Day", "The exact day is known."),
        "days": Term(
            "A few days",
            "The event fell within a span of 2–6 days; the start date is the earliest day.",
        ),
        "week": Term("Week", "Known to the week."),
        "month": Term("Month", "Known to the month."),
        "year": Term("Year", "Known only to the year (or a span of months)."),
    },
    v.GeoPrecision: {
        "exact": Term("Exact", "The exact place (a town, village or site) is known."),
        "near": Term("Near", "Within about 25 km of a known place."),
        "district": Term("District", "Known only to the district (or tribal agency)."),
        "province": Term("Province", "Known only to the province."),
        "region": Term(
            "Region",
            "Known only to an area that is not an administrative unit "
            "(a border, a valley, the Line of Control).",
        ),
        "country": Term("Country", "Known only to the country."),
        "unknown": Term("Unknown", "The location is not known."),
    },
    v.AttributionBasis: {
        "claimed": Term("Claimed", "The actor claimed responsibility through its own channels."),
        "attributed_by_officials": Term(
            "Attributed by officials", "Officials (police, military, government) named the actor."
        ),
        "attributed_by_dataset": Term(
            "Attributed by a dataset",
            "An external dataset (UCDP, GTD, ...) codes the actor as a side.",
        ),
        "suspected": Term(
            "Suspected", "Reporting suspects the actor without a claim or an official attribution."
        ),
        "confirmed": Term(
            "Confirmed",
            "Established by a court, an investigation or the "
            "actor's own later evidence, and not disputed.",
        ),
    },
    v.ActorRole: {
        "perpetrator": Term("Perpetrator", "Carried out the act."),
        "target": Term("Target", "The act was aimed at this actor."),
        "party": Term("Party", "A side in a clash where neither side is the clear perpetrator."),
    },
    v.Confidence: {
        "high": Term("High", "Several independent sources agree."),
        "medium": Term("Medium", "One good source, or sources that mostly agree."),
        "low": Term("Low", "Single, partisan or contested reporting."),
    },
    v.ClaimKind: {
        "claim": Term("Claim", "The actor says it carried out the attack."),
        "denial": Term("Denial", "The actor says it did not carry out the attack."),
        "dispute": Term("Dispute", "The actor says another actor's claim for the attack is false."),
        "retraction": Term("Retraction", "The actor withdraws a claim it made earlier."),
    },
    v.ClaimChannel: {
        "official_news_agency": Term(
            "Official news agency", "A group's own news agency (e.g. the Islamic State's Amaq)."
        ),
        "spokesperson_statement": Term(
            "Spokesperson's statement", "A named spokesman's statement, e-mail or call to media."
        ),
        "social_media": Term("Social media", "A post on a social-media or messaging channel."),
        "media_interview": Term("Media interview", "Said in an interview."),
        "video": Term("Video", "A released video."),
        "magazine": Term("Magazine", "A group's magazine or periodical."),
        "website": Term("Website", "A group's website."),
        "telephone": Term("Telephone", "A phone call to journalists."),
        "unknown": Term("Unknown", "The channel is not reported."),
    },
    v.ClaimStatus: {
        "asserted": Term("Asserted", "Made and not (yet) contested."),
        "disputed": Term(
            "Disputed", "Another actor claims the same attack, or officials doubt it."
        ),
        "retracted": Term("Retracted", "The claimant withdrew it."),
        "confirmed": Term("Confirmed", "Established by investigation."),
        "rejected": Term("Rejected", "Shown to be false."),
    },
    v.ReviewStatus: {
        "imported": Term("Imported", "Taken from a dataset, not yet reviewed."),
        "draft": Term("Draft", "Entered by hand, not yet reviewed."),
        "reviewed": Term("Reviewed", "Checked by a second analyst."),
        "verified": Term("Verified", "Checked against at least two independent sources."),
    },
}


def term(value: StrEnum) -> Term:
    """The label and definition of a coded value."""
    return TERMS[type(value)][value.value]


def label(value: StrEnum | str | None) -> str:
    """A human label for a coded value (the code itself when it is not a known term)."""
    if value is None:
        return ""
    if isinstance(value, StrEnum):
        return term(value).label
    for terms in TERMS.values():
        if value in terms:
            return terms[value].label
    return value
