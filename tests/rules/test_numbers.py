"""Exact decimal arithmetic: no float drift, no Decimal truncation, documented precision."""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any

import pytest

from app.rules import RuleTypeError, RuleValueError, RuleZeroDivisionError, evaluate
from app.rules.numbers import decimal_text, round_half_up, to_number, to_text


@pytest.mark.parametrize(
    ("rule", "data", "expected"),
    [
        ({"*": [{"var": "x"}, 2]}, {"x": Decimal("612.50")}, Decimal("1225.00")),
        ({"*": ["612.50", 2]}, {}, Decimal("1225.00")),
        ({"*": [{"var": "x"}, 2]}, {"x": 612.5}, Decimal("1225.0")),
        ({"+": [0.1, 0.2]}, {}, Decimal("0.3")),
        ({"-": [0.3, 0.1]}, {}, Decimal("0.2")),
        ({"*": [1.1, 1.1]}, {}, Decimal("1.21")),
        ({"/": [1, 4]}, {}, Decimal("0.25")),
        ({"/": [6, 3]}, {}, 2),
        ({"/": [Decimal("1225.00"), 2]}, {}, Decimal("612.50")),
        ({"%": [-7, 3]}, {}, 2),
        ({"%": [Decimal("-7.5"), 2]}, {}, Decimal("0.5")),
        (
            {"+": [{"var": "a"}, {"var": "b"}, {"var": "c"}]},
            {"a": 0.1, "b": 0.1, "c": 0.1},
            Decimal("0.3"),
        ),
        ({"min": [Decimal("1.10"), 2]}, {}, Decimal("1.10")),
        ({"+": "612.50"}, {}, Decimal("612.50")),
    ],
)
def test_arithmetic_is_exact(rule: Any, data: Any, expected: Any) -> None:
    result = evaluate(rule, data)
    assert result == expected
    assert str(result) == str(expected)  # same scale: 1225.00 stays 1225.00


def test_sums_compare_exactly() -> None:
    assert evaluate({"==": [{"+": [0.1, 0.2]}, 0.3]}) is True
    assert evaluate({"===": [{"*": [{"var": "x"}, 2]}, 1225]}, {"x": Decimal("612.50")}) is True
    assert evaluate({"<=": [{"+": [0.1, 0.2]}, 0.3]}) is True


def test_division_keeps_28_significant_digits() -> None:
    third = evaluate({"/": [1, 3]})
    assert third == Decimal("0.3333333333333333333333333333")
    assert evaluate({"/": [2, 3]}) == Decimal("0.6666666666666666666666666667")  # half-even


def test_the_thread_decimal_context_does_not_matter() -> None:
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        ctx.rounding = decimal.ROUND_DOWN
        assert evaluate({"*": ["612.50", 2]}) == Decimal("1225.00")
        assert evaluate({"/": [1, 3]}) == Decimal("0.3333333333333333333333333333")


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (2.5, 0, 3),
        (-2.5, 0, -3),
        (2.345, 2, Decimal("2.35")),
        ("1225.005", 2, Decimal("1225.01")),
        (Decimal("1225.5"), 2, Decimal("1225.50")),
        (1234, -2, 1200),
        (1250, -2, 1300),
    ],
)
def test_round_is_half_up(value: Any, digits: int, expected: Any) -> None:
    assert evaluate({"round": [value, digits]}) == expected
    assert str(round_half_up(to_number(value), digits)) == str(expected)


def test_round_defaults_to_whole_units() -> None:
    assert evaluate({"round": [{"/": [1225, 2]}]}) == 613
    assert type(evaluate({"round": [612.4]})) is int


def test_round_refuses_silly_precisions() -> None:
    with pytest.raises(RuleValueError):
        evaluate({"round": [1, 50]})


@pytest.mark.parametrize(
    ("rule", "error"),
    [
        ({"/": [1, 0]}, RuleZeroDivisionError),
        ({"/": [Decimal("1.5"), 0.0]}, RuleZeroDivisionError),
        ({"%": [1, 0]}, RuleZeroDivisionError),
        ({"+": ["abc", 1]}, RuleValueError),
        ({"+": [None, 1]}, RuleTypeError),
        ({"*": [[1], 2]}, RuleTypeError),
    ],
)
def test_arithmetic_errors(rule: Any, error: type[Exception]) -> None:
    with pytest.raises(error):
        evaluate(rule)


def test_errors_are_also_builtin_errors() -> None:
    with pytest.raises(ZeroDivisionError):
        evaluate({"/": [1, 0]})
    with pytest.raises(ValueError, match="n'est pas un nombre"):
        evaluate({"+": ["abc"]})


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("1225.00"), "1225"),
        (Decimal("2.50"), "2.5"),
        (Decimal("0.3333333333333333333333333333"), "0.3333333333333333"),
        (1.5, "1.5"),
        (True, "True"),
    ],
)
def test_numbers_are_written_like_the_reference_writes_them(value: Any, text: str) -> None:
    assert to_text(value) == text
    assert evaluate({"cat": [value]}) == text


def test_decimal_text_of_integral_values_has_no_fraction() -> None:
    assert decimal_text(Decimal("1E+3")) == "1000"
