"""Casualty figures in one sentence: who (victims or attackers) suffered what, how many.

Three readings, tried in order for each number (the word lists are in ``data/rules.yaml``):

1. the number is the object of a casualty verb: "killing at least 12", "injured 30";
2. the number is followed, within a few words and no conjunction, by a casualty word:
   "12 people were killed", "30 injured"; "Thirty people, including ..., were killed"
   (a parenthesis of examples is skipped);
3. the number is the next item of a list the previous figure began: "killing two policemen
   and three civilians".

"a"/"an" before a person noun counts as one ("a policeman was shot dead"). A figure after
"including" is part of another one, and so is "three of the injured" (unless they "later
died": more dead). "No one was hurt" is zero. How a figure stands to the others of the
report (a toll update, an earlier report, a total of several incidents) is marked by
:mod:`~militancydb.nlp.tolls`; what the words around it say (an earlier event in its own
clause, a general statement, "among the dead", the martyred, the claimant's count, "a
five-member family") by :mod:`~militancydb.nlp.figure_context`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from militancydb.nlp import figure_context as context
from militancydb.nlp import figure_links as links
from militancydb.nlp.additive import ADDITIVE_AFTER, ADDITIVE_BEFORE, MORE, OTHER_AFTER
from militancydb.nlp.attacker_deaths import own_losses
from militancydb.nlp.background_deaths import as_a_cause
from militancydb.nlp.captives import captives_killed
from militancydb.nlp.figure import Casualty, group_of
from militancydb.nlp.numbers import Number, numbers_in
from militancydb.nlp.people_lists import lists_of_people, mask_asides, one_and_others
from militancydb.nlp.rules import Rules, rules
from militancydb.nlp.tolls import DIED_LATER, OF_THOSE, revision
from militancydb.nlp.unhurt import none_hurt, unreported
from militancydb.nlp.unnumbered import (
    ANOTHER,
    PRONOUN_KILLED,
    named_object,
    one_body,
    unnumbered,
)

__all__ = ["Casualty", "casualties_in", "none_hurt"]

_STOP = re.compile(
    r"^(?:and|or|but|while|when|as|after|before|in|at|on|near|since|,|;|\.|:)$", re.I
)
_WORDS = re.compile(r"[\w'-]+|[,;.:]")
_AUX = re.compile(r"\b(?:were|was|been|are|is|got|being|be)$", re.I)
_AUX_ED = re.compile(r"\b(?:were|was|been)\s+[a-z]+ed$", re.I)
_OBJECT = re.compile(
    r"^\s+(?:\d|an?\b|one|two|three|four|five|six|seven|eight|nine|ten|at least|more than"
    r"|his|her|their|the|several|dozens|scores|him|them"
    r"|(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March"
    r"|April|May|June|July|August|September|October|November|December)\b)(?-i:[A-Z][a-z]+))",
    re.I,
)
#: Right after a verb that kills or wounds its object (a lookbehind per verb form).
_AFTER_VERB = (
    r"(?:"
    + "|".join(
        f"(?<={v} )"
        for v in ("killed", "killing", "injured", "injuring", "wounded", "wounding",
                  "critically injuring", "seriously injuring", "critically wounding",
                  "seriously wounding", "seriously injured", "critically injured")
    )
    + ")"
)  # fmt: skip
_SPEAKER = re.compile(r"\s+(?:said|says|told|added|confirmed|stated|quoted)\b", re.I)
#: "Five ... were killed and as many injured": the same number again.
_AS_MANY = re.compile(
    r"\b(?:and|,)\s+as many\s+(?:others\s+|more\s+)?(?:were\s+|have been\s+)?"
    r"(?:injured|wounded|hurt)\b",
    re.I,
)
#: Casualty words that need no auxiliary after their subject ("Six people, including two
#: women, lost their lives").
_INTRANSITIVE = (
    r"lost their lives|died|perished|embraced|succumbed|sustained|suffered|received"
    r"|laid down their lives"
)


def _bound(r: Rules, before: str, n: Number) -> str:
    if n.vague:
        return "vague"
    tail = before[-24:]
    if re.search(r"(?:" + r.low_bound.pattern + r")\s*$", tail, re.I):
        return "low"
    if re.search(r"(?:" + r.high_bound.pattern + r")\s*$", tail, re.I):
        return "high"
    return "exact"


def _noun_phrase(text: str, limit: int = 4) -> str:
    words = []
    for w in _WORDS.findall(text)[:limit]:
        if _STOP.match(w):
            break
        words.append(w)
    return " ".join(words)


def _verb_before(r: Rules, before: str) -> str | None:
    # ("killed yet another trader")
    bounds = r"(?:(?:" + r.low_bound.pattern + "|" + r.approx.pattern + r"|all|yet)\s+)?"
    # "killing himself and ten others", "killed the two guards", "Also killed were 13 others"
    lead = context.VERB_LEAD
    for outcome, verb in (("killed", r.killed_verb), ("injured", r.injured_verb)):
        if re.search(
            r"(?:" + verb.pattern + r")\s+" + lead + bounds + r"(?:another\s+)?$", before, re.I
        ):
            return outcome
    return None


def _word_after(r: Rules, after: str) -> tuple[str, str] | None:
    """The outcome and the noun phrase when a casualty word follows closely (a verb in the
    active voice, "a bomber killed two", is not this reading)."""
    words: list[str] = []
    for m in _WORDS.finditer(after):
        w = m.group(0)
        for outcome, rx in (("killed", r.killed_word), ("injured", r.injured_word)):
            hit = rx.match(after, m.start())
            if hit:
                rest = after[hit.end() :]  # after the whole word ("shot and killed")
                active = words and not _AUX.search(" ".join(words[-2:])) and _OBJECT.match(rest)
                if active:
                    return None
                return outcome, " ".join(words)
        # ("the other four had been tortured and killed": a passive pair, one figure)
        paired = (
            w == "and"
            and _AUX_ED.search(" ".join(words[-3:])) is not None
            and r.killed_word.match(after, m.end() + 1) is not None
        )
        if (_STOP.match(w) and not paired) or any(ch.isdigit() for ch in w):
            return None
        if len(words) >= r.max_gap_after:
            return None
        words.append(w)
    return None


def _after_parenthesis(r: Rules, after: str) -> tuple[str, str, int] | None:
    """'Thirty people, including X, Y and Z, were killed': skip the examples."""
    head = re.match(
        r"^\s*((?:[\w'-]+\s+){0,3}?[\w'-]+)?\s*,?\s*(?=" + r.subset.pattern + ")", after, re.I
    )
    if not head:
        return None
    rest = after[head.end() :]
    # the verb after the examples: passive ("were killed") or one that needs no auxiliary
    # ("lost their lives", "died", "embraced martyrdom"); the first one after them counts
    aux = (
        r"(?:,\s*|\s)(?:(?:were|was|have been|has been|had been|are|is)\s+(?:\w+\s+)?|(?="
        + (_INTRANSITIVE)
        + r"))"
    )
    best: tuple[str, str, int] | None = None
    for outcome, rx in (("killed", r.killed_word), ("injured", r.injured_word)):
        m = re.search(aux + r"(?:" + rx.pattern + r")", rest, re.I)
        if m and (best is None or head.end() + m.start() < best[2]):
            best = outcome, head.group(1) or "", head.end() + m.start()
    return best


def casualties_in(sentence: str) -> list[Casualty]:
    """Figures of one sentence, in order (see the module docstring)."""
    r = rules()
    out: list[Casualty] = []
    sentence = mask_asides(sentence)
    families = context.family_sizes(sentence)  # "a five-member family"
    aged = context.ages(sentence)  # "Asif Kamran, 29, who ...": an age, no count
    skip = [(f.start, f.end) for f in families] + aged
    numbers, lows = links.ranges(
        sentence, [n for n in numbers_in(sentence) if not any(a <= n.start < b for a, b in skip)]
    )
    numbers += families
    single = (
        r"(?:(?<!no )\b(?:an?|one|another)|(?<=and )(?:their|his|her|its)"
        r"|" + _AFTER_VERB + r"(?:the|their|his|her))"
    )
    # the words between the article and the person are its modifiers: never another article,
    # a conjunction or a verb of the sentence ("a bus stand killing a woman" is one woman)
    modifier = (
        r"(?:(?!(?:an?|the|one|and|or|of|by|in|at|on|near|killing|killed|injuring|injured"
        r"|wounding|wounded)\b)[\w'-]+\s+)"
    )
    for m in re.finditer(
        # a hyphenated rank counts as its noun: "a sub-inspector", "an assistant sub-inspector"
        # (a possessive is a modifier: "the bomber's brother" is the brother)
        single + r"\s+" + modifier + r"{0,4}?(?:[a-z]+-)?(?:" + r.person + r")\b(?!['\u2019]s\b)",
        sentence,
        re.I,
    ):
        if _SPEAKER.match(sentence, m.end()):
            continue  # "..., a Taliban official said": who speaks, not who was hurt
        if not any(n.start <= m.start() < n.end for n in numbers):
            numbers.append(Number(1, m.start(), m.start() + len(m.group(0).split()[0])))
    for m in re.finditer(
        _AFTER_VERB + r"(?:him|her)\b|(?<=\bshot )(?:him|her)(?= dead\b)|" + PRONOUN_KILLED,
        sentence,
        re.I,
    ):
        numbers.append(Number(1, m.start(), m.end()))
    # "killing one person and injuring another", "one was killed and another injured"
    for m in ANOTHER.finditer(sentence):
        if not any(n.start <= m.start() < n.end for n in numbers):
            numbers.append(Number(1, m.start(), m.end()))
    numbers.sort(key=lambda n: n.start)
    last: Casualty | None = None
    inside_until = -1  # the end of a parenthesis of examples: figures in it are subsets
    for n in numbers:
        if n.value > r.max_count:
            continue
        before, after = sentence[: n.start], sentence[n.end :]
        subset = n.start < inside_until or bool(
            re.search(r"(?:" + r.subset.pattern + r")\s+(?:\w+\s+)?$", before[-30:], re.I)
        )
        outcome = _verb_before(r, before)
        phrase = _noun_phrase(after)
        died_later = DIED_LATER.match(after) or context.died_of_them(r, before, after)
        if outcome is None and died_later:
            # "two of the injured later died", "two more injured succumbed": more dead
            outcome, phrase = "killed", ""
        elif outcome is None and OF_THOSE.match(after):
            subset = True  # "three of the injured are in critical condition"
        if outcome is None:
            found = _word_after(r, after)
            if found:
                outcome, phrase = found
            elif paren := _after_parenthesis(r, after):
                outcome, phrase, upto = paren
                inside_until = n.end + upto
        joined = False
        if outcome is None and last is not None:
            between = sentence[last.end : n.start]
            if links.elliptical(between, after):
                # "Two policemen were killed in Bannu; three in Lakki Marwat"
                outcome, subset, joined = last.outcome, last.subset, True
            elif re.fullmatch(r"\s+(?:[\w'-]+\s+){0,3}?(?:[\w'-]+,|and)\s+", between) and not (
                r.killed_word.search(between) or r.injured_word.search(between)
            ):
                outcome = last.outcome
                subset = last.subset
                joined = True
        if outcome is None or context.habitual(after, n.vague) or links.combined(before, after):
            continue  # (a count of the dead and the injured together is neither's figure)
        subset = (
            subset
            or context.among_those(after, before)
            or (context.of_them(r, after, before) and not died_later)
        )
        bound, group = _bound(r, before, n), group_of(r, phrase)
        if group == "militants" and context.martyred(r, after):
            group = "total"  # "a DSP and a gunman were martyred": a bodyguard
        additive = not n.vague and bool(
            died_later or ADDITIVE_AFTER.match(after) or ADDITIVE_BEFORE.search(before)
        )
        if (
            additive
            and not died_later
            and OTHER_AFTER.match(after)
            and not ADDITIVE_BEFORE.search(before)
            and context.other_outcome_before(r, before, outcome)
        ):
            additive = False  # "two were killed and three others injured"
        c = Casualty(outcome, n.value, bound, group, subset, n.start, n.end, joined, additive)
        if (
            context.recalled(after)
            or context.recalled_before(before)
            or context.claimed(r, before)
            or context.claimants_own(sentence)
        ):
            c = replace(c, revision=-1)
        out.append(c)
        last = c
    if (many := _AS_MANY.search(sentence)) and not any(c.outcome == "injured" for c in out):
        killed = [c for c in out if c.outcome == "killed" and c.end <= many.start()]
        if killed:
            k = killed[-1]
            out.append(replace(k, outcome="injured", start=many.start(), end=many.end()))
    out = _lists_before(r, sentence, numbers, out)
    out = one_and_others(sentence, out)
    out += _sentence_subject(r, sentence, numbers, out)
    out = out + unnumbered(r, sentence, out) + named_object(r, sentence, out)
    out += one_body(r, sentence, out)
    out = lists_of_people(r, sentence, out)
    out = links.others_side(sentence, out)
    out = links.attackers_within(r, sentence, out)
    out = links.along_with_attackers(sentence, out)
    out = own_losses(r, sentence, out)
    out = captives_killed(r, sentence, out)
    out = links.died_after_injury(sentence, out)
    out = [
        c for c in out if not context.habitual(sentence[c.end :], c.bound == "vague")
    ]  # "Scores of civilians are also killed in the crossfire": no report
    out = [c for c in out if not unreported(sentence[: c.start])]  # "no reports of two killed"
    out = [c for c in out if c.outcome != "killed" or not as_a_cause(sentence[: c.start])]
    out = [replace(c, low=lows[c.start]) if c.start in lows else c for c in out]
    if out and MORE.search(sentence):
        out = [Casualty(**{**c.__dict__, "additive": True}) for c in out]
    return [c if c.revision < 0 else replace(c, revision=revision(sentence, c.start)) for c in out]


def _sentence_subject(
    r: Rules, sentence: str, numbers: list[Number], found: list[Casualty]
) -> list[Casualty]:
    """ "Four guards of the US-owned company were killed": a sentence that opens with a
    number whose verb, however far, is a passive casualty verb (or "died", "perished")."""
    if not numbers or any(c.start == numbers[0].start for c in found):
        return []
    n = numbers[0]
    lead = sentence[: n.start]
    if links.combined(lead, sentence[n.end :]):
        return []
    if not re.fullmatch(
        r"\s*(?:(?:" + r.low_bound.pattern + "|" + r.approx.pattern + r")\s+)?", lead, re.I
    ):
        return []
    for outcome, word in (("killed", r.killed_word), ("injured", r.injured_word)):
        m = re.search(
            r"\b(?P<verb>were|was|have been|had been|are)\s+(?:\w+\s+(?:and\s+)?){0,2}?(?:"
            + word.pattern
            + ")",
            sentence[n.end :],
            re.I,
        )
        if m is None and outcome == "killed":
            # "Three students at a seminary near Ghazni died when ...": a verb that needs no
            # auxiliary, the first verb of the sentence
            m = re.match(
                r"(?:\s+(?!(?:who|which|that|when|after|as|while|were|was|is|are|had|has|have)"
                r"\b)[\w'\u2019-]+,?){1,10}?\s+"
                r"(?P<verb>died|perished|lost their lives|embraced (?:martyrdom|shahadat))\b",
                sentence[n.end :],
                re.I,
            )
        if m is None:
            continue
        at = n.end + m.start("verb")
        between = sentence[n.end : at]
        inside = re.search(r"(?:" + r.subset.pattern + r")", between, re.I)
        others = [x for x in numbers[1:] if x.start < at]
        if others and not (inside and all(x.start > n.end + inside.start() for x in others)):
            return []
        phrase = _noun_phrase(sentence[n.end :])
        return [
            Casualty(
                outcome, n.value, _bound(r, lead, n), group_of(r, phrase), False, n.start, n.end
            )
        ]
    return []


def _lists_before(
    r: Rules, sentence: str, numbers: list[Number], found: list[Casualty]
) -> list[Casualty]:
    """ "Three officers and one assailant died": a number that begins a list whose last item
    was read takes that item's outcome (and the two add up)."""
    taken = {c.start for c in found}
    out = list(found)
    for n in reversed(numbers):
        if n.start in taken or n.vague:
            continue
        nxt = next((c for c in out if c.start > n.end), None)
        if nxt is None or nxt.subset:
            continue
        between = sentence[n.end : nxt.start]
        # "A deputy superintendent of police and a gunman were martyred"
        # (a word of place or time, or a verb, is no part of an item: "35 children on the bus
        # and five")
        item = (
            r"(?:(?!(?:on|in|at|near|from|inside|outside|to|into|with|during|was|were|is|are"
            r"|had|has|have)\b)[\w'-]+\s+)"
        )
        if not re.fullmatch(r"\s+" + item + r"{0,4}?(?:[\w'-]+,|and)\s+", between, re.I):
            continue
        if r.killed_word.search(between) or r.injured_word.search(between):
            continue
        phrase = _noun_phrase(sentence[n.end :])
        # "A policeman and one other person were also killed": the list comes on top
        also = bool(ADDITIVE_AFTER.match(sentence[n.end :])) and nxt.additive
        c = Casualty(nxt.outcome, n.value, _bound(r, sentence[: n.start], n), group_of(r, phrase),
                     False, n.start, n.end, False, also)  # fmt: skip
        out[out.index(nxt)] = Casualty(**{**nxt.__dict__, "joined": True})
        out.append(c)
        out.sort(key=lambda x: x.start)
        taken.add(n.start)
    return out
