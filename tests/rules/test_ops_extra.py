"""Tremplin's operations: today, age, date_add, round (see also test_numbers), bareme, sum_of."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest

from app.rules import RuleSyntaxError, RuleTypeError, RuleValueError, evaluate

TODAY = date(2026, 9, 1)


@pytest.mark.parametrize(
    ("birth", "at", "age"),
    [
        ("2010-09-01", "2026-09-01", 16),
        ("2010-09-02", "2026-09-01", 15),
        ("2008-02-29", "2026-02-28", 17),
        ("2008-02-29", "2026-03-01", 18),
        ("2008-02-29", "2028-02-29", 20),
        (date(2000, 1, 1), datetime(2026, 1, 1, 0, 1), 26),
        ("2020-01-01T10:00:00", "2026-01-01", 6),
    ],
)
def test_age_in_whole_years(birth: Any, at: Any, age: int) -> None:
    assert evaluate({"age": [{"var": "b"}, {"var": "at"}]}, {"b": birth, "at": at}) == age


def test_age_defaults_to_today() -> None:
    assert evaluate({"age": [{"var": "b"}]}, {"b": "2008-09-02"}, today=TODAY) == 17


@pytest.mark.parametrize(
    ("start", "amount", "unit", "expected"),
    [
        ("2026-01-31", 1, "months", "2026-02-28"),
        ("2028-01-31", 1, "months", "2028-02-29"),
        ("2026-09-01", -3, "days", "2026-08-29"),
        ("2026-09-01", 2, "weeks", "2026-09-15"),
        ("2024-02-29", 1, "years", "2025-02-28"),
        ("2026-11-30", "3", "months", "2027-02-28"),
    ],
)
def test_date_add(start: str, amount: Any, unit: str, expected: str) -> None:
    assert evaluate({"date_add": [start, amount, unit]}) == expected


def test_dates_compare_as_iso_texts() -> None:
    rule = {"<=": [{"date_add": [{"var": "naissance"}, 18, "years"]}, {"today": []}]}
    assert evaluate(rule, {"naissance": "2008-09-01"}, today=TODAY) is True
    assert evaluate(rule, {"naissance": "2008-09-02"}, today=TODAY) is False


@pytest.mark.parametrize(
    ("rule", "error"),
    [
        ({"age": ["01/09/2010"]}, RuleValueError),
        ({"age": ["2010-02-30"]}, RuleValueError),
        ({"age": [20100901]}, RuleTypeError),
        ({"date_add": ["2026-01-01", 1.5, "days"]}, RuleValueError),
        ({"date_add": ["2026-01-01", 1, {"var": "unit"}]}, RuleValueError),
        ({"date_add": ["9999-12-31", 1, "years"]}, RuleValueError),
    ],
)
def test_date_errors(rule: Any, error: type[Exception]) -> None:
    with pytest.raises(error):
        evaluate(rule, {"unit": "fortnights"}, today=TODAY)


def test_a_literal_unknown_unit_is_a_compile_error() -> None:
    with pytest.raises(RuleSyntaxError, match="Unité"):
        evaluate({"date_add": ["2026-01-01", 1, "jours"]})


BRACKETS = [[None, 600, 150], [600, 900, 100], [900, 1200, 50]]


@pytest.mark.parametrize(
    ("value", "lower_inclusive", "upper_inclusive"),
    [
        (-5, 150, 150),
        (0, 150, 150),
        (599.99, 150, 150),
        (600, 100, 150),
        (600.01, 100, 100),
        (900, 50, 100),
        (1199, 50, 50),
        (1200, 0, 50),
        (5000, 0, 0),
    ],
)
def test_bareme_bounds(value: Any, lower_inclusive: int, upper_inclusive: int) -> None:
    assert evaluate({"bareme": [{"var": "qf"}, BRACKETS]}, {"qf": value}) == lower_inclusive
    upper = {"brackets": BRACKETS, "inclusive": "upper"}
    assert evaluate({"bareme": [{"var": "qf"}, upper]}, {"qf": value}) == upper_inclusive


def test_bareme_default_and_gaps() -> None:
    table = {"brackets": [[0, 10, 1], [20, None, 2]], "default": None}
    assert evaluate({"bareme": [15, table]}) is None
    assert evaluate({"bareme": [-1, table]}) is None
    assert evaluate({"bareme": [25, table]}) == 2


def test_bareme_amounts_are_exact() -> None:
    assert evaluate({"bareme": ["612", [[None, None, 612.75]]]}) == Decimal("612.75")


TWO_D = {
    "brackets": [
        [None, 600, {"college": 130, "lycee": 150}],
        [600, None, {"college": 90, "lycee": 110}],
    ],
    "inclusive": "upper",
}


@pytest.mark.parametrize(
    ("qf", "level", "amount"),
    [(600, "college", 130), (601, "lycee", 110), (100, "maternelle", 0)],
)
def test_two_dimensional_bareme(qf: int, level: str, amount: int) -> None:
    rule = {"bareme": [{"var": "qf"}, TWO_D, {"var": "niveau"}]}
    assert evaluate(rule, {"qf": qf, "niveau": level}) == amount


@pytest.mark.parametrize(
    "rule",
    [
        {"bareme": [1, TWO_D]},
        {"bareme": [1, BRACKETS, "college"]},
        {"bareme": [1, []]},
        {"bareme": [1, [[0, 10, 1], [5, 20, 2]]]},
        {"bareme": [1, [[0, 10, 1], [None, 20, 2]]]},
        {"bareme": [1, [[0, None, 1], [20, 30, 2]]]},
        {"bareme": [1, [[10, 0, 1]]]},
        {"bareme": [1, [[0, 10, "cent"]]]},
        {"bareme": [1, [[0, 10]]]},
        {"bareme": [1, {"brackets": BRACKETS, "inclusive": "both"}]},
        {"bareme": [1, {"brackets": BRACKETS, "extra": 1}]},
        {"bareme": [1, [[0, 10, 1], [10, 20, {"a": 1}]]]},
    ],
)
def test_malformed_tables_are_compile_errors(rule: Any) -> None:
    with pytest.raises(RuleSyntaxError):
        evaluate(rule)


def test_bareme_of_a_missing_value_is_an_error_in_plain_mode() -> None:
    with pytest.raises(RuleTypeError):
        evaluate({"bareme": [{"var": "qf"}, BRACKETS]}, {})


CHILDREN = {
    "qf": 612,
    "enfants": [
        {"niveau": "college", "scolarise": True},
        {"niveau": "lycee", "scolarise": True},
        {"niveau": "lycee", "scolarise": False},
    ],
}


def test_sum_of_sees_the_item_and_the_surrounding_data() -> None:
    rule = {
        "sum_of": [
            {"var": "enfants"},
            {
                "if": [
                    {"var": "item.scolarise"},
                    {"bareme": [{"var": "qf"}, TWO_D, {"var": "item.niveau"}]},
                    0,
                ]
            },
        ]
    }
    assert evaluate(rule, CHILDREN) == 90 + 110


def test_count_of() -> None:
    assert evaluate({"count_of": [{"var": "enfants"}, {"var": "item.scolarise"}]}, CHILDREN) == 2
    assert evaluate({"count_of": [{"var": "nope"}, True]}, CHILDREN) == 0
    assert evaluate({"sum_of": [[1, 2.5], {"var": "item"}]}) == Decimal("3.5")


def test_item_shadows_a_top_level_item() -> None:
    assert evaluate({"sum_of": [[1, 2], {"var": "item"}]}, {"item": 100}) == 3
