"""The codebook: vocabularies, their terms, the generated document and the crosswalk."""

from __future__ import annotations

from collections import defaultdict
from enum import StrEnum
from pathlib import Path

import pytest

from militancydb.codebook import TERMS, VOCABULARIES, EventType, Tactic, TargetType, label
from militancydb.codebook.crosswalk import (
    TABLE_VOCABULARY,
    Pairing,
    _raw,
    pairings,
    their_labels,
    to_ours,
    to_theirs,
)
from militancydb.codebook.render import codebook_markdown

DOCS = Path(__file__).resolve().parents[2] / "docs" / "codebook.md"
CODES = {name: {m.value for m in enum} for name, enum in VOCABULARIES.items()}
LABEL_TABLES = [(ds, table) for ds, tables in _raw().items() for table in tables["labels"]]


def test_docs_codebook_is_the_generated_codebook() -> None:
    assert DOCS.read_text(encoding="utf-8") == codebook_markdown(), (
        "docs/codebook.md is out of date: run `militancydb codebook > docs/codebook.md`"
    )


def test_the_codebook_names_every_code() -> None:
    text = codebook_markdown()
    for name, codes in CODES.items():
        assert f"## {name}" in text
        for code in codes:
            assert f"| `{code}` |" in text, (name, code)


@pytest.mark.parametrize("name", sorted(VOCABULARIES))
def test_every_member_has_a_term_and_every_term_a_member(name: str) -> None:
    enum = VOCABULARIES[name]
    assert set(TERMS[enum]) == CODES[name]


def test_every_vocabulary_with_terms_is_listed() -> None:
    assert set(TERMS) == set(VOCABULARIES.values())


@pytest.mark.parametrize("name", sorted(VOCABULARIES))
def test_terms_have_a_label_and_a_definition(name: str) -> None:
    for code, term in TERMS[VOCABULARIES[name]].items():
        assert term.label.strip() and term.definition.strip(), code


@pytest.mark.parametrize("name", sorted(VOCABULARIES))
def test_every_parent_is_a_member_of_the_same_vocabulary(name: str) -> None:
    for code, term in TERMS[VOCABULARIES[name]].items():
        if term.parent is not None:
            assert term.parent in CODES[name], (code, term.parent)
            assert term.parent != code


@pytest.mark.parametrize("name", sorted(VOCABULARIES))
def test_broader_terms_do_not_loop(name: str) -> None:
    terms = TERMS[VOCABULARIES[name]]
    for code in terms:
        seen = {code}
        parent = terms[code].parent
        while parent is not None:
            assert parent not in seen, (code, parent)
            seen.add(parent)
            parent = terms[parent].parent if parent in terms else None


def test_label_gives_the_term_label_or_the_code_itself() -> None:
    assert label(EventType.DRONE_STRIKE) == TERMS[EventType]["drone_strike"].label
    assert label("suicide_bombing") == TERMS[Tactic]["suicide_bombing"].label
    assert label("not-a-code") == "not-a-code"
    assert label(None) == ""


# --- crosswalk -----------------------------------------------------------------------------


def test_every_ours_code_is_in_its_vocabulary() -> None:
    for p in pairings():
        assert p.vocabulary in CODES, p
        assert p.ours in CODES[p.vocabulary], p


def test_every_crosswalk_table_has_a_vocabulary() -> None:
    for p in pairings():
        if (p.dataset, p.table) in TABLE_VOCABULARY:
            assert p.vocabulary == TABLE_VOCABULARY[(p.dataset, p.table)]


def test_every_theirs_code_is_one_of_their_labels() -> None:
    for p in pairings():
        assert p.theirs in their_labels(p.dataset, p.table), (p.dataset, p.table, p.theirs)
        if p.parent is not None:
            assert p.parent in their_labels(p.dataset, "event_type"), p


def test_gtd_weapon_types_are_the_thirteen_of_the_gtd_codebook() -> None:
    # GTD codebook weaptype1: codes 1-13, one label each
    assert len(their_labels("gtd", "weaptype1")) == 13


def _mapped(dataset: str, table: str, theirs: str) -> bool:
    if to_ours(dataset, table, theirs) is not None:
        return True
    # ACLED event types are mapped through the sub-event types under them
    return any(p.dataset == dataset and p.parent == theirs for p in pairings())


