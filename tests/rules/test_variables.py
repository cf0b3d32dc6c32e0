"""Which variables a rule reads."""

from __future__ import annotations

import json
from pathlib import Path

from app.rules import document_variables, variables_of

DATA = Path(__file__).parent / "data" / "schemes"


def test_plain_reads() -> None:
    rule = {
        "and": [
            {"<=": [{"var": "sources.qf.quotient_familial"}, 800]},
            {"==": [{"var": ["form.commune", "x"]}, "val-fleuri"]},
            {"missing": ["form.a", "form.b"]},
            {"missing_some": [1, ["form.c"]]},
            {"var": 0},
            {"var": ""},
        ]
    }
    assert variables_of(rule) == {
        "sources.qf.quotient_familial",
        "form.commune",
        "form.a",
        "form.b",
        "form.c",
        "0",
    }


def test_bareme_values_but_not_its_table() -> None:
    rule = {"bareme": [{"var": "q"}, {"brackets": [[0, 1, 2]], "default": 0}, {"var": "col"}]}
    assert variables_of(rule) == {"q", "col"}


def test_iterations_report_the_list_and_optionally_the_item_fields() -> None:
    rule = {
        "or": [
            {"some": [{"var": "form.enfants"}, {"==": [{"var": "niveau"}, "college"]}]},
            {
                "reduce": [
                    {"var": "form.revenus"},
                    {"+": [{"var": "accumulator"}, {"var": "current.montant"}]},
                    0,
                ]
            },
            {
                "sum_of": [
                    {"var": "form.enfants"},
                    {
                        "bareme": [
                            {"var": "sources.qf.quotient_familial"},
                            [[None, None, {"a": 1}]],
                            {"var": "item.niveau"},
                        ]
                    },
                ]
            },
            {"map": [[1, 2], {"var": "x"}]},
        ]
    }
    assert variables_of(rule) == {"form.enfants", "form.revenus", "sources.qf.quotient_familial"}
    assert variables_of(rule, item_paths=True) == {
        "form.enfants",
        "form.enfants.*.niveau",
        "form.revenus",
        "form.revenus.*.montant",
        "sources.qf.quotient_familial",
    }


def test_a_whole_document() -> None:
    document = json.loads((DATA / "val-fleuri-fournitures.json").read_text(encoding="utf-8"))
    assert document_variables(document) == {
        "form.commune",
        "form.enfants",
        "form.allocataire_caf",
        "sources.qf.quotient_familial",
    }
    assert "form.enfants.*.niveau" in document_variables(document, item_paths=True)
    assert "form.enfants.*.scolarise" in document_variables(document, item_paths=True)
