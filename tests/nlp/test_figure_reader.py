"""The trained figure reader's parts (issue 11), on sentences written for these tests: the
features of each number, the decision between the rules' figure and the model's, and the
model file's loading and hash check. The reader is not wired into the pipeline (the
cross-validation showed no gain): the last test checks the pipeline's own figures on the
same sentences, which the reader would have had to keep."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from militancydb.nlp.figure_features import mentions
from militancydb.nlp.figure_model import ModelFileError, decide, load, payload_hash, write
from militancydb.nlp.model import Extracted
from militancydb.nlp.pipeline import extract

DAY = dt.date(2024, 5, 2)
TWO = "Gunmen killed five policemen and wounded three others at a checkpoint in Quetta."


def _one(text: str) -> Extracted:
    found = extract(text, published=DAY)
    assert len(found) == 1, found
    return found[0]


def test_features_of_each_number() -> None:
    found = mentions(TWO, _one(TWO))
    assert [m.value for m in found] == [5, 3]
    five, three = (set(m.features) for m in found)
    assert {"b1=killed", "a1=policemen", "kill_before=0-1", "rule_killed", "first_number"} <= five
    assert "rule_killed_value" in five and "rule_injured" not in five
    assert {"b1=wounded", "hurt_before=0-1", "rule_injured", "rule_injured_value"} <= three
    assert "largest" in five and "largest" not in three
    assert {"form=word", "sent=0", "size=4-9", "rule_attackers_none"} <= five


def test_features_leave_out_years_and_vague_counts() -> None:
    text = "In 2019 dozens of people were injured and 12 people were killed in a blast in Quetta."
    found = mentions(text, _one(text))
    assert [m.value for m in found] == [12]
    assert {"form=digit", "size=10-30", "kill_after=2-4", "rule_killed"} <= set(found[0].features)


def test_a_bound_word_and_a_later_sentence() -> None:
    text = (
        "A bomb went off near a market in Peshawar on Monday. "
        "At least 7 people died and 20 were hurt, police said."
    )
    found = mentions(text, _one(text))
    seven = next(m for m in found if m.value == 7)
    assert {"bound", "sent=1"} <= set(seven.features)
    assert text[seven.start : seven.end] == "7"


@pytest.mark.parametrize(
    ("rules", "probs", "fill", "over", "want"),
    [
        (None, [0.2, 0.7], 0.5, 2.0, 3),  # the rules read none: the likeliest, above fill
        (None, [0.2, 0.4], 0.5, 2.0, None),  # none above fill: still none
        (5, [0.1, 0.95], 0.5, 0.9, 3),  # above over, the rules' number unlikely: replaced
        (5, [0.6, 0.95], 0.5, 0.9, 5),  # the rules' number likelier than not: kept
        (5, [0.1, 0.8], 0.5, 0.9, 5),  # below over: kept
        (5, [0.1, 0.95], 0.5, 2.0, 5),  # over above 1: never replaced
        (7, [0.1, 0.95], 0.5, 0.9, 3),  # the rules' figure is no single number (a sum)
    ],
)
def test_decide(rules: int | None, probs: list[float], fill: float, over: float,
                want: int | None) -> None:  # fmt: skip
    assert decide(rules, [5, 3], probs, fill, over) == want


def test_decide_without_numbers_keeps_the_rules() -> None:
    assert decide(4, [], [], 0.5, 0.5) == 4
    assert decide(None, [], [], 0.5, 0.5) is None


def _payload() -> dict[str, object]:
    part = {"weights": {"bias": -2.0, "b1=killed": 3.0, "rule_killed": 1.5}, "fill": 0.5,
            "over": 0.9}  # fmt: skip
    return {"format": 1, "trained_from": "a test", "script": "-", "date": "2026-12-05",
            "outcomes": {"killed": part}}  # fmt: skip


def test_model_file_round_trip_and_scores(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    digest = write(path, _payload())
    assert digest == payload_hash(_payload()) and len(digest) == 64
    model = load(path)["killed"]
    assert (model.fill, model.over) == (0.5, 0.9)
    five, three = mentions(TWO, _one(TWO))
    p5, p3 = model.probabilities([five, three])
    # bias + b1=killed + rule_killed for five; the bias alone for three
    assert p5 == pytest.approx(1 / (1 + 2.718281828**-2.5), rel=1e-6)
    assert p3 == pytest.approx(1 / (1 + 2.718281828**2.0), rel=1e-6)


def test_a_changed_model_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    write(path, _payload())
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["payload"]["outcomes"]["killed"]["weights"]["bias"] = 5.0
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ModelFileError):
        load(path)


def test_a_file_that_is_no_model_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    payload: dict[str, object] = {"outcomes": {"killed": {"weights": {}}}}  # no thresholds
    path.write_text(json.dumps({"sha256": payload_hash(payload), "payload": payload}))
    with pytest.raises(ModelFileError):
        load(path)


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        (TWO, 5, 3),
        ("Two soldiers were martyred and four injured when a roadside bomb hit their vehicle "
         "in North Waziristan.", 2, 4),
        ("Three people were shot dead in Karachi. Later, the toll rose to five as two of the "
         "injured died in hospital.", 5, None),
    ],
)  # fmt: skip
def test_the_pipeline_figures_on_the_same_kind_of_sentence(
    text: str, killed: int | None, injured: int | None
) -> None:
    inc = _one(text)
    assert (inc.killed.best if inc.killed else None) == killed
    assert (inc.injured.best if inc.injured else None) == injured
