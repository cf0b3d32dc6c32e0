"""Golden personas: the demo schemes pass; a wrong expectation is reported readably."""

from __future__ import annotations

import json
import warnings
from datetime import date
from pathlib import Path
from typing import Any

import json_logic  # noqa: TID251 - the reference implementation, compared here only
import pytest

from app.rules import OPERATORS, Outcome, Persona, evaluate, run_golden_tests

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


ROOT = Path(__file__).resolve().parents[2]
SEED_SCHEMES = sorted((ROOT / "seed" / "schemes").glob("*/*.json"))
CLASSIC = json.loads((Path(__file__).parent / "data" / "bench-classic.json").read_text("utf-8"))
DEMO_DAY = date(2026, 11, 27)


def seed_key(path: Path) -> str:
    """``collectivité/dispositif``: a demo scheme's key in bench-classic.json."""
    return f"{path.parent.name}/{path.stem}"


def classic_rules(key: str, rules: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    """The criteria (by id) and amount that bench/rules.py gives json-logic-qubit: the rewrites of
    bench-classic.json, the scheme's own rules elsewhere (as bench/rules.py assembles them)."""
    rewrites = CLASSIC[key]
    criteria = {
        c["id"]: rewrites.get("criteria", {}).get(c["id"], c["logic"]) for c in rules["criteria"]
    }
    return criteria, rewrites.get("amount", rules.get("amount"))


def operators(logic: Any) -> set[str]:
    """Every operator name a rule uses."""
    if isinstance(logic, list):
        return set().union(*map(operators, logic)) if logic else set()
    if isinstance(logic, dict) and len(logic) == 1:
        ((name, args),) = logic.items()
        return {name} | operators(args)
    return set()


def test_every_demo_scheme_has_a_benchmark_entry() -> None:
    assert len(SEED_SCHEMES) == 4
    assert {seed_key(path) for path in SEED_SCHEMES} == {k for k in CLASSIC if k[0] != "$"}


@pytest.mark.parametrize("path", SEED_SCHEMES, ids=seed_key)
def test_the_benchmark_rules_agree_with_the_native_rules(path: Path) -> None:
    """bench-classic.json rewrites the demo schemes' Tremplin operations in classic JsonLogic for
    json-logic-qubit; on the personas with complete data, those rules give the native rules'
    criteria and amount, in our engine and in the reference."""
    bundle = load(path)
    rules = bundle["rules"]
    criteria, amount = classic_rules(seed_key(path), rules)
    tremplin = {name for name, op in OPERATORS.items() if op.family == "tremplin"}
    assert not operators([*criteria.values(), amount]) & tremplin
    report = run_golden_tests(rules, bundle["tests"], today=DEMO_DAY)
    assert report.passed, report.summary()
    compared = 0
    for persona, result in zip(bundle["tests"], report.results, strict=True):
        evaluation = result.evaluation
        traces = [c.trace for c in evaluation.criteria] + [evaluation.amount_result.trace]
        if evaluation.eligible is Outcome.UNDETERMINED or any(t.missing for t in traces):
            continue
        compared += 1
        data = {"form": persona.get("form", {}), "sources": persona.get("sources", {})}
        native = {c.id: c.outcome is Outcome.TRUE for c in evaluation.criteria}
        assert {cid: bool(evaluate(logic, data)) for cid, logic in criteria.items()} == native
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            theirs = {cid: bool(json_logic.jsonLogic(rule, data)) for cid, rule in criteria.items()}
            reference_amount = json_logic.jsonLogic(amount, data) if amount else None
        assert theirs == native
        if amount is not None:
            expected = evaluate(rules["amount"], data)
            assert evaluate(amount, data) == expected
            assert reference_amount == expected
            assert evaluation.amount in (None, expected)
    assert compared >= 5
