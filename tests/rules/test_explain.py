"""French explanations of evaluations (CRPA L311-3-1)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from app.rules import Facts, evaluate_rules, explain
from app.rules.explain import simple_comparison
from app.rules.formatting import THOUSANDS, UNIT

TODAY = date(2026, 9, 1)
QF = "sources.qf.quotient_familial"
CATALOGUE = {
    QF: {"label": "Quotient familial CAF", "type": "money", "unit": "€"},
    "form.commune": {"label": "Commune", "type": "string"},
    "form.naissance": {"label": "Date de naissance", "type": "date"},
    "form.enfants": {"label": "Enfants"},
}


def _fr(text: str) -> str:
    """Write the test's plain spaces in numbers the French typographic way."""
    return text.replace("1 225", f"1{THOUSANDS}225").replace(" €", f"{UNIT}€")


def explained(
    logic: Any,
    form: dict[str, Any] | None = None,
    qf: Any = 612,
    amount: Any = None,
    variables: Any = CATALOGUE,
) -> list[str]:
    document: dict[str, Any] = {
        "criteria": [{"id": "c", "label": "Critère du dispositif", "logic": logic}]
    }
    if amount is not None:
        document["amount"] = amount
    facts = Facts.build(
        form or {},
        {"qf": {} if qf is None else {"quotient_familial": qf}},
        {"qf": "CNAF via API Particulier"},
        {"qf": datetime(2026, 9, 1, 9, 15)},
    )
    return explain(evaluate_rules(document, facts, today=TODAY), variables)


def test_the_sentence_of_the_issue() -> None:
    (line,) = explained({"<=": [{"var": QF}, 800]})
    assert line == _fr(
        "Quotient familial CAF : 612 € — plafond 800 € : condition remplie "
        "(source : CNAF via API Particulier, 01/09/2026)"
    )


def test_a_failed_condition() -> None:
    (line,) = explained({"<=": [{"var": QF}, 800]}, qf=1225.5)
    assert line == _fr(
        "Quotient familial CAF : 1 225,50 € — plafond 800 € : condition non "
        "remplie (source : CNAF via API Particulier, 01/09/2026)"
    )


def test_a_missing_value() -> None:
    (line,) = explained({"<=": [{"var": QF}, 800]}, qf=None)
    assert "condition non vérifiable : donnée manquante (Quotient familial CAF)" in line
    assert line.startswith("Quotient familial CAF : donnée manquante — plafond 800")


def test_an_evaluation_error() -> None:
    (line,) = explained({"<=": [{"/": [{"var": QF}, 0]}, 800]})
    assert line.startswith(
        "Critère du dispositif : condition non vérifiable : erreur d'évaluation (Division par zéro)"
    )


def test_form_answers_and_reversed_comparisons() -> None:
    (line,) = explained({">=": [800, {"var": QF}]})
    assert "plafond 800" in line
    (line,) = explained(
        {"==": [{"var": "form.commune"}, "val-fleuri"]}, form={"commune": "val-fleuri"}
    )
    assert (
        line == "Commune : val-fleuri — attendu : val-fleuri : condition remplie "
        "(source : formulaire)"
    )


@pytest.mark.parametrize(
    ("logic", "phrase"),
    [
        ({"<=": [0, {"var": QF}, 800]}, "entre 0 € et 800 €"),
        ({"<": [0, {"var": QF}, 800]}, "strictement entre 0 € et 800 €"),
        ({">": [{"var": QF}, 100]}, "supérieur à 100 €"),
        ({"<": [{"var": QF}, 1000]}, "inférieur à 1 000 €".replace(" 000", f"{THOUSANDS}000")),
        ({"!=": [{"var": QF}, 0]}, "différent de 0 €"),
        ({"in": [{"var": "form.commune"}, ["a", "b"]]}, "valeurs admises : a, b"),
        ({"<=": [{"var": "form.naissance"}, "2016-09-01"]}, "au plus tard le 01/09/2016"),
        ({">": [{"var": "form.naissance"}, "2009-09-01"]}, "après le 01/09/2009"),
    ],
)
def test_phrases(logic: Any, phrase: str) -> None:
    (line,) = explained(logic, form={"commune": "a", "naissance": "2014-03-15"})
    assert f"— {phrase.replace(' €', f'{UNIT}€')} :" in line


def test_dates_and_booleans_are_written_the_french_way() -> None:
    (line,) = explained(
        {"<=": [{"var": "form.naissance"}, "2016-09-01"]}, form={"naissance": "2014-03-15"}
    )
    assert line.startswith("Date de naissance : 15/03/2014 — au plus tard le 01/09/2016")
    (line,) = explained({"var": "form.boursier"}, form={"boursier": True}, variables={})
    assert line == "form.boursier : oui — attendu : oui : condition remplie (source : formulaire)"


def test_complex_rules_list_the_values_read() -> None:
    logic = {
        "and": [
            {"==": [{"var": "form.commune"}, "val-fleuri"]},
            {"some": [{"var": "form.enfants"}, {"var": "scolarise"}]},
        ]
    }
    (line,) = explained(
        logic,
        form={"commune": "val-fleuri", "enfants": [{"scolarise": True}, {"scolarise": False}]},
    )
    assert line == (
        "Critère du dispositif : condition remplie — valeurs lues : "
        "Commune : val-fleuri (source : formulaire) ; "
        "Enfants : 2 éléments (source : formulaire)"
    )


def test_without_a_catalogue_paths_are_shown() -> None:
    (line,) = explained({"<=": [{"var": QF}, 800]}, variables=None)
    assert line.startswith(f"{QF} : 612 — plafond 800 : condition remplie")


COMPUTED_WITH = (
    " — calculé avec : Quotient familial CAF : 500 € "
    "(source : CNAF via API Particulier, 01/09/2026)"
)


@pytest.mark.parametrize(
    ("qf", "form", "expected"),
    [
        (500, {"x": 1}, "Montant de l'aide : 1 225,50 €" + COMPUTED_WITH),
        (
            500,
            {},
            "Montant de l'aide (provisoire, éligibilité à confirmer) : 1 225,50 €" + COMPUTED_WITH,
        ),
        (900, {"x": 1}, "Montant de l'aide : aucun (conditions non remplies)"),
        (
            None,
            {"x": 1},
            "Montant de l'aide : non calculable, donnée manquante (Quotient familial CAF)",
        ),
    ],
)
def test_amount_lines(qf: Any, form: dict[str, Any], expected: str) -> None:
    logic = {"and": [{"var": "form.x"}, {"<=": [{"var": QF}, 800]}]}
    lines = explained(
        logic, form=form, qf=qf, amount={"bareme": [{"var": QF}, [[None, None, 1225.5]]]}
    )
    assert lines[-1] == _fr(expected)


def test_simple_comparison_shapes() -> None:
    assert simple_comparison({"<=": [{"var": "a"}, 1]}).op == "<="
    assert simple_comparison({"<=": [1, {"var": ["a"]}]}).op == ">="
    assert simple_comparison({"<=": [{"var": "a"}, {"var": "b"}]}) is None
    assert simple_comparison({"<=": [{"+": [{"var": "a"}, 1]}, 1]}) is None
