"""Values typed the French way in the builders."""

from __future__ import annotations

import pytest

from app.schemes.builder_values import format_value, parse_number, parse_value, slug, unique


@pytest.mark.parametrize(
    ("text", "value"),
    [("1200", 1200), ("1 200,50", 1200.5), ("12,00", 12), ("-3", -3), ("0,1", 0.1)],
)
def test_french_numbers(text, value):
    assert parse_number(text) == value
    assert parse_number(format_value(value, "number")) == value


@pytest.mark.parametrize("text", ["douze", "1e5", "", "1,2,3", "NaN"])
def test_not_numbers(text):
    with pytest.raises(ValueError, match="Saisissez"):
        parse_number(text)


def test_typed_values():
    assert parse_value("03/12/1989", "date") == "1989-12-03"
    assert parse_value("oui", "boolean") is True
    with pytest.raises(ValueError, match="date"):
        parse_value("31/02/2015", "date")


def test_identifiers():
    assert slug("Quotient familial (CAF)", "_", "champ") == "quotient_familial_caf"
    assert slug("2e enfant", "-", "etape") == "etape-2e-enfant"
    assert unique("qf", {"qf", "qf_2"}, "_") == "qf_3"
