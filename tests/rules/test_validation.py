"""Validation before storage: every problem at once, with a JSON pointer and a French message."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from app.rules import OPERATORS, validate_logic, validate_rules
from app.rules.schemas import (
    LOGIC_SCHEMA_ID,
    RULES_SCHEMA_ID,
    SCHEMA_BASE,
    SCHEMA_DIR,
    load_schemas,
    validator,
)

SCHEMES = sorted((Path(__file__).parent / "data" / "schemes").glob("*.json"))
VALID = {
    "criteria": [
        {
            "id": "residence",
            "label": "Résider à Val-Fleuri",
            "logic": {"==": [{"var": "form.commune"}, "val-fleuri"]},
        },
        {
            "id": "qf",
            "label": "QF ≤ 800 €",
            "logic": {"<=": [{"var": "sources.qf.quotient_familial"}, 800]},
        },
    ],
    "amount": {"bareme": [{"var": "sources.qf.quotient_familial"}, [[None, 600, 150]]]},
    "display_conditions": {"justificatif": {"!": {"var": "form.allocataire"}}},
    "personas": [{"name": "A", "expected": {"eligible": True, "failing_criteria": []}}],
}


@pytest.mark.parametrize("path", SCHEMES, ids=lambda p: p.stem)
def test_the_demo_schemes_are_valid(path: Path) -> None:
    assert validate_rules(json.loads(path.read_text(encoding="utf-8"))) == []


def test_a_valid_document() -> None:
    assert validate_rules(VALID) == []


def _problems(document: Any) -> list[tuple[str, str]]:
    return [(p.path, p.code) for p in validate_rules(document)]


def test_all_problems_are_reported_at_once_with_their_location() -> None:
    document = copy.deepcopy(VALID)
    document["criteria"][1]["logic"] = {"and": [{"var": "x"}, {"method": ["a", "b"]}]}
    document["criteria"][0]["id"] = "Residence"
    document["criteria"].append({"id": "qf", "label": "", "logic": {"==": [1]}})
    document["amount"] = {"bareme": [1, [[0, 10, 1], [5, 20, 2]]]}
    document["personas"][0]["expected"]["failing_criteria"] = ["inconnu"]
    found = _problems(document)
    assert ("/criteria/1/logic/and/1", "refused_operator") in found
    assert ("/criteria/0/id", "schema") in found
    assert ("/criteria/2/logic", "arity") in found
    assert ("/criteria/2/label", "schema") in found
    assert ("/amount/bareme/1/1/0", "bareme") in found
    assert ("/personas/0/expected/failing_criteria/0", "unknown_criterion") in found


def test_messages_are_french() -> None:
    document = copy.deepcopy(VALID)
    document["criteria"][0]["logic"] = {"nope": 1}
    document["criteria"][1]["id"] = "residence"
    messages = {p.path: p.message for p in validate_rules(document)}
    assert messages["/criteria/0/logic"] == "Opération inconnue : « nope »"
    assert messages["/criteria/1/id"] == "Identifiant de critère en double : « residence »"


def test_schema_problems_are_translated() -> None:
    document = {"criteria": [{"id": "a", "logic": True}], "extra": 1}
    messages = {p.path: p.message for p in validate_rules(document)}
    assert messages["/criteria/0"] == "Champ obligatoire manquant : « label »"
    assert messages[""] == "Champ non prévu par le schéma des règles"


def test_the_combinator_may_only_cite_criteria() -> None:
    document = {**VALID, "combinator": {"or": [{"var": "residence"}, {"var": "ailleurs"}]}}
    assert _problems(document) == [("/combinator", "unknown_criterion")]


def test_duplicate_personas() -> None:
    persona = {"name": "A", "expected": {"eligible": "undetermined"}}
    assert _problems({**VALID, "personas": [persona, persona]}) == [
        ("/personas/1/name", "duplicate_persona")
    ]


def test_not_an_object() -> None:
    assert _problems([]) == [("", "schema")]


@pytest.mark.parametrize(
    ("logic", "expected"),
    [
        ({"a": 1, "b": 2}, [("", "literal_object")]),
        ({}, [("", "literal_object")]),
        ({"var": {"cat": ["form.", "x"]}}, [("/var", "dynamic_variable")]),
        ({"date_add": ["2026-01-01", 1, "jours"]}, [("/date_add/2", "unit")]),
        ({"+": [float("nan")]}, [("/+/0", "number")]),
        ({"==": [{"var": "x"}, {"nope": []}]}, [("/==/1", "unknown_operator")]),
        ({"today": [1]}, [("", "arity")]),
        (
            {"bareme": [{"var": "q"}, {"brackets": [[0, 1, 2]], "inclusive": "x"}]},
            [("/bareme/1/inclusive", "bareme")],
        ),
        ({"<=": [{"var": "x"}, 800]}, []),
        ([{"var": "a"}, 1, "b"], []),
    ],
)
def test_logic_problems(logic: Any, expected: list[tuple[str, str]]) -> None:
    assert [(p.path, p.code) for p in validate_logic(logic)] == expected


def test_a_json_path_prefix_can_be_given() -> None:
    (problem,) = validate_logic({"nope": 1}, path="/criteria/3/logic")
    assert problem.path == "/criteria/3/logic"
    assert problem.to_dict() == {
        "path": "/criteria/3/logic",
        "message": "Opération inconnue : « nope »",
        "code": "unknown_operator",
    }


def test_schemas_are_valid_draft_2020_12_with_stable_ids() -> None:
    schemas = load_schemas()
    assert set(schemas) == {LOGIC_SCHEMA_ID, RULES_SCHEMA_ID}
    for schema_id, schema in schemas.items():
        Draft202012Validator.check_schema(schema)
        assert schema_id.startswith(f"{SCHEMA_BASE}rules/v1/")
        assert (SCHEMA_DIR / schema_id.rsplit("/", 1)[1]).exists()


def test_validators_are_built_once() -> None:
    assert validator(RULES_SCHEMA_ID) is validator(RULES_SCHEMA_ID)


def test_the_logic_schema_lists_exactly_the_registered_operators() -> None:
    operation = load_schemas()[LOGIC_SCHEMA_ID]["$defs"]["operation"]
    assert set(operation["propertyNames"]["enum"]) == set(OPERATORS)
    assert set(operation["properties"]) == set(OPERATORS)
    for name, spec in operation["properties"].items():
        if name in ("var", "bareme"):
            continue
        array = spec["anyOf"][0] if "anyOf" in spec else spec
        assert array["minItems"] == OPERATORS[name].min_args, name
        assert array.get("maxItems") == OPERATORS[name].max_args, name
