"""The extraction pipeline: text in, candidate incidents out (zero, one or several).

Steps, each a small function of its own module:

1. :func:`~militancydb.nlp.text.sentences` splits the text;
2. names of places and actors are found once over the whole text
   (:mod:`~militancydb.nlp.lexicon`); a place name inside an actor's name is not a place;
3. sentences are grouped into incidents (:mod:`~militancydb.nlp.segments`): a sentence
   reporting violence opens the first incident; later ones join it unless they begin like
   the report of another ("In another incident", "Separately", "In Karachi, ..." where the
   incident is elsewhere); a text with no such sentence yields no incident;
4. per incident: date (:mod:`~militancydb.nlp.dates`), place (:mod:`~militancydb.nlp.places`),
   figures (:mod:`~militancydb.nlp.casualties`), tactics, targets and event type
   (:mod:`~militancydb.nlp.kinds`), perpetrators and claims (:mod:`~militancydb.nlp.actors`).

Figures: within one sentence the figures of one outcome add up ("two policemen and three
civilians"); across sentences the largest is the best figure and the smallest the low one;
"at least" makes a figure a low bound, "up to" a high one; a figure after "including" is
part of another and is not counted. Attackers killed are counted apart from victims in
attacks; in security operations and drone strikes the militants killed are the toll.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from militancydb.nlp import actors as actor_step
from militancydb.nlp import kinds
from militancydb.nlp.attacker_deaths import attacker_died
from militancydb.nlp.background import chained, report_figures
from militancydb.nlp.background_deaths import by_the_state
from militancydb.nlp.casualties import Casualty, none_hurt
from militancydb.nlp.claim_places import claimed_elsewhere
from militancydb.nlp.datelines import (
    Dateline,
    Stamp,
    dateline_places,
    datelines,
    filed_on,
    stamps,
    without_dateline,
)
from militancydb.nlp.dates import dates_in
from militancydb.nlp.lexicon import (
    Lexicon,
    NameHit,
    find_acronyms,
    find_names,
    find_short_places,
    shipped_lexicon,
)
from militancydb.nlp.mentions import background_only, named_as_authority, named_as_victim
from militancydb.nlp.model import DateValue, Extracted, Figure, Span
from militancydb.nlp.page_junk import report_text
from militancydb.nlp.place_context import apply_containment, unknown_places
from militancydb.nlp.places import locate, resolve_hits
from militancydb.nlp.reporting import rank_title
from militancydb.nlp.rules import rules
from militancydb.nlp.segments import claims_of_all, segment, summaries
from militancydb.nlp.tally import combine
from militancydb.nlp.text import Sentence
from militancydb.nlp.told_before import day_first_attack, recalled_earlier, told_long_before
from militancydb.nlp.unregistered_groups import unregistered_hits

#: Longest text read (characters); longer input is refused by the callers with a clear error.
MAX_TEXT = 2_000_000
OPERATIONS = {"security_operation", "military_operation", "drone_strike", "search_operation"}
_SELF_KILLED = re.compile(
    r"\b(?:blew (?:himself|herself) up|killed (?:himself|herself)|killing (?:himself|herself)"
    r"|(?:suicide )?bomber (?:died|was killed|perished)"
    r"|detonated (?:his|her) (?:suicide )?(?:vest|jacket|explosives)"
    r"|(?:the )?(?:suicide )?(?:bomber|attacker|assailant) (?:was|were) (?:also )?"
    r"(?:killed|shot dead))\b",
    re.I,
)


@dataclass(frozen=True)
class _Doc:
    id: str
    text: str
    sents: list[Sentence]
    places: list[tuple[int, NameHit]]
    actors: list[tuple[int, NameHit]]
    figures: dict[int, list[Casualty]]
    #: where the report was filed from (its dateline) and the date stamps of the page: not
    #: the incident's place or date (see :mod:`~militancydb.nlp.datelines`)
    line: Dateline | None = None
    stamped: tuple[Stamp, ...] = ()


def _sentence_of(sents: list[Sentence], pos: int) -> int:
    lo, hi = 0, len(sents) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if sents[mid].start <= pos:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _prepare(doc_id: str, text: str, lex: Lexicon) -> _Doc:
    text, sents = report_text(text)  # without other reports' links
    acronyms = find_acronyms(text, lex.acronyms)
    ranks = {h.text for h in acronyms if rank_title(text, h.start, h.end)}  # then throughout
    actor_hits = find_names(text, lex.actors, capitalised=True) + [
        h for h in acronyms if h.text not in ranks
    ]
    found_places = find_names(text, lex.places, capitalised=True)
    found_places += [
        h
        for h in find_short_places(text, lex.short_places)
        if not any(p.start <= h.start < p.end for p in found_places)
        and h.text not in rules().short_name_stop
    ]
    # groups the registry does not know, named as claimant or blamed: kept as written
    unknown, begun = unregistered_hits(text, sents, actor_hits, found_places)
    actor_hits = [h for h in actor_hits if h not in begun] + unknown
    r = rules()
    place_hits = [
        h
        for h in sorted(found_places, key=lambda h: h.start)
        if not any(a.start <= h.start < a.end or h.start <= a.start < h.end for a in actor_hits)
        # part of a person's name: "Hazrat Ali", "Mohammad Ali Barak"
        and not r.name_before.search(text[max(0, h.start - 12) : h.start])
        and not r.name_after.match(text[h.end : h.end + 12])
    ]
    figures = report_figures(sents)
    # the dateline: the first that names a place below a country (a headline's "Afghanistan:"
    # is no filing place), else the first that names a place, else the first that gives a day
    lines = datelines(text)
    gaz = lex.gazetteer.places

    def names_place(t: Dateline, below_country: bool) -> bool:
        return any(
            t.start <= h.start < t.end
            and not (below_country and all(gaz[k].kind == "country" for k in h.keys))
            for h in found_places
        )

    line = next(
        (t for t in lines if names_place(t, True)),
        next(
            (t for t in lines if names_place(t, False)),
            next((t for t in lines if t.month_day), None),
        ),
    )
    return _Doc(
        doc_id,
        text,
        sents,
        [(_sentence_of(sents, h.start), h) for h in place_hits] if sents else [],
        [(_sentence_of(sents, h.start), h) for h in sorted(actor_hits, key=lambda h: h.start)]
        if sents
        else [],
        figures,
        line,
        tuple(stamps(text)),
    )


def _date(
    d: _Doc, idx: list[int], published: dt.date | None, summed: frozenset[int] = frozenset()
) -> DateValue | None:
    """The first date the incident's sentences give, outside the dateline and the page's
    date stamps; a day told as when something was said only when there is no other; then
    the day of the round-up's summary (``summed``: "... in separate attacks in Bannu and
    Kohat on Saturday" is the day of "In Kohat, ..."); failing all, the day the report was
    filed (``published``)."""
    skip = [(t.start, t.end) for t in (d.line, *d.stamped) if t is not None]
    said: DateValue | None = None
    for i in [*idx, *sorted(summed - set(idx))]:
        if i not in idx and said is not None:
            break
        s = d.sents[i]
        for m in dates_in(s.text, published):
            if any(a <= s.start + m.start < b for a, b in skip):
                continue
            value = DateValue(m.date.isoformat(), m.precision, m.rule, s.span(d.id, m.start, m.end))
            if not m.reported:
                return value
            said = said or value
    if said is not None:
        return said
    if published is not None:
        return DateValue(published.isoformat(), "days", "published", None)
    return None


def _day_of(d: _Doc, i: int, published: dt.date | None) -> dt.date | None:
    """The first date sentence ``i`` gives that is not when something was said."""
    m = next((m for m in dates_in(d.sents[i].text, published) if not m.reported), None)
    return m.date if m else None


def _incident(
    d: _Doc,
    idx: list[int],
    lex: Lexicon,
    published: dt.date | None,
    summed: frozenset[int] = frozenset(),
    shared: frozenset[int] = frozenset(),
    older: frozenset[int] = frozenset(),
) -> Extracted:
    """One incident from its sentences ``idx``; ``summed`` are the sentences that sum up a
    round-up: their figures and places count only when no other sentence gives any;
    ``shared`` claim every incident of the report (their groups are this one's too)."""
    chosen = set(idx)
    text = " ".join(d.sents[i].text for i in idx)
    first = d.sents[idx[0]].start
    body = d.text[first : d.sents[idx[-1]].end]
    date = _date(d, [i for i in idx if i not in older] or idx, published, summed)
    day = dt.date.fromisoformat(date.date) if date else published
    places = [(i, h) for i, h in d.places if i in chosen]
    if any(i not in summed for i, _ in places):
        places = [(i, h) for i, h in places if i not in summed]
    home = dateline_places(d.line, d.sents, d.places, idx)
    if home:
        places = home + places
    # (a round-up's summary is read for names only when no other sentence gives a place)
    own = [i for i in idx if i not in summed] if any(i not in summed for i, _ in places) else idx
    texts = {i: (d.sents[i].start, d.sents[i].text) for i in own}
    countries = {lex.gazetteer.places[k].country for _, h in places for k in h.keys}
    hint = next(iter(countries)) if len(countries) == 1 else None
    taken = [h for _, h in places] + [h for i, h in d.actors if i in chosen]
    places += unknown_places(lex, texts, taken, day, hint)
    places.sort(key=lambda x: x[1].start)
    texts = {**texts, **{j: (d.sents[j].start, d.sents[j].text) for j, _ in home}}
    resolved = apply_containment(
        lex.gazetteer, resolve_hits(lex.gazetteer, places, day, None, d.text), texts, day
    )
    location = locate(
        lex.gazetteer,
        resolved,
        texts,
        d.id,
        day,
        filed=(d.line.start, d.line.end) if d.line else None,
    )
    country = location.country if location else None
    tactics = kinds.tactics(body, first, d.id)
    told = [
        (i, t)
        for i in idx
        if not rules().claim.search(d.sents[i].text) and not background_only(d.sents[i].text)
        for t in kinds.targets(without_dateline(d.line, d.sents[i]), d.sents[i].start, d.id)
    ]
    # a round-up's summary names the targets of all its incidents: only when no other does
    targets = [t for i, t in told if i not in summed] or [t for _, t in told]
    targets = list({t.value: t for t in reversed(targets)}.values())[::-1]
    event = kinds.event_type(body, first, d.id, tactics)
    operation = event.value in OPERATIONS
    killed_lists = [
        [
            c
            for c in d.figures[i]
            if c.outcome == "killed"
            and not c.subset
            and (operation or c.group != "militants")
            # the state's dead told after the attack's first sentence: background
            and (operation or i == idx[0] or not by_the_state(d.sents[i].text, c.start))
        ]
        for i in idx
    ]
    injured_lists = [
        [c for c in d.figures[i] if c.outcome == "injured" and not c.subset] for i in idx
    ]
    attacker_lists = [
        [
            c
            for c in d.figures[i]
            if c.outcome == "killed" and not c.subset and c.group == "militants"
        ]
        for i in idx
    ]
    # an earlier attack recalled by its day gives no figures (told_before.recalled_earlier)
    early: set[int] = set()
    if date is not None and date.rule != "published":
        early = {
            i
            for i in idx[1:]
            if day_first_attack(d.sents[i].text)  # the cheap test before reading dates
            and recalled_earlier(d.sents[i].text, _day_of(d, i, published), day)
        }
    early |= {i for i in idx[1:] if i in older}  # told long before the report (background)
    if early:
        killed_lists = [[] if i in early else f for i, f in zip(idx, killed_lists, strict=True)]
        injured_lists = [[] if i in early else f for i, f in zip(idx, injured_lists, strict=True)]
    # the figures of a round-up's summary count only when no other sentence gives one
    if any(
        k or j for i, k, j in zip(idx, killed_lists, injured_lists, strict=True) if i not in summed
    ):
        killed_lists = [[] if i in summed else f for i, f in zip(idx, killed_lists, strict=True)]
        injured_lists = [[] if i in summed else f for i, f in zip(idx, injured_lists, strict=True)]
    # figures a claimant gives count only when no other sentence gives one
    own = [not rules().claimed_figures.search(d.sents[i].text) for i in idx]
    disputed = any(rules().disputed_claim.search(d.sents[i].text) for i in idx) or any(
        none_hurt(d.sents[i].text) for i, o in zip(idx, own, strict=True) if o
    )
    if disputed or any(
        o and (k or j) for o, k, j in zip(own, killed_lists, injured_lists, strict=True)
    ):
        killed_lists = [f if o else [] for f, o in zip(killed_lists, own, strict=True)]
        injured_lists = [f if o else [] for f, o in zip(injured_lists, own, strict=True)]
        attacker_lists = [f if o else [] for f, o in zip(attacker_lists, own, strict=True)]
    killed = combine(killed_lists, d.id, d.sents, idx)
    injured = combine(injured_lists, d.id, d.sents, idx)
    attackers = None if operation else combine(attacker_lists, d.id, d.sents, idx)
    for i in idx:
        for outcome, s, e in none_hurt(d.sents[i].text):
            zero = Figure(0, 0, 0, (d.sents[i].span(d.id, s, e),))
            if outcome == "killed" and killed is None:
                killed = zero
            if outcome == "injured" and injured is None:
                injured = zero
    if attackers is None and not operation:
        m = _SELF_KILLED.search(body) or attacker_died(body)
        if m:
            attackers = Figure(
                1, 1, None, (Span(d.id, first + m.start(), first + m.end(), m.group(0)),)
            )
    suicide = next((t for t in tactics if t.value == "suicide_bombing"), None)
    # a group named only as background ("no group, including the Taliban, has claimed")
    # is no perpetrator (:mod:`~militancydb.nlp.mentions`)
    away = claimed_elsewhere(d.sents, d.places, idx, location, lex.gazetteer)
    actors = [
        (i, h)
        for i, h in d.actors
        if (i in chosen or i in shared)
        and i not in older | away  # an attack told long before, or its claim; one elsewhere
        and not background_only(d.sents[i].text)
        and not named_as_authority(d.text[h.end : h.end + 40], h.keys, day, country)
        and not named_as_victim(
            d.text[max(d.sents[i].start, h.start - 40) : h.start], d.text[h.end : h.end + 80]
        )
    ]
    perps, claims, no_claim = actor_step.perpetrators(
        lex.registry,
        actors,
        d.sents,
        idx,
        d.id,
        day,
        country,
        location.province if location else None,
    )
    if operation:
        targets = [t for t in targets if t.value == "militants"] or targets
    else:
        targets = [t for t in targets if t.value != "militants"]
    del text
    return Extracted(
        doc=d.id,
        date=date,
        location=location,
        event_type=event,
        tactics=tactics,
        suicide=suicide,
        targets=targets,
        killed=killed,
        injured=injured,
        attackers_killed=attackers,
        perpetrators=perps,
        claims=claims,
        no_claim=no_claim,
        sentences=[d.sents[i].whole(d.id) for i in idx],
    )


def extract(
    text: str,
    *,
    doc_id: str = "-",
    published: dt.date | None = None,
    lexicon: Lexicon | None = None,
) -> list[Extracted]:
    """The incidents ``text`` reports (an empty list when it reports none)."""
    if len(text) > MAX_TEXT:
        raise ValueError(f"text of {len(text):,} characters is longer than {MAX_TEXT:,}")
    lex = lexicon or shipped_lexicon()
    d = _prepare(doc_id, text, lex)
    # relative dates count back from the day the report was filed: its dateline's day, else
    # the publication date, else a date stamp of the page
    filed = filed_on(d.line, list(d.stamped), published)
    # the dateline's place is where the report was filed, not a scene the incident names
    scenes = [
        (i, h) for i, h in d.places if d.line is None or not d.line.start <= h.start < d.line.end
    ]
    older = told_long_before(d.sents, filed) | chained(d.sents)
    home = [h for _, h in d.places if d.line is not None and d.line.start <= h.start < d.line.end]
    groups = segment(d.sents, d.figures, scenes, lex.gazetteer, older, home)
    summed = frozenset(summaries(groups, d.sents))
    shared = claims_of_all(d.sents, {i for i, _ in d.places}, groups)
    return [_incident(d, idx, lex, filed, summed, shared, older) for idx in groups]
