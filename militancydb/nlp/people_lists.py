"""People counted by who they were rather than by a number, for :mod:`militancydb.nlp.casualties`:
"the Canadian and three others" (one and the others), lists of the killed or wounded
(:mod:`~militancydb.nlp.companions`), and asides of examples after a figure, blanked out
so that their people are not counted again."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from militancydb.nlp import companions
from militancydb.nlp.figure import Casualty, group_of
from militancydb.nlp.figure_context import names_things, things
from militancydb.nlp.numbers import numbers_in
from militancydb.nlp.rules import Rules, rules


@lru_cache(maxsize=2)
def _one_before(person: str) -> re.Pattern[str]:
    """ "The Canadian and three others were injured": one person (a person noun after an
    article, or a name; not a plural "Villagers", nor "in the attack") before "and N
    others"."""
    return re.compile(
        r"(?:\b(?i:the|his|her|a|an)\s+(?:[\w-]+\s+){0,2}?(?:(?i:" + person + r")|[A-Z][\w'-]+)"
        r"|(?<!\bin )(?<!\bat )(?<!\bon )(?<!\bnear )(?<!\bfrom )(?<!\bof )"
        r"\b(?:[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){1,2}|[A-Z][\w'-]*[^\Ws]))\s+and\s+$"
    )


def one_and_others(sentence: str, found: list[Casualty]) -> list[Casualty]:
    out = list(found)
    for c in found:
        if c.joined or c.subset or not re.match(r"\s+(?:other\s+\w+|others)\b", sentence[c.end :]):
            continue
        head = sentence[max(0, c.start - 60) : c.start]
        m = _one_before(rules().person).search(head)
        if m is None or _has_casualty_word(head[m.start() :]):
            continue
        start = c.start - len(head) + m.start()
        if any(x is not c and start <= x.end <= c.start for x in out):
            continue  # the person before is counted already ("a policeman and two others")
        one = Casualty(c.outcome, 1, "exact", "total", False, start, start + len(m.group(0)))
        out[out.index(c)] = replace(c, joined=True)
        out.append(one)
        out.sort(key=lambda x: x.start)
    return out


def _has_casualty_word(text: str) -> bool:
    """Whether ``text`` holds a casualty word ("killed and two others" is no person)."""
    r = rules()
    return bool(r.killed_word.search(text) or r.injured_word.search(text))


def lists_of_people(r: Rules, sentence: str, found: list[Casualty]) -> list[Casualty]:
    """Lists that count people by who they were (:mod:`~militancydb.nlp.companions`): a
    list of the subject or the object of a killing replaces the figures read inside it when
    it counts more; "along with ..." adds to the figure before it."""
    out = list(found)
    spans: list[tuple[int, int]] = []
    for outcome in ("killed", "injured"):
        for read in (
            companions.subject_list(r, sentence, outcome),
            companions.object_list(r, sentence, outcome),
        ):
            if read is None:
                continue
            s, e, n = read
            if names_things(sentence[s:e]):
                continue  # "Besides his four companions, two horses were also killed"
            spans.append((s, e))  # "along with" inside the list is part of it
            inside = [c for c in out if s <= c.start <= e and not c.subset]
            both = re.match(r"\s*both\s", sentence[s:e], re.I)  # "Both X and Y": two
            told = sum(c.value for c in inside if c.outcome == outcome)
            # (several separate figures read inside one list are its items: "The driver and
            # his cousin died" is one figure of two, not two of one)
            apart = len(inside) > 1 and not any(c.joined for c in inside)
            if (n > told or (n == told and apart) or both) and not any(
                c.outcome != outcome for c in inside
            ):
                out = [c for c in out if c not in inside]
                also = bool(re.search(r"\balso\b", sentence[s : e + 12], re.I))
                out.append(Casualty(outcome, n, "exact", "total", False, s, e, False, also))
                out.sort(key=lambda c: c.start)
    for s, e, n in companions.along_with(r, sentence):
        before = [c for c in out if c.start < s and not c.subset]
        if not before or any(a <= s < b for a, b in spans):
            continue
        out = [c for c in out if not s <= c.start < e]
        last = before[-1]
        # the companions' own noun gives their side ("a bomber was killed along with four
        # soldiers": the soldiers are victims); without one they are of the side before
        own = group_of(r, sentence[s:e])
        group = own if own != "total" else last.group
        out.append(Casualty(last.outcome, n, "exact", group, False, s, e, True, last.additive))
    # animals, not people: "three goats", a subject read whole "his four companions, two horses"
    return [
        c for c in out if not (names_things(sentence[c.start : c.end]) or things(sentence[c.end :]))
    ]


_ASIDE = re.compile(
    r"^\s+(?:[\w'-]+\s*){0,2}?(--|\(|\s[-\u2013\u2014]\s|,(?=\s+(?:both|all|each)\s+(?!of\b)))"
)
_ASIDE_END = {
    ",": re.compile(r","),
    "--": re.compile(r"--"),
    "(": re.compile(r"\)"),
    "-": re.compile(r"\s[-\u2013\u2014]\s"),
}


#: A dateline run into the sentence: "KANDAHAR, Afghanistan (AFP) - ", "QUETTA: ".
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z'.-]+(?:\s+[A-Z][A-Z'.-]+)*(?:,\s+[A-Z][\w'.-]+(?:\s+[A-Z][\w'.-]+)*)?"
    r"(?:\s*\([A-Za-z .&/-]{2,30}\))?\s*(?:[-:\u2013\u2014]+|--)\s"
)


def mask_asides(sentence: str) -> str:
    """The sentence with each aside of examples after a figure blanked out (offsets kept):
    its people are part of the figure, not more of them; an acronym in brackets ("a
    station house officer (SHO) and two passers-by"); and a dateline run into it (no
    person of a list: "KANDAHAR, Afghanistan (AFP) - At least six people were killed")."""
    if m := _DATELINE.match(sentence):
        sentence = " " * m.end() + sentence[m.end() :]
    sentence = re.sub(r"\(([A-Z][A-Za-z]{1,7})\)", lambda m: " " * len(m.group(0)), sentence)
    for n in reversed(numbers_in(sentence)):
        m = _ASIDE.match(sentence[n.end :])
        if m is None:
            continue
        opening = m.group(1).strip()
        start = n.end + m.end()
        close = _ASIDE_END[opening if opening in ("--", "(", ",") else "-"].search(sentence, start)
        if close is not None and close.start() - start < 120:
            sentence = (
                sentence[: n.end + m.start(1)]
                + " " * (close.end() - n.end - m.start(1))
                + sentence[close.end() :]
            )
    return sentence
