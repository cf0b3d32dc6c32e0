"""Three-valued scheme evaluation: undetermined is not false; provenance of the values read."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest

from app.rules import (
    AmountStatus,
    Evaluation,
    Facts,
    InvalidRulesError,
    Outcome,
    Provenance,
    evaluate,
    evaluate_rules,
    visible_fields,
)
from app.rules.results import kleene_and

TODAY = date(2026, 9, 1)
QF = {"var": "sources.qf.quotient_familial"}


def criterion(logic: Any) -> dict[str, Any]:
    """A one-criterion rules document."""
    return {"criteria": [{"id": "c", "label": "Critère", "logic": logic}]}


def outcome(logic: Any, data: dict[str, Any]) -> Outcome:
    """The outcome of one criterion on plain data."""
    return evaluate_rules(criterion(logic), data, today=TODAY).criteria[0].outcome


@pytest.mark.parametrize(
    ("logic", "data", "expected"),
    [
        # A missing needed value: undetermined, where plain JsonLogic says false.
        ({"<=": [QF, 800]}, {}, Outcome.UNDETERMINED),
        ({"<=": [QF, 800]}, {"sources": {"qf": {"quotient_familial": None}}}, Outcome.UNDETERMINED),
        ({"<=": [QF, 800]}, {"sources": {"qf": {"quotient_familial": 612}}}, Outcome.TRUE),
        ({"<=": [QF, 800]}, {"sources": {"qf": {"quotient_familial": 900}}}, Outcome.FALSE),
        ({"!": {"var": "x"}}, {}, Outcome.UNDETERMINED),
        ({"==": [{"var": "x"}, None]}, {}, Outcome.UNDETERMINED),
        # Short circuits and Kleene's logic.
        ({"or": [True, {"var": "x"}]}, {}, Outcome.TRUE),
        ({"or": [{"var": "x"}, True]}, {}, Outcome.TRUE),
        ({"or": [{"var": "x"}, False]}, {}, Outcome.UNDETERMINED),
        ({"and": [False, {"var": "x"}]}, {}, Outcome.FALSE),
        ({"and": [{"var": "x"}, {"==": [{"var": "y"}, 2]}]}, {"y": 3}, Outcome.FALSE),
        ({"and": [{"var": "x"}, True]}, {}, Outcome.UNDETERMINED),
        ({"if": [{"var": "x"}, "a", "a"]}, {}, Outcome.TRUE),
        ({"if": [{"var": "x"}, True, False]}, {}, Outcome.UNDETERMINED),
        ({"?:": [{"var": "x"}, False, {"var": "y"}]}, {"y": 0}, Outcome.FALSE),
        # Explicit handling of absence is decided.
        ({"var": ["x", False]}, {}, Outcome.FALSE),
        ({"missing": ["x"]}, {}, Outcome.TRUE),
        ({"!": {"missing": ["x"]}}, {"x": 1}, Outcome.TRUE),
        ({"missing_some": [1, ["x", "y"]]}, {"y": 1}, Outcome.FALSE),
        # Lists: an item with a missing field is undetermined unless another item decides.
        ({"some": [{"var": "e"}, {"var": "ok"}]}, {"e": [{"ok": True}, {}]}, Outcome.TRUE),
        ({"some": [{"var": "e"}, {"var": "ok"}]}, {"e": [{"ok": False}, {}]}, Outcome.UNDETERMINED),
        ({"all": [{"var": "e"}, {"var": "ok"}]}, {"e": [{"ok": False}, {}]}, Outcome.FALSE),
        ({"none": [{"var": "e"}, {"var": "ok"}]}, {"e": [{}]}, Outcome.UNDETERMINED),
        ({"some": [{"var": "e"}, {"var": "ok"}]}, {}, Outcome.UNDETERMINED),
        ({"some": [{"var": "e"}, {"var": "ok"}]}, {"e": []}, Outcome.FALSE),
        (
            {">": [{"count_of": [{"var": "e"}, {"var": "item.ok"}]}, 0]},
            {"e": [{}]},
            Outcome.UNDETERMINED,
        ),
        (
            {"in": ["a", {"map": [{"var": "e"}, {"var": "k"}]}]},
            {"e": [{"k": "b"}, {}]},
            Outcome.UNDETERMINED,
        ),
        (
            {
                "<": [
                    {
                        "reduce": [
                            {"var": "e"},
                            {"+": [{"var": "accumulator"}, {"var": "current"}]},
                            0,
                        ]
                    },
                    5,
                ]
            },
            {"e": [1, None]},
            Outcome.UNDETERMINED,
        ),
        (
            {"==": [{"filter": [{"var": "e"}, {"var": "ok"}]}, []]},
            {"e": [{}]},
            Outcome.UNDETERMINED,
        ),
    ],
)
def test_three_valued_outcomes(logic: Any, data: dict[str, Any], expected: Outcome) -> None:
    assert outcome(logic, data) is expected


def test_plain_evaluation_says_false_where_the_scheme_says_undetermined() -> None:
    rule = {"<=": [QF, 800]}
    assert evaluate(rule, {}) is False
    assert outcome(rule, {}) is Outcome.UNDETERMINED


def test_an_evaluation_error_makes_the_criterion_undetermined() -> None:
    result = evaluate_rules(criterion({"<": [{"/": [1, {"var": "n"}]}, 2]}), {"n": 0}).criteria[0]
    assert result.outcome is Outcome.UNDETERMINED
    assert result.trace.error == "Division par zéro"


def test_undetermined_lists_the_missing_values_it_needed() -> None:
    logic = {"and": [{"var": "form.a"}, {"var": "form.b"}, {"var": "form.c"}]}
    result = evaluate_rules(criterion(logic), {"form": {"b": True}}).criteria[0]
    assert result.outcome is Outcome.UNDETERMINED
    assert result.trace.missing == ("form.a", "form.c")


@pytest.mark.parametrize(
    ("outcomes", "expected"),
    [
        ([], Outcome.TRUE),
        ([Outcome.TRUE, Outcome.TRUE], Outcome.TRUE),
        ([Outcome.TRUE, Outcome.UNDETERMINED], Outcome.UNDETERMINED),
        ([Outcome.UNDETERMINED, Outcome.FALSE], Outcome.FALSE),
    ],
)
def test_eligibility_is_the_kleene_and_of_the_criteria(outcomes, expected) -> None:
    assert kleene_and(outcomes) is expected


SCHEME = {
    "criteria": [
        {
            "id": "residence",
            "label": "Résider à Val-Fleuri",
            "logic": {"==": [{"var": "form.commune"}, "val-fleuri"]},
        },
        {"id": "qf", "label": "QF ≤ 800 €", "logic": {"<=": [QF, 800]}},
    ],
    "amount": {"bareme": [QF, [[None, 600, 150], [600, 800, 100.5], [800, None, 0]]]},
}


def facts(commune: str | None = "val-fleuri", qf: Any = 612) -> Facts:
    """Facts for SCHEME, with the CNAF source."""
    form = {} if commune is None else {"commune": commune}
    source = {} if qf is None else {"quotient_familial": qf}
    return Facts.build(
        form,
        {"qf": source},
        {"qf": "CNAF via API Particulier"},
        {"qf": datetime(2026, 9, 1, 8, 30)},
    )


def test_eligible_with_amount_and_provenance() -> None:
    evaluation = evaluate_rules(SCHEME, facts(qf=700), today=TODAY)
    assert evaluation.eligible is Outcome.TRUE
    assert evaluation.amount == Decimal("100.5")
    assert evaluation.amount_result.status is AmountStatus.COMPUTED
    residence, qf = evaluation.criteria
    (commune,) = residence.values_read
    assert (commune.path, commune.value, commune.provenance) == (
        "form.commune",
        "val-fleuri",
        Provenance.form(),
    )
    (quotient,) = qf.values_read
    assert quotient.value == 700
    assert quotient.provenance == Provenance.data_source(
        "qf", "CNAF via API Particulier", datetime(2026, 9, 1, 8, 30)
    )


def test_ineligible_has_no_amount_and_names_the_failing_criteria() -> None:
    evaluation = evaluate_rules(SCHEME, facts(commune="ailleurs", qf=900), today=TODAY)
    assert evaluation.eligible is Outcome.FALSE
    assert evaluation.amount is None
    assert evaluation.amount_result.status is AmountStatus.NOT_ELIGIBLE
    assert evaluation.failing_criteria == ("residence", "qf")


def test_undetermined_eligibility_with_a_provisional_amount() -> None:
    evaluation = evaluate_rules(SCHEME, facts(commune=None, qf=500), today=TODAY)
    assert evaluation.eligible is Outcome.UNDETERMINED
    assert evaluation.undetermined_criteria == ("residence",)
    assert evaluation.amount == 150
    assert evaluation.amount_result.status is AmountStatus.PROVISIONAL


def test_undetermined_eligibility_and_amount() -> None:
    evaluation = evaluate_rules(SCHEME, facts(qf=None), today=TODAY)
    assert evaluation.eligible is Outcome.UNDETERMINED
    assert evaluation.amount is None
    assert evaluation.amount_result.status is AmountStatus.UNDETERMINED
    assert evaluation.amount_result.trace.missing == ("sources.qf.quotient_familial",)


def test_amount_errors_and_schemes_without_amount() -> None:
    broken = {**SCHEME, "amount": {"cat": ["cent", " euros"]}}
    assert evaluate_rules(broken, facts()).amount_result.status is AmountStatus.ERROR
    without = {"criteria": SCHEME["criteria"]}
    assert evaluate_rules(without, facts()).amount_result.status is AmountStatus.NO_AMOUNT


def test_an_explicit_combinator() -> None:
    scheme = {
        **SCHEME,
        "combinator": {"or": [{"var": "residence"}, {"var": "qf"}]},
    }
    assert evaluate_rules(scheme, facts(commune="ailleurs")).eligible is Outcome.TRUE
    assert evaluate_rules(scheme, facts(commune="ailleurs", qf=None)).eligible is (
        Outcome.UNDETERMINED
    )
    assert evaluate_rules(scheme, facts(commune="ailleurs", qf=950)).eligible is Outcome.FALSE


def test_longest_prefix_provenance() -> None:
    found = Facts(
        {"sources": {"qf": {"quotient_familial": 1}, "autre": {"x": 2}}},
        {
            "sources": Provenance("agent", "saisie agent"),
            "sources.qf": Provenance.data_source("qf", "CNAF"),
        },
    )
    assert found.provenance_of("sources.qf.quotient_familial").label == "CNAF"
    assert found.provenance_of("sources.qfx").label == "saisie agent"
    assert found.provenance_of("sources.autre.x").label == "saisie agent"
    assert found.provenance_of("form.a") is None


def test_the_evaluation_round_trips_through_json() -> None:
    evaluation = evaluate_rules(SCHEME, facts(qf=Decimal("700.25")), today=TODAY)
    stored = json.loads(json.dumps(evaluation.to_dict()))
    assert stored["eligible"] is True
    assert stored["amount"]["value"] == "100.5"
    assert stored["today"] == "2026-09-01"
    assert Evaluation.from_dict(stored) == evaluation


def test_today_is_injected() -> None:
    scheme = criterion({">=": [{"age": [{"var": "form.naissance"}]}, 18]})
    data = {"form": {"naissance": "2008-09-02"}}
    assert evaluate_rules(scheme, data, today=date(2026, 9, 1)).eligible is Outcome.FALSE
    assert evaluate_rules(scheme, data, today=date(2026, 9, 2)).eligible is Outcome.TRUE


def test_invalid_documents_are_refused_with_every_problem() -> None:
    with pytest.raises(InvalidRulesError) as raised:
        evaluate_rules({"criteria": [{"id": "A", "label": "", "logic": {"method": []}}]}, {})
    assert len(raised.value.problems) >= 3


def test_display_conditions() -> None:
    scheme = {
        "criteria": [],
        "display_conditions": {
            "justificatif_qf": {"!": {"var": "form.allocataire_caf"}},
            "college": {"==": [{"var": "form.niveau"}, "college"]},
        },
    }
    assert visible_fields(scheme, {"form": {"allocataire_caf": False, "niveau": "college"}}) == {
        "justificatif_qf": True,
        "college": True,
    }
    assert visible_fields(scheme, {"form": {}}) == {"justificatif_qf": False, "college": False}


def test_reduce_accumulator_null_is_a_value_not_missing_data() -> None:
    """Found by hypothesis: a fold without an initial value starts at null, which is the rule's own
    value — scheme evaluation must not treat it as a missing datum (and use the var default)."""
    logic = {"reduce": [[1], {"var": ["accumulator", 1]}]}
    rules = {"criteria": [{"id": "a", "label": "A", "logic": logic}]}
    result = evaluate_rules(rules, Facts({}), today=date(2026, 1, 1))
    assert evaluate(logic, {}) is None
    assert result.criteria[0].outcome is Outcome.FALSE
