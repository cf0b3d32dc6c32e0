"""Batch evaluation with totals (the what-if screen)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from app.rules import Facts, Outcome, simulate

DOCUMENT = json.loads(
    (Path(__file__).parent / "data" / "schemes" / "haut-val-colleges.json").read_text("utf-8")
)


def rows() -> list[Facts]:
    return [Facts.build(p.get("form"), p.get("sources")) for p in DOCUMENT["personas"]]


def test_totals() -> None:
    result = simulate(DOCUMENT, rows(), today=date(2026, 9, 1))
    assert result.count == 5
    assert (result.eligible, result.ineligible, result.undetermined) == (2, 2, 1)
    assert result.total_amount == Decimal(500)
    assert result.provisional_amount == Decimal(100)
    assert [e.eligible for e in result.evaluations][:3] == [
        Outcome.TRUE,
        Outcome.TRUE,
        Outcome.FALSE,
    ]


def test_a_changed_rule_changes_the_totals() -> None:
    changed = json.loads(json.dumps(DOCUMENT))
    changed["amount"]["bareme"][1][2][2] = 350  # échelon 3: 300 € → 350 €
    assert simulate(changed, rows()).total_amount == Decimal(550)


def test_plain_mappings_and_json() -> None:
    data = [
        {
            "form": {"date_naissance": "2013-03-15"},
            "sources": {
                "scolarite": {"departement_etablissement": "99", "niveau": "4e"},
                "bourse": {"echelon": 1},
            },
        }
    ]
    result = simulate(DOCUMENT, data, today=date(2026, 9, 1))
    totals = result.to_dict(with_rows=False)
    assert totals == {
        "count": 1,
        "eligible": 1,
        "ineligible": 0,
        "undetermined": 0,
        "total_amount": "100",
        "provisional_amount": "0",
    }
    assert len(result.to_dict()["rows"]) == 1


def test_no_rows() -> None:
    result = simulate(DOCUMENT, [])
    assert (result.count, result.total_amount) == (0, Decimal(0))
