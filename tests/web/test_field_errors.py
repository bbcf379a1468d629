"""The problems of a refused form, by field, as every form page shows them."""

from __future__ import annotations

from militancydb.errors import FieldError, ValidationFailed
from militancydb.web.rendering import field_errors


def test_each_field_gets_all_its_problems() -> None:
    exc = ValidationFailed(
        [
            FieldError("date", "'2016-13-01' is not a date"),
            FieldError("country", "'XX' is not a country code"),
            FieldError("date", "the date is in the future"),
        ]
    )
    assert field_errors(exc) == {
        "date": "'2016-13-01' is not a date; the date is in the future",
        "country": "'XX' is not a country code",
    }


def test_no_problem_no_field() -> None:
    assert field_errors(ValidationFailed([])) == {}
