"""People counted by a list of who they were rather than by a figure.

- "X was killed along with his driver and two guards": the companions add to X (1 + 3);
- "his son, cousin and driver were killed", "X and his four bodyguards were killed",
  "Two Americans, their interpreter and one policeman were killed": the subject's list adds up;
- "killing him, his wife and son", "shot dead a pupil, a janitor and two teachers": the
  object's list adds up.

A list item counts its figure ("two guards"), or one person when it names one ("his driver",
"a janitor", "cousin", a name such as "Haji Gol"); an item that describes the one before it
("X, a lawyer, and Y"; "an elder, identified only as Gul, and"; "a councillor travelling to
Tank, his bodyguard") is not another person, but after an indefinite item one with an article
is ("A lawyer, a clerk, the driver and two guards": five); an item that names several people without
a figure ("his sons"), or no person at all, ends the reading (nothing is guessed), and
examples after "including" are part of the list, not added to it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from militancydb.nlp.numbers import numbers_in
from militancydb.nlp.rules import Rules

#: ", as well as their driver" after the figure's clause counts like "along with"
#: ("as well as wounding another person" is another clause, not more of the same people)
_ALONG = re.compile(r"(?:\b(?:along|together)\s+with\s+|,\s+as\s+well\s+as\s+)(?!\w+ing\b)", re.I)
#: Where a list of people ends: a clause, a place, a time, a new verb.
_END = re.compile(
    r"[.;:()\[\]]|\s[-\u2013\u2014]\s|--|,\s+(?:and\s+)?(?:while|as|when|who|which|in|on|at|but|\w+ed|\w+ing)\b"
    # who speaks: "wounding another person, said governor X"
    r"|,\s+(?:said|says|told|according)\b"
    r"|\sand\s+(?:the\s+)?\w+(?:ed|ing)\b"
    # ("as well as" joins two items: "injured a former MNA as well as a party leader")
    r"|\s(?:when|as(?!\s+well\s+as\b)(?<!well\sas)|while|after|before|who|whom|which|that|in|on|at|near|from"
    r"|by|inside|outside|"
    r"during|were|was|had|have|has|are|is|and\s+(?:wound|injur|kidnap|abduct|set|then|fled|escaped)\w*"
    # "killed X and shot his son": a verb that does not end in -ed
    r"|and\s+(?:shot|hit|took|beat|slit|cut|threw|left|stole|burnt|burned|fled)\b)\b",
    re.I,
)
_SPLIT = re.compile(
    r"(\s*,\s*(?:and\s+)?|\s+and\s+|\s+as\s+well\s+as\s+|,?\s*(?:along|together)\s+with\s+)",
    re.I,
)
_NUMBER_WORD = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[a-z]+teen|[a-z]+ty"
    r"(?:[\s-][a-z]+)?"
)
_GENERIC = re.compile(r"\b(?:people|persons|others|victims)\b", re.I)
_NAME = re.compile(r"^(?:(?:Mr|Mrs|Dr|Haji|Mullah|Maulana|Mawlawi|Commander|Gen)\.?\s+)?"
                   r"[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+){0,3}$")  # fmt: skip
_PRONOUN = re.compile(r"^(?:him|her)$", re.I)
#: An item that describes the person before it: "identified only as Gul", "aged 40".
_DESCRIBED = re.compile(
    r"^(?:identified|named|known|called|aged|described|believed|thought|said)\b", re.I
)
#: A place or time a round-up's sentence starts with ("In Kohat, ...", "On Sunday, ...").
#: People told already, before the list: "In addition to the district chief, two of his
#: bodyguards were killed".
_BESIDES = re.compile(r"^\s*(?:in\s+addition\s+to|besides|apart\s+from)\s+[^,]{1,60},\s*", re.I)
_SCENE_FIRST = re.compile(
    r"^\s*(?:(?:also |meanwhile )?(?:in|at|near|on|outside|inside)\s+)"
    r"(?:the\s+)?[A-Za-z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*){0,3}\s*,\s*",
    re.I,
)


@lru_cache(maxsize=4)
def _person(person: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    one = re.compile(r"\b(?:" + person + r")(?!\w)", re.I)  # "brother-in-law" is one
    many = re.compile(
        r"\b(?:(?:" + person + r")(?:s|es)|people|persons|men|women|children|policemen|others)\b",
        re.I,
    )
    return one, many


def nums_or_kin(item: str) -> bool:
    """Whether a list item counts people itself ("two guards") or names a companion ("his
    driver") rather than describing the person before it."""
    return bool(numbers_in(item)) or bool(re.match(r"^(?:his|her|their|its)\b", item, re.I))


def count_people(r: Rules, text: str) -> int | None:
    """How many people a list names ("his driver and two guards": 3), None when it is not
    a list of people or leaves a count unsaid (see the module docstring)."""
    one, many = _person(r.person)
    total, items, named, described = 0, 0, False, False
    text = re.sub(r"^\s*both\s+", "", text, flags=re.I)  # "Both X and Y": the items say two
    text = _SCENE_FIRST.sub("", text)  # "In Kohat, three labourers": a place, not a person
    text = _BESIDES.sub("", text)  # "In addition to the chief, two guards": told already
    parts = _SPLIT.split(text.strip())
    pieces = parts[0::2]
    seps = [""] + [x.strip() for x in parts[1::2]] + [","]
    first_generic = bool(pieces) and bool(_GENERIC.search(pieces[0]))
    for k, raw in enumerate(pieces):
        item = raw.strip()
        if not item:
            continue
        article = bool(re.match(r"^(?:an?|the)\s", item, re.I))
        if k and seps[k] == "," and _DESCRIBED.match(item):
            continue  # "A tribal elder, identified only as Gul, and ...": said again
        # "A lawyer, a clerk, the driver and two guards": after an indefinite item, another
        # with an article is the next person, not the same one described
        listed = article and re.match(r"^(?:an?|one)\s", pieces[k - 1].strip(), re.I) is not None
        if (
            k
            and seps[k] == ","
            and (
                (seps[k + 1] == "," and (_NAME.match(item) or (article and not listed)))
                or (named and article)
                # "A passerby, Sanaullah, and another man": the name of the one described
                or (
                    seps[k + 1] == ", and"
                    and _NAME.match(item) is not None
                    and re.match(r"^(?:an?|the|one)\s", pieces[k - 1].strip(), re.I) is not None
                )
            )
        ):
            named, described = False, True
            continue  # "one vendor, Ghulam Yasin, and ...", "X, a lawyer and Y": said again
        if (
            described
            and seps[k] == "and"
            and not article
            and not nums_or_kin(item)
            and not _NAME.match(item)
        ):
            continue  # "X, a spokesman for the government and former commander": one man
        described = False
        if k and seps[k] == "," and re.match(r"^(?:both|all|each)\b", item, re.I):
            continue  # "Two men, both police officers, ...": said again
        if (
            k
            and named
            and seps[k] == ","
            and not nums_or_kin(item)
            and not _NAME.match(item)
            and re.match(r"^[A-Z]", item)
        ):
            named = False
            continue  # "X, Administrative Affairs Director for Helmand": a title, said again
        if k and re.search(r"\bof(?:\s+(?:whom|them|which)\b|\s*$)", item, re.I):
            break  # "four employees, three of whom were women": part of those before
        if k and first_generic:
            break  # "40 people, 6 policemen and 34 civilians": a breakdown of the first
        part = r.subset.search(item)
        if part:  # examples of the people counted before them
            item = item[: part.start()].rstrip(" ,")
            if not item:
                break
        if r.attacker.search(item):
            return None  # attackers are counted apart
        named = bool(_NAME.match(item))
        nums = [n for n in numbers_in(item) if not n.vague]
        if nums:
            if len(nums) > 1:
                return None
            total += nums[0].value
        elif _PRONOUN.match(item) or (one.search(item) and not many.search(item)):
            total += 1
        elif _NAME.match(item) and not re.fullmatch(r"[A-Z][a-z]+s", item):
            total += 1  # a name ("Haji Gol"), not a plural ("Villagers")
        else:
            return None if items == 0 else (total if items > 1 else None)
        items += 1
        if part:
            break
    return total if items else None


#: A participle phrase that describes an item of the list, up to the next item: "killing a
#: candidate running for a seat in the assembly, his driver and a guard".
_PARTICIPLE = re.compile(
    r"(?<=\w)\s+(?!(?:killing|injuring|wounding|leaving|including)\b)[a-z]+ing\b[^,.;:()]{0,60}?"
    r"(?=,\s+(?:and\s+)?(?:his|her|their|an?|the|one|two|three|four|five)\b)"
)


def _without_participles(text: str) -> str:
    """``text`` with the participle phrase inside the list blanked out (offsets kept)."""
    m = _END.search(text)
    head = text[: m.start()] if m else ""
    p = _PARTICIPLE.search(text)
    if p is None or not (m is None or p.start() <= len(head)):
        return text
    return text[: p.start()] + " " * (p.end() - p.start()) + text[p.end() :]


def _segment(text: str) -> str:
    m = _END.search(text)
    return text[: m.start()] if m else text


def along_with(r: Rules, sentence: str) -> list[tuple[int, int, int]]:
    """(start, end, people) of each "along with ..." list in the sentence."""
    out = []
    for m in _ALONG.finditer(sentence):
        seg = _segment(sentence[m.end() :])
        n = count_people(r, seg)
        if n:
            out.append((m.start(), m.end() + len(seg), n))
    return out


_RELATIVE_LAST = re.compile(r",\s+(?:who|which)\b[^,;]*,\s*$", re.I)


def subject_list(r: Rules, sentence: str, outcome: str = "killed") -> tuple[int, int, int] | None:
    """(start, end, people) of a list of several people that is the subject of "were
    killed" or "died" (or, for ``outcome`` "injured", "were injured", "received injuries";
    only lists of two items or more)."""
    word = r.killed_word if outcome == "killed" else r.injured_word
    verb = r"(?:were|have been|had been)\s+(?:also\s+|reportedly\s+|all\s+)*"
    if outcome == "injured":
        verb = r"(?:" + verb + r"|(?:received|sustained|suffered)\s+(?:\w+\s+)?(?=injur))"
    m = re.search(r"\s" + verb + r"(?:" + word.pattern + ")", sentence, re.I)
    if m is None and outcome == "killed":
        # "The driver and his cousin died on the spot": a verb that needs no auxiliary
        m = re.search(
            r"\s(?:both\s+|all\s+|later\s+)?(?:died|perished|lost\s+their\s+lives|succumbed)\b",
            sentence,
            re.I,
        )
    if m is None:
        return None
    # "The driver and X's cousin, who was also in the car, died": the relative clause is not
    # part of the list
    head = _RELATIVE_LAST.sub(lambda x: " " * len(x.group(0)), sentence[: m.start()])
    cut = max(
        (
            x.end()
            for x in re.finditer(
                r"\b(?:but|when|while|after|where|were|was|are|is|had|has|have|that)\b|[;:]"
                # who speaks is not who was hurt: "X, the governor's spokesman, says four"
                r"|\b(?:said|says|told|added|adds|stated|confirmed|reported)\b"
                r"|\baccording to [^,]*,|^\W*(?:however|meanwhile|moreover|furthermore|separately"
                r"|later|earlier|additionally|in addition|also|besides|elsewhere"
                # "As a result of the blast, X and Y were martyred"
                r"|(?:as\s+a\s+result\s+of|following|during|after|in)\s+the\s+[\w\s'-]{1,30}?"
                # a sentence adverb: "Unfortunately, three policemen were martyred"
                r"|[a-z]+ly)\s*,|--|\)"
                # a dateline: "Peshawar, Aug 17 (PTI) At least seven", "ISLAMABAD — ..."
                r"|\s[\u2013\u2014]\s|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
                r"\s+\d{1,2}\b"
                # an earlier casualty word ends another clause: "Ten were killed -- ... -- and
                # another 21 were injured"
                r"|" + r.killed_word.pattern + r"|" + r.injured_word.pattern,
                head,
                re.I,
            )
        ),
        default=0,
    )
    subject = head[cut:].strip()
    if re.match(r"^(?:neither|no|none|nor)\b", subject, re.I):
        return None  # "Neither his wife nor his daughter was hurt"
    if re.match(r"^between\b", subject, re.I):
        return None  # "Between two and four people were killed": a range, not a list
    part = r.subset.search(subject)  # "Ten people, including two police, were killed"
    if part:
        subject = subject[: part.start()].rstrip(" ,")
    lead = re.match(r"^(?:at least|more than|over|some|about|around)\s+", subject, re.I)
    if lead:
        subject = subject[lead.end() :]
    pieces = _SPLIT.split(subject)
    if len(pieces) < 2 or re.fullmatch(r"\s*(?:\d+|" + _NUMBER_WORD + r")\s*", pieces[-1], re.I):
        return None  # "35 children were on the bus and five were injured": five of them
    n = count_people(r, subject)
    if n and subject.endswith(","):
        # "Two other journalists, one from A and one from B, were injured": the aside after
        # the first figure breaks it down
        first = [x.value for x in numbers_in(_SPLIT.split(subject)[0]) if not x.vague]
        rest = count_people(r, subject[len(_SPLIT.split(subject)[0]) :].lstrip(" ,"))
        if len(first) == 1 and rest == first[0]:
            n = first[0]
    return (cut, m.end(), n) if n else None


def object_list(r: Rules, sentence: str, outcome: str = "killed") -> tuple[int, int, int] | None:
    """(start, end, people) of a list of several people that is the object of a killing
    verb ("killing him, his wife and son"), or of a wounding one for ``outcome``
    "injured" ("injuring a guard and two passers-by")."""
    verbs = (
        r"killing|killed|shot dead|shot and killed|gunned down|murdered"
        r"|deaths? of|killings? of|murders? of|bodies of"
        if outcome == "killed"
        else r"injuring|injured|wounding|wounded"
    )
    m = re.search(
        r"(?<!\bwas )(?<!\bwere )(?<!\bbeen )(?<!\bbe )"
        r"\b(?:" + verbs + r")\s+"
        r"(?!and\b|or\b|by\b|in\b|on\b|at\b|when\b|as\b|while\b|after\b|during\b"
        r"|along\b|together\b)",
        sentence,
        re.I,
    )
    if m is None:
        return None
    seg = _segment(_without_participles(sentence[m.end() :]))
    if len(_SPLIT.split(seg)) < 2:
        return None
    n = count_people(r, seg)
    return (m.end(), m.end() + len(seg), n) if n else None
