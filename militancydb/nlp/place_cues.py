"""Words around a place name that say it is not where the incident happened.

A report names more places than the scene of the attack (and names of people that are
place names too, :func:`person_name`): the hospital the wounded were taken
to ("were shifted to a hospital in Peshawar"), where the victims or the attackers came from
("a resident of Bannu", "militants who crossed from Afghanistan"), and the names of
companies, newspapers and clubs ("Sui Southern Gas Company", "the Gilgit Press Club", "Attock Cement
Factory"). :func:`elsewhere` tells these apart, so that the incident's place is chosen among
the other names, and a sentence naming only such places does not decide it. Where someone
was going ("a bus bound for Karachi", "on its way to Quetta", :func:`destination`) is
weaker: another place of its sentence comes first, and so is where a journey began ("driving
through Helmand from Kandahar", :func:`journey_end`).

Also here, read by :func:`~militancydb.nlp.places.locate`: a name that is part of a
building's or road's name (:func:`facility_name`, :func:`route_name`), the words that make
a name a landmark of the place before it (:func:`landmark_cue`, "in Logar Province near
Kabul"), and a sentence that says where the attack took place (:func:`says_where`).
"""

from __future__ import annotations

import re

_CARRIED = re.compile(
    r"\b(?:taken|shifted|rushed|moved|brought|admitted|referred|transported|airlifted|"
    r"evacuated|flown|transferred)\s+to\s+(?:the\s+)?$",
    re.I,
)
#: "taken to a hospital in X", "treated at the CMH in X": a hospital where the wounded were
#: taken (a hospital or clinic named without that is often the target: "a bomb damaged a
#: clinic in Maywand District")
_HOSPITAL = re.compile(
    r"\b(?:taken|shifted|rushed|moved|brought|admitted|referred|transported|airlifted|"
    r"evacuated|flown|transferred|treated|treatment)\b[^.;]{0,60}?\b(?:hospitals?|infirmary|"
    r"clinic|CMH|medical (?:complex|centre|center|institute))\s+(?:in|at|of)\s+(?:the\s+)?$",
    re.I,
)
_ORIGIN = re.compile(
    r"\b(?:hail(?:s|ed|ing)? from|natives? of|residents? of|inhabitants? of|belong(?:s|ed|ing)?"
    r" to|hometown of|home ?town,?|native|(?:came|come|coming|crossed|infiltrated|sneaked|fled)"
    r" (?:in )?from|originally from)\s+(?:the\s+)?$",
    re.I,
)
#: Where someone or something was going: "a bus bound for Karachi", "on its way to
#: Quetta", "travelling from Wana to Tank" (the origin is told by the text around it).
_DESTINATION = re.compile(
    r"\b(?:bound for|on (?:its|their|his|her|the|a) way to|en route to|(?:heading|headed|"
    r"destined) (?:for|to|towards)|(?:travel(?:l)?(?:ing|ed)|going|driving|returning) "
    r"(?:(?:through|via) [\w' -]{2,30}? )?(?:from [\w' -]{2,30}? )?to)\s+(?:the\s+)?$",
    re.I,
)
#: Where a journey began: "driving through Helmand from Kandahar", "travelling from Baghran
#: to Musa Qala" (a journey's end, like a destination: another place of the sentence first).
_JOURNEY_FROM = re.compile(
    r"\b(?:travel(?:l)?(?:ing|ed)|driving|drove|going|returning|returned|moving|heading|headed|"
    r"on (?:its|their|his|her|the|a) way)(?:\s+(?:through|via|across)\s+(?:the\s+)?"
    r"[\w' -]{2,30}?)?\s+from\s+(?:the\s+)?$"
    # the ends of a stretch: "tracks between Quetta and Chaman", "the road between Torkham
    # and Jalalabad"
    r"|\bbetween\s+(?:the\s+)?(?:[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,2}\s+and\s+)?$",
    re.I,
)
_COMPANY_AFTER = re.compile(
    r"^(?:[\s-]+(?:Northern|Southern|Electric|Electricity|Cement|Sugar|Textile|Steel|Gas))*"
    r"[\s-]+(?:Cement|Factory|Company|Mills?|Limited|Ltd|Corporation|Club|Daily|Rifles|Pipelines?|"
    r"Scouts|Levies|Gymkhana|Chamber|Board|Authority|Bar Association)\b"
    # a capital standing for its state: "the US-backed Islamabad government"
    r"|^\s+(?:government|administration|regime)\b"
)


