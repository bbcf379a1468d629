"""The analysts' questions as one service for every adapter: the API, the web pages (and the
command line) ask a question by name with its parameters as typed, and get the answer with
the coverage statements that belong beside it.

The questions and their parameters are listed in :mod:`militancydb.analysis.question_list`.
Each question is answered by its function in :mod:`militancydb.analysis`; this module only
reads the parameters (every bad one named, with the form it should take), computes the
coverage of the period and place the answer speaks about, and the sources that were known
on the day asked about. A question's module is imported when that question is asked (issue
15: `ask operational` does not import the others' before its first query).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from militancydb.analysis.coverage import Coverage, coverage
from militancydb.analysis.high_profile_defs import DEFAULT_DEFINITION
from militancydb.analysis.high_profile_defs import definition as high_profile_definition
from militancydb.analysis.periods import parse_period
from militancydb.analysis.question_list import QUESTIONS, Param, Question, question
from militancydb.analysis.trend import trend
from militancydb.domain.knowledge_date import AsOf
from militancydb.errors import FieldError, ValidationFailed
from militancydb.knowledge.loader import Knowledge
from militancydb.services import incident_filters
from militancydb.services.known import sources_by_then

__all__ = ["QUESTIONS", "Answered", "Param", "Question", "ask", "plain", "question"]


@dataclass
class Answered:
    """An answer with the coverage statements and the sources known on the day asked about."""

    question: Question
    params: dict[str, str]
    answer: Any
    coverage: list[Coverage] = field(default_factory=list)
    cited: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The answer as plain JSON-ready data (dates as ISO strings)."""
        data: dict[str, Any] = plain(
            {
                "question": self.question.name,
                "parameters": self.params,
                "answer": self.answer,
                "coverage": [c.sentence() for c in self.coverage],
                "sources_known_then": self.cited,
            }
        )
        return data


def _key(key: Any) -> str:
    return "/".join(str(k) for k in key) if isinstance(key, tuple) else str(key)


def plain(value: Any) -> Any:
    """``value`` (dataclasses, dicts, lists, dates) as JSON-ready data: dates as ISO strings,
    tuple keys (``("killed", "victims")``) as ``"killed/victims"``."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return plain(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {_key(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


class _Reader:
    """Reads a question's parameters, collecting every problem before refusing."""

    def __init__(self, question: Question, raw: Mapping[str, str]) -> None:
        known = {p.name for p in question.params}
        self.question = question
        self.values: dict[str, str] = {}
        self.errors: list[FieldError] = []
        for key in raw:
            if key not in known and key not in ("format", "csrf_token"):
                self.errors.append(
                    FieldError(key, f"not a parameter of {question.name}; use {', '.join(known)}")
                )
        for p in question.params:
            value = (raw.get(p.name) or "").strip()[:300] or p.default
            if p.required and not value:
                self.errors.append(FieldError(p.name, "required"))
            elif value and p.kind == "choice" and value not in p.choices:
                self.errors.append(
                    FieldError(p.name, f"{value!r}: choose one of {', '.join(p.choices)}")
                )
            if value:
                self.values[p.name] = value

    def text(self, name: str) -> str | None:
        return self.values.get(name)

    def date(self, name: str) -> dt.date | None:
        value = self.values.get(name)
        if not value:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.errors.append(FieldError(name, f"{value!r} is not a date; write YYYY-MM-DD"))
            return None

    def number(self, name: str) -> int | None:
        value = self.values.get(name)
        if not value:
            return None
        if not value.isdigit():
            self.errors.append(FieldError(name, f"{value!r} is not a whole number of 0 or more"))
            return None
        return int(value)

    def items(self, name: str) -> list[str]:
        """A list parameter's values (comma-separated), in the order given."""
        return [v.strip() for v in self.values.get(name, "").split(",") if v.strip()]

    def flag(self, name: str) -> bool:
        return self.values.get(name, "").lower() in ("1", "true", "yes", "on")

    def country(self) -> str | None:
        value = self.values.get("country")
        return value.upper() if value else None

    def check(self) -> None:
        if self.errors:
            raise ValidationFailed(self.errors, f"{self.question.name} parameters")


def ask(session: Session, kb: Knowledge, name: str, raw: Mapping[str, str]) -> Answered:
    """Answer the question ``name`` with its parameters as typed (strings)."""
    q = question(name)
    r = _Reader(q, raw)
    answered = _ANSWER[name](session, kb, r)
    answered.params = dict(r.values)
    return answered


