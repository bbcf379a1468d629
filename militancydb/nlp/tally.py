"""An incident's figures of one outcome, told over several sentences, combined into one
low/best/high :class:`~militancydb.nlp.model.Figure`.

Within a sentence the figures of a list add up ("two policemen and three civilians");
separate figures of one sentence (a headline run into the first line) do not, and a figure
that yields (an earlier event's, the claimant's) counts only where its sentence gives no
other. Across
sentences the largest total is the best figure and the smallest the low one, except figures
said to come on top ("three were also killed") which add to those told before them; a toll
update is the best figure whatever was told before it, and an earlier report yields to the
other figures (:mod:`~militancydb.nlp.tolls`). "At least" makes the best figure a low bound
(no high), "up to" a high one. Injured attackers ("five militants were wounded") count only
where the report tells of no other injured.
"""

from __future__ import annotations

import re
from dataclasses import replace

from militancydb.nlp.casualties import Casualty
from militancydb.nlp.model import Figure, Span
from militancydb.nlp.text import Sentence


def _headline(text: str) -> bool:
    """Whether the document's first sentence is a headline: short, on a line of its own,
    without a full stop."""
    text = text.strip()
    return len(text) < 140 and "\n" not in text and not re.search(r"[.!?:;\"'\u201d\u2019)]$", text)


def _whole_count_after(values: list[list[Casualty]]) -> bool:
    """Whether a later sentence gives a figure whole: not an item of a list, not on top
    of others."""
    return any(
        found and not any(c.joined or c.additive or c.revision < 0 for c in found)
        for found in values
    )


def _victims_first(values: list[list[Casualty]]) -> list[list[Casualty]]:
    """The injured attackers ("seven insurgents were killed and five others were wounded")
    yield to the injured the report tells of anyone else: the figure is the victims'."""
    found = [c for f in values for c in f]
    if not found or any(c.outcome != "injured" for c in found):
        return values
    if not any(c.group == "militants" for c in found) or all(c.group == "militants" for c in found):
        return values
    return [[c for c in f if c.group != "militants"] for f in values]


def combine(
    values: list[list[Casualty]], doc: str, sents: list[Sentence], idx: list[int]
) -> Figure | None:
    """Combine the figures of one outcome (lists per sentence) into low/best/high."""
    values = _victims_first(values)
    sums: list[tuple[int, str, list[Casualty], int]] = []
    added: list[Span] = []  # the spans of figures that came on top of others
    for i, found in zip(idx, values, strict=True):
        if not found:
            continue
        if i == 0 and _headline(sents[0].text) and _whole_count_after(values[1:]):
            # a headline's figure is the body's in brief, or an older count: a count the
            # body gives whole comes first ("Mine blast wounds 4" over "three others were
            # injured"); not a list of the body's, which may leave out a group the headline
            # counts ("Two Taliban among 3 killed": the Taliban are not victims)
            found = [replace(c, revision=-1) for c in found]
        # within a sentence too, a figure that yields (an earlier event's, the claimant's:
        # "14 died, while the Taliban claimed 50 were killed") gives way to the others
        if any(c.revision >= 0 for c in found):
            found = [c for c in found if c.revision >= 0]
        # a list ("two policemen and three civilians") adds up; separate figures of one
        # sentence (a headline run into the first line) do not
        runs: list[int] = []
        for k, c in enumerate(found):
            # an item of a list, or more on top of a figure before it in the same sentence
            # ("twelve were killed ..., and five more ... died")
            # (not on a toll update, which counts them: "the toll has risen to 39 as four
            # wounded people died")
            prev = found[k - 1]
            if runs and (c.joined or (c.additive and not prev.additive and prev.revision == 0)):
                runs[-1] += c.value
            else:
                runs.append(c.value)
        total = max(runs)
        if sums and all(c.additive for c in found):
            # on top of the figures read so far, not of those a later sentence gives; but
            # where the latest count and these come to a total told before ("Fourteen were
            # killed ... A woman died on the spot ... 13 more succumbed"), the story has
            # reached that total: the others count them already
            t, b, f, j = sums[-1]
            if len(sums) > 1 and t + total == max(x[0] for x in sums[:-1]):
                sums[-1] = (t + total, b, f, j)
                added.extend(sents[i].span(doc, c.start, c.end) for c in found)
                continue
            sums = [(t + total, b, f, j) for t, b, f, j in sums]
            added.extend(sents[i].span(doc, c.start, c.end) for c in found)
            continue
        bound = (
            found[0].bound
            if len(found) == 1
            else ("exact" if all(c.bound == "exact" for c in found) else "low")
        )
        sums.append((total, bound, found, i))
    if not sums:
        return None
    spans = tuple(
        sorted(
            [sents[i].span(doc, c.start, c.end) for _, _, found, i in sums for c in found] + added,
            key=lambda sp: sp.start,
        )
    )
    low_total = min(x[0] for x in sums)
    # the low end of a range ("between two and four") is a low figure of its own
    range_lows = [c.low for _, _, found, _ in sums for c in found if c.low is not None]
    low_total = min([low_total, *range_lows])
    # a toll update is the best figure, whatever was told before it; an earlier report
    # yields to the other figures (casualties.Casualty.revision)
    last = max((k for k, x in enumerate(sums) if any(c.revision > 0 for c in x[2])), default=0)
    sums = [x for x in sums[last:] if any(c.revision >= 0 for c in x[2])] or sums[last:]
    best_total, best_bound, _, _ = sums[0] if last else max(sums, key=lambda x: x[0])
    if best_bound == "vague":
        return Figure(best_total, None, None, spans)
    if best_bound == "high":
        # "nearly two dozen" beside "21 others were wounded": the figure told exactly within
        # the bound is the best one, the bound stays the high one
        within = [t for t, b, _, _ in sums if b in ("exact", "low") and t < best_total]
        best = max(within, default=best_total)
        return Figure(low_total if low_total < best else None, best, best_total, spans)
    high = None if best_bound == "low" else best_total
    return Figure(low_total, best_total, high, spans)