#: A personal title or given name opening a run of capitalised words: a place name at the end
#: of that run is a person's family or tribal name ("Malik Khan Asghar", "Mohammad Siddiq
#: Kanju"), not a place.
_PERSON_BEFORE = re.compile(
    r"(?<![\w-])(?:Malik|Haji|Mullah|Mulla|Maulana|Maulvi|Mawlavi|Mohammad|Muhammad|Mohammed|"
    r"Muhammed|Mohd|Abdul|Ahmad|Ahmed|Syed|Sayed|Sardar|Nawab|Qari|Hafiz|Sheikh|Shaikh|Mr|Dr|"
    r"Mrs|Ms)\.?(?:\s+[A-Z][\w'-]+){0,3}\s+$"
)


def person_name(text: str, start: int) -> bool:
    """Whether the place name starting at ``start`` of ``text`` ends a person's name (see
    :data:`_PERSON_BEFORE`)."""
    return bool(_PERSON_BEFORE.search(text[max(0, start - 60) : start]))


def destination(text: str, start: int) -> bool:
    """Whether the name starting at ``start`` of ``text`` (one sentence) is where someone was
    going (:data:`_DESTINATION`). Weaker than :func:`elsewhere`: another place of the
    sentence is the scene before it, but a sentence naming only a destination still
    decides ("killed on his way to Herat": near Herat, as far as the text says)."""
    return bool(_DESTINATION.search(text[max(0, start - 90) : start]))


#: A unit named as an office's ("Uruzgan's provincial governor", "Helmand's police chief"):
#: whose official, not where it happened.
_OFFICE_AFTER = re.compile(
    r"^['\u2019]s\s+(?:(?:former|deputy|acting|provincial|district|police|security|intelligence|"
    r"education|health)\s+){0,2}(?:governor|police chief|chief|commander|administrator|head|"
    r"council|mayor|minister)\b",
    re.I,
)


def office_of(text: str, end: int) -> bool:
    """Whether the name ending at ``end`` of ``text`` owns an office ("Uruzgan's provincial
    governor", :data:`_OFFICE_AFTER`): as weak as a destination."""
    return bool(_OFFICE_AFTER.match(text[end : end + 60]))


def journey_end(text: str, start: int) -> bool:
    """Whether the name starting at ``start`` of ``text`` (one sentence) is where a journey
    was going (:func:`destination`), where it began, or an end of a stretch ("the tracks
    between Quetta and Chaman", :data:`_JOURNEY_FROM`): as weak as a destination, the place
    passed through or another place of the sentence comes first."""
    return destination(text, start) or bool(_JOURNEY_FROM.search(text[max(0, start - 90) : start]))


def elsewhere(text: str, start: int, end: int) -> bool:
    """Whether the name at ``start:end`` of ``text`` (one sentence) names a hospital's town,
    an origin or a company rather than the incident's place (see the module
    docstring)."""
    before = text[max(0, start - 90) : start]
    after = text[end : end + 40]
    return bool(
        _CARRIED.search(before)
        or _HOSPITAL.search(before)
        or _ORIGIN.search(before)
        or _COMPANY_AFTER.match(after)
    )


# --- buildings, roads, landmarks and scene statements (read by ``places.locate``) ----------

#: A place name followed by one of these names a building or a road, not where it is.
_FACILITY_AFTER = re.compile(
    r"^[\s-]+(?:Cinema|Hotel|Mosque|Masjid|School|College|University|Hospital|Road|Highway|Street|"
    r"Market|Bazaar|Chowk|Gate|Stadium|Club|Bank|Airlines?|Express|Mail|Colony|Camp|Airport|Park|Square|"
    r"Bridge|Plaza|Centre|Center|Tower|Press|Times|Post|News|Radio|TV|Television|"
    # lower case: "the Sangar post", "the Zangabad checkpoint"
    r"post|check ?post|checkpoint|outpost)\b"
)


#: "near", "outside (of)", "close to", a distance or direction "from"/"of": the next name is a
#: landmark when it follows another place closely (see ``locate``).
_LANDMARK_BEFORE = re.compile(
    r"\b(?:near|outside(?: of)?|close to|on the outskirts of|(?:north|south|east|west)(?:ern)?"
    r"(?:-?(?:east|west)(?:ern)?)? of|(?:km|kilomet(?:re|er)s?|miles) (?:from|of))\s+(?:the\s+)?$",
    re.I,
)
_CLAUSE = re.compile(r"[;.]|\b(?:when|while|and|but|after|before|as)\b", re.I)
_ROUTE = re.compile(
    # "the Khost -Gardez Highway", "the Kabul - Jalalabad road": a space around the dash too
    r"^(?:-bound\b|(?:\s?[-\u2013]\s?[\w' ]{2,20}?)\s+(?:highway|road|motorway|railway)\b)",
    re.I,
)
_ROUTE_END = re.compile(r"[\w']+\s?[-\u2013]\s?$")


