"""French formatting of numbers, money and dates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from app.rules.formatting import (
    THOUSANDS,
    UNIT,
    format_date,
    format_money,
    format_number,
    format_value,
)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (612, "612 €"),
        (1225.5, "1 225,50 €"),
        (Decimal("1225.00"), "1 225 €"),
        (1234567.891, "1 234 567,89 €"),
        (-50, "-50 €"),
        (0.5, "0,50 €"),
    ],
)
def test_money(value: Any, text: str) -> None:
    assert format_money(value) == text.replace(" €", f"{UNIT}€").replace(" ", THOUSANDS)


@pytest.mark.parametrize(
    ("value", "text"), [(1225, "1 225"), (Decimal("0.25"), "0,25"), (-1000.5, "-1 000,5")]
)
def test_numbers(value: Any, text: str) -> None:
    assert format_number(value) == text.replace(" ", THOUSANDS)


def test_dates() -> None:
    assert format_date("2026-09-01") == "01/09/2026"
    assert format_date(date(2026, 9, 1)) == "01/09/2026"


@pytest.mark.parametrize(
    ("value", "spec", "text"),
    [
        (None, None, "donnée manquante"),
        (True, None, "oui"),
        (0, {"type": "boolean"}, "non"),
        ("2026-09-01", None, "01/09/2026"),
        ("2026-13-01", None, "2026-13-01"),
        (3, {"type": "integer", "unit": "enfants"}, f"3{UNIT}enfants"),
        (["a", "b"], None, "a, b"),
        ([{"a": 1}], None, "1 élément"),
        ("texte", {"type": "string"}, "texte"),
    ],
)
def test_values(value: Any, spec: Any, text: str) -> None:
    assert format_value(value, spec) == text


def test_choice_values_are_shown_with_their_titles() -> None:
    spec = {"type": "string", "labels": {"college": "Collège", "lycee": "Lycée", "1": "Un"}}
    assert format_value("college", spec) == "Collège"
    assert format_value(["college", "lycee"], spec) == "Collège, Lycée"
    assert format_value(1, spec) == "Un"
    assert format_value("autre", spec) == "autre"
    assert format_value(True, {"labels": {"True": "x"}}) == "oui"
