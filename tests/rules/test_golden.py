"""Golden personas: the demo schemes pass; a wrong expectation is reported readably."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.rules import Outcome, Persona, evaluate, run_golden_tests

SCHEMES = sorted((Path(__file__).parent / "data" / "schemes").glob("*.json"))


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", SCHEMES, ids=lambda p: p.stem)
def test_the_demo_schemes_personas_pass(path: Path) -> None:
    report = run_golden_tests(load(path))
    assert report.passed, report.summary()
    assert len(report.results) >= 5


def test_a_failing_persona_says_what_differs() -> None:
    document = load(SCHEMES[-1])  # val-fleuri-fournitures
    persona = dict(document["personas"][0])
    persona["expected"] = {"eligible": False, "amount": "150", "failing_criteria": ["residence"]}
    report = run_golden_tests(document, [persona])
    assert not report.passed
    (result,) = report.failures
    assert result.differences == (
        "éligibilité attendue : non, obtenue : oui",
        "montant attendu : 150\u00a0€, obtenu : 160\u00a0€",
        "critères non remplis attendus : residence, obtenus : aucun",
    )
    assert "✗ Famille Martin" in report.summary()
    assert report.to_dict()["passed"] is False


def test_expectations_left_out_are_not_checked() -> None:
    document = load(SCHEMES[-1])
    persona = {**document["personas"][0], "expected": {"eligible": True}}
    assert run_golden_tests(document, [persona]).passed


def test_persona_today_wins_over_the_argument() -> None:
    document = {
        "criteria": [
            {
                "id": "majeur",
                "label": "Être majeur",
                "logic": {">=": [{"age": [{"var": "form.naissance"}]}, 18]},
            }
        ]
    }
    persona = {
        "name": "Né le 2 septembre 2008",
        "form": {"naissance": "2008-09-02"},
        "expected": {"eligible": True},
    }
    assert not run_golden_tests(document, [persona], today=date(2026, 9, 1)).passed
    assert run_golden_tests(document, [persona], today=date(2026, 9, 2)).passed
    dated = {**persona, "today": "2026-09-02"}
    assert run_golden_tests(document, [dated], today=date(2026, 9, 1)).passed
    assert Persona.from_dict(dated).today == date(2026, 9, 2)


CLASSIC = json.loads((Path(__file__).parent / "data" / "bench-classic.json").read_text("utf-8"))


@pytest.mark.parametrize("path", SCHEMES, ids=lambda p: p.stem)
def test_the_benchmark_rules_agree_with_the_native_rules(path: Path) -> None:
    """bench-classic.json rewrites the demo schemes in classic JsonLogic for json-logic-qubit;
    on the personas with complete data both give the same eligibility and amount."""
    classic = CLASSIC[path.stem]
    report = run_golden_tests(load(path))
    for result in report.results:
        evaluation = result.evaluation
        if evaluation.eligible is Outcome.UNDETERMINED or evaluation.amount_result.trace.missing:
            continue
        persona = next(p for p in load(path)["personas"] if p["name"] == result.name)
        data = {"form": persona.get("form", {}), "sources": persona.get("sources", {})}
        outcomes = {cid: bool(evaluate(logic, data)) for cid, logic in classic["criteria"].items()}
        assert outcomes == {c.id: c.outcome.value == "true" for c in evaluation.criteria}
        if evaluation.amount is not None:
            assert evaluate(classic["amount"], data) == evaluation.amount