def route_name(text: str, start: int, end: int) -> bool:
    """Whether the name at ``start:end`` is an end of a road's or train's name ("the
    Kabul-Kandahar highway", "the Khost -Gardez Highway", a "Karachi-bound" train)."""
    after = text[end : end + 30]
    if _ROUTE.match(after):
        return True
    before = text[max(0, start - 25) : start]
    return bool(
        _ROUTE_END.search(before) and re.match(r"^\s+(?:highway|road|motorway)\b", after, re.I)
    )


def facility_name(text: str, start: int, end: int) -> bool:
    """Whether the name at ``start:end`` is part of a building's or road's name ("Bakhtar
    Cinema", "the Kabul-Kandahar highway", a "Karachi-bound" train)."""
    return bool(_FACILITY_AFTER.match(text[end : end + 30])) or route_name(text, start, end)


#: A distance from a place ("70 km from Miranshah", "30 miles south of Kabul"): the place
#: measured from is never the scene.
_AFAR_BEFORE = re.compile(
    r"\b\d+(?:\.\d+)?\s*(?:km|kms|kilomet(?:er|re)s?|miles?)\s+(?:\(\w+\s+\w+\)\s+)?"
    r"(?:\w+\s+){0,2}?(?:from|of)\s+(?:the\s+)?$",
    re.I,
)


def afar(text: str, start: int) -> bool:
    """Whether the name at ``start`` of ``text`` is where a distance is measured from."""
    return bool(_AFAR_BEFORE.search(text[max(0, start - 50) : start]))


def landmark_cue(before: str) -> bool:
    """Whether the words just before a name make it a landmark ("near", "outside of",
    "5 km from", "east of") -- it is one when it follows another place closely."""
    return bool(_LANDMARK_BEFORE.search(before))


def one_clause(between: str) -> bool:
    """Whether the words between two names keep them in one clause (no "when", "and", ...)."""
    return not _CLAUSE.search(between)


#: "the attack took place in", "the blast occurred near": the sentence says where it happened
_SCENE_STATED = re.compile(
    r"\b(?:attack|incident|blast|explosion|bombing|ambush|shooting|assault|clash|fighting)s?\s+"
    r"(?:took place|occurred|happened)\s+(?:in|at|near|on|outside)\b[^.;]{0,60}$",
    re.I,
)


#: A sentence opening with the place and going on to the attack: "Near Dargai, gunmen
#: opened fire on the bus", "In Chora District, a roadside bomb struck a police car".
_SCENE_OPENS = re.compile(r"^\s*(?:near|outside|in|at)\s+(?:the\s+)?$", re.I)
_ATTACK_AFTER = re.compile(
    r"^[^,.;]{0,40},[^.;]{0,80}?\b(?:opened fire|fired|attacked|ambushed|struck|hit|exploded|"
    r"detonated|blew up|stormed|kidnapped|abducted|shot)\b",
    re.I,
)


def says_where(before: str, after: str = "") -> bool:
    """Whether the words before a name (in its sentence) give it as where the attack took
    place ("The attack took place in the Haftsia area of ..."), or the sentence opens with
    the name and goes on to the attack (``after``, the words after the name: "Near Dargai,
    unknown gunmen opened fire on the bus")."""
    if _SCENE_STATED.search(before):
        return True
    return bool(_SCENE_OPENS.match(before) and _ATTACK_AFTER.match(after))


# Not a cue: an office the victim held ("the governor of Laghman Province", "the head of
# Sangin District"). Tried and left out: where the text names the official's district, the
# attack was mostly there (development city 1,742 right without the cue, 1,736 with it).
# Nor the ends of a power or gas line ("the Quetta-Sibi transmission line"): the sets give
# an end as the place (development: 2 rows worse, none better).


#: Words around a place name that make it where things happened (used by ``places.locate``).
#: "through": the place a convoy or a car was passing when it was hit ("a convoy travelling
#: through Khost to a training site in Paktia Province", "driving through Helmand from
#: Kandahar"), where the journey's ends are no scene.
LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|at|near|outside|of|into|across|around|inside|on|between|and|through)\s+"
    r"(?:the\s+)?"
    r"(?:[\w-]+\s+){0,2}?$",
    re.I,
)
LOCATIVE_AFTER = re.compile(
    r"^(?:'s|\u2019s)?\s*(?:[:,]|\s(?:city|town|district|province|area|village|agency)\b)", re.I
)


#: "..., while forces killed four militants in Bannu": a place after it is another event's.
LATER_CLAUSE = re.compile(r",?\s+(?:while|whereas)\s+(?!\w+ing\b)", re.I)
DIRECTION_BEFORE = re.compile(
    r"\b(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west|km|kilomet(?:re|er)s?|miles)\s+(?:of|from)\s+$",
    re.I,
)