def _operational(s: Session, kb: Knowledge, r: _Reader) -> Answered:
    from militancydb.analysis.operational import operational

    on = r.date("on")
    r.check()
    a = operational(s, kb, r.text("actor") or "", r.country() or "", on)
    cov = coverage(s, a.on - dt.timedelta(days=365), a.on, a.country, a.country)
    return Answered(r.question, {}, a, [cov])


def _last_high_profile(s: Session, kb: Knowledge, r: _Reader) -> Answered:
    from militancydb.analysis.high_profile import last_high_profile

    before = r.date("before")
    thresholds = {
        k: r.number(k) for k in ("min_killed", "min_killed_suicide", "min_killed_national")
    }
    national = r.items("national_target")
    r.check()
    assert before is not None
    country = r.country()
    d = high_profile_definition(
        r.text("definition") or DEFAULT_DEFINITION,
        **thresholds,
        national_targets=frozenset(national) if national else None,
    )
    a = last_high_profile(
        s,
        kb,
        before,
        country=country,
        province=r.text("province"),
        district=r.text("district"),
        actor=r.text("actor"),
        definition=d,
    )
    first = a.incident.date if a.incident is not None else before
    return Answered(r.question, {}, a, [coverage(s, first, before, country, country)])


def _trend(s: Session, kb: Knowledge, r: _Reader) -> Answered:
    raw_period = r.text("period") or ""
    try:
        p, grain = parse_period(raw_period)
    except ValueError as exc:
        r.errors.append(FieldError("period", str(exc)))
    r.check()
    country = r.country()
    flt = incident_filters.build_filter(
        kb,
        country=country,
        province=r.text("province"),
        actor=r.text("actor"),
        event_types=r.items("event_type") or None,
    )
    a = trend(
        s,
        flt,
        p,
        grain,
        r.text("by") or "province",
        include_aggregates=r.flag("include_aggregates"),
    )
    return Answered(r.question, {}, a, [coverage(s, p.start, p.end, country, country)])


def _losses(s: Session, kb: Knowledge, r: _Reader) -> Answered:
    from militancydb.analysis.losses import losses

    start, end = r.date("date_from"), r.date("date_to")
    if start and end and end < start:
        r.errors.append(FieldError("date_to", f"{end} is before {start}"))
    r.check()
    assert start is not None and end is not None
    a = losses(s, kb, r.text("actor") or "", start, end)
    return Answered(r.question, {}, a, list(a.coverage))


def _leadership(s: Session, kb: Knowledge, r: _Reader) -> Answered:
    from militancydb.analysis.actor_questions import leadership_answer

    day = r.date("on") or dt.date.today()
    r.check()
    a = leadership_answer(kb, r.text("actor") or "", AsOf(day, r.flag("with_later")), session=s)
    cited = {v.name: sources_by_then(s, AsOf(day), v.sources) for v in a.predecessors + a.current}
    return Answered(r.question, {}, a, [], cited)


def _tactics(s: Session, kb: Knowledge, r: _Reader) -> Answered:
    from militancydb.analysis.actor_questions import tactics_answer

    r.check()
    a = tactics_answer(s, kb, r.text("actor") or "")
    today = dt.date.today()
    covs = []
    for c in kb.registry.actors[a.actor].countries:
        held = coverage(s, dt.date.min, today, c, c)  # the span the database holds
        lo = min((d.first for d in held.datasets if d.first), default=today)
        first = dt.date(a.years[0].year, 1, 1) if a.years else lo
        covs.append(coverage(s, max(first, lo), today, c, c))
    return Answered(r.question, {}, a, covs)


def _network(s: Session, kb: Knowledge, r: _Reader) -> Answered:
    from militancydb.analysis.actor_questions import network

    day = r.date("on") or dt.date.today()
    r.check()
    a = network(kb, r.text("actor") or "", AsOf(day, r.flag("with_later")), session=s)
    return Answered(r.question, {}, a)


_ANSWER: dict[str, Callable[[Session, Knowledge, _Reader], Answered]] = {
    "operational": _operational,
    "last-high-profile": _last_high_profile,
    "trend": _trend,
    "losses": _losses,
    "leadership": _leadership,
    "tactics": _tactics,
    "network": _network,
}
