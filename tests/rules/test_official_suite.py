"""The official JsonLogic suite (all 277 cases) and the compatible parts of the community suites."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.rules import RuleEvaluationError, evaluate
from app.rules.numbers import is_number, to_number

DATA = Path(__file__).parent / "data"


def _official() -> list[Any]:
    cases = json.loads((DATA / "tests.json").read_text(encoding="utf-8"))
    params, section = [], ""
    for case in cases:
        if isinstance(case, str):
            section = case.strip("# ")
            continue
        rule, data, expected = case
        params.append(pytest.param(rule, data, expected, id=f"{len(params)}-{section[:40]}"))
    return params


OFFICIAL = _official()


def same_json(result: Any, expected: Any) -> bool:
    """Equal as JSON values: numbers by value (our decimals equal their floats), booleans only
    equal booleans."""
    if isinstance(expected, bool) or isinstance(result, bool):
        return type(result) is type(expected) and result == expected
    if is_number(expected) or is_number(result):
        return (
            is_number(expected) and is_number(result) and to_number(result) == to_number(expected)
        )
    if isinstance(expected, list) and isinstance(result, list):
        return len(result) == len(expected) and all(map(same_json, result, expected))
    if isinstance(expected, dict) and isinstance(result, dict):
        return result.keys() == expected.keys() and all(
            same_json(result[k], expected[k]) for k in expected
        )
    return type(result) is type(expected) and result == expected


def test_the_official_suite_has_277_cases() -> None:
    assert len(OFFICIAL) == 277


@pytest.mark.parametrize(("rule", "data", "expected"), OFFICIAL)
def test_official_case(rule: Any, data: Any, expected: Any) -> None:
    assert same_json(evaluate(rule, data), expected)


# Community suites (json-logic/compat-tables @ ee046c7). Where Tremplin follows the reference
# (json-logic-qubit) rather than these suites' newer engines, the case is listed with the reason.
KNOWN_DIFFERENCES = {
    ("reduce.json", "Initial value is optional"): (
        "without an initial value the accumulator starts at null, as in the reference; "
        "null + 1 is an error"
    ),
}


def _compat() -> list[Any]:
    params = []
    for path in sorted((DATA / "compat").glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8")):
            if isinstance(case, str):
                continue
            key = (path.name, case["description"])
            marks = (
                [pytest.mark.xfail(reason=KNOWN_DIFFERENCES[key], strict=True)]
                if (key in KNOWN_DIFFERENCES)
                else []
            )
            params.append(
                pytest.param(case, id=f"{path.stem}: {case['description'][:50]}", marks=marks)
            )
    return params


@pytest.mark.parametrize("case", _compat())
def test_compat_case(case: dict[str, Any]) -> None:
    if "error" in case:
        with pytest.raises(RuleEvaluationError):
            evaluate(case["rule"], case.get("data"))
    else:
        assert same_json(evaluate(case["rule"], case.get("data")), case["result"])