@pytest.mark.parametrize(("dataset", "table"), LABEL_TABLES)
def test_every_label_of_theirs_is_mapped(dataset: str, table: str) -> None:
    unmapped = [t for t in their_labels(dataset, table) if not _mapped(dataset, table, t)]
    assert unmapped == []


def test_to_ours_reads_the_first_matching_row() -> None:
    for p in pairings():
        found = to_ours(p.dataset, p.table, p.theirs)
        assert found is not None and found.theirs == p.theirs
        first = next(
            q
            for q in pairings()
            if (q.dataset, q.table, q.theirs) == (p.dataset, p.table, p.theirs)
        )
        assert found == first


@pytest.mark.parametrize(
    ("vocabulary", "enum"),
    [("tactic", Tactic), ("target_type", TargetType), ("event_type", EventType)],
)
def test_to_theirs_works_for_every_mapped_code(vocabulary: str, enum: type[StrEnum]) -> None:
    mapped: dict[tuple[str, str], set[str]] = defaultdict(set)
    for p in pairings():
        if p.vocabulary == vocabulary:
            mapped[(p.dataset, p.table)].add(p.ours)
    assert mapped, vocabulary
    for (dataset, table), codes in mapped.items():
        for code in (m.value for m in enum):
            found = to_theirs(dataset, table, code, vocabulary)
            if code in codes:
                assert isinstance(found, Pairing), (dataset, table, code)
                assert found.ours == code and found.vocabulary == vocabulary
                assert found == next(
                    q
                    for q in pairings()
                    if (q.dataset, q.table, q.ours, q.vocabulary)
                    == (dataset, table, code, vocabulary)
                )  # the first row for the code
            else:
                assert found is None, (dataset, table, code)


def test_every_event_type_reaches_ucdp_and_acled() -> None:
    missing = {
        (dataset, table): [
            e.value for e in EventType if to_theirs(dataset, table, e.value, "event_type") is None
        ]
        for dataset, table in (("ucdp", "type_of_violence"), ("acled", "sub_event_type"))
    }
    # kidnapping, sabotage and other are not armed conflict in UCDP's sense
    assert set(missing[("ucdp", "type_of_violence")]) <= {"kidnapping", "sabotage", "other"}
    assert missing[("acled", "sub_event_type")] == []


def test_unknown_labels_are_not_mapped() -> None:
    assert to_ours("gtd", "attacktype1", "Nonsense Attack") is None
    assert to_ours("gtd", "targtype1", "police") is None  # labels are case-sensitive
    assert to_theirs("gtd", "attacktype1", "not_a_tactic") is None


def test_known_pairings() -> None:
    # from the GTD, ACLED and UCDP codebooks
    p = to_ours("gtd", "attacktype1", "Assassination")
    assert p is not None and (p.ours, p.exact) == ("targeted_killing", True)
    p = to_ours("ucdp", "type_of_violence", "3")
    assert p is not None and p.vocabulary == "event_type"
    p = to_theirs("acled", "sub_event_type", "drone_strike", "event_type")
    assert p is not None and (p.theirs, p.parent) == (
        "Air/drone strike",
        "Explosions/Remote violence",
    )


def test_no_code_of_theirs_is_exact_for_two_of_ours() -> None:
    # "Exact means the two codes mean the same": two different codes of one vocabulary
    # cannot both mean exactly the same as one code of theirs.
    exact: dict[tuple[str, str, str, str], set[str]] = defaultdict(set)
    for p in pairings():
        if p.exact:
            exact[(p.dataset, p.table, p.vocabulary, p.theirs)].add(p.ours)
    clashes = {k: sorted(v) for k, v in exact.items() if len(v) > 1}
    assert clashes == {}


def test_acled_types_an_attack_on_armed_forces_only_is_a_battle() -> None:
    from militancydb.codebook.crosswalk import acled_types

    vac = ("Violence against civilians", "Attack")
    assert acled_types("militant_attack", [], ["police"]) == ("Battles", "Armed clash")
    assert acled_types("militant_attack", [], ["army", "militants"]) == ("Battles", "Armed clash")
    # one unarmed target, no target, or a tactic ACLED has its own type for: as before
    assert acled_types("militant_attack", [], ["police", "civilians"]) == vac
    assert acled_types("militant_attack", [], []) == vac
    assert acled_types("militant_attack", ["ied"], ["police"]) == (
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
    )
    # not an attack by militants: the event type's own pairing
    assert acled_types("state_violence_against_civilians", [], ["police"]) == vac
