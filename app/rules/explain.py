"""French explanations of an evaluation (CRPA L311-3-1: the citizen is told which rules were
applied to which data, and where the data came from).

One sentence per criterion, then the amount line, e.g.
« Quotient familial CAF : 612 € — plafond 800 € : condition remplie (source : CNAF via API
Particulier, 01/09/2026) ». Simple comparisons of one variable with constants get this form;
other rules are explained by their label, outcome and the values they read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.rules.facts import FORM, Provenance
from app.rules.formatting import format_date, format_money, format_value, is_iso_date
from app.rules.results import (
    AmountResult,
    AmountStatus,
    CriterionResult,
    Evaluation,
    Outcome,
    Trace,
    ValueRead,
)

Catalogue = Mapping[str, Mapping[str, Any]]

_FLIP = {
    "<": ">",
    "<=": ">=",
    ">": "<",
    ">=": "<=",
    "==": "==",
    "!=": "!=",
    "===": "===",
    "!==": "!==",
}
_PHRASES = {
    "<=": "plafond {}",
    "<": "inférieur à {}",
    ">=": "minimum {}",
    ">": "supérieur à {}",
    "==": "attendu : {}",
    "===": "attendu : {}",
    "!=": "différent de {}",
    "!==": "différent de {}",
}
_DATE_PHRASES = {
    "<=": "au plus tard le {}",
    "<": "avant le {}",
    ">=": "au plus tôt le {}",
    ">": "après le {}",
}


@dataclass(frozen=True, slots=True)
class Comparison:
    """A rule comparing one variable with constants: ``path op constants``."""

    path: str
    op: str
    constants: tuple[Any, ...]


def _var_path(logic: Any) -> str | None:
    if isinstance(logic, Mapping) and len(logic) == 1 and "var" in logic:
        name = logic["var"]
        name = name[0] if isinstance(name, list) and name else name
        if isinstance(name, str) and name:
            return name
    return None


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def simple_comparison(logic: Any) -> Comparison | None:
    """The comparison shape of a rule, or ``None`` for anything more complex."""
    if (path := _var_path(logic)) is not None:
        return Comparison(path, "==", (True,))
    if not isinstance(logic, Mapping) or len(logic) != 1:
        return None
    ((op, args),) = logic.items()
    if op == "!" and (path := _var_path(args[0] if isinstance(args, list) and args else args)):
        return Comparison(path, "==", (False,))
    if not isinstance(args, list):
        return None
    if op in _FLIP and len(args) == 2:
        left, right = args
        if (path := _var_path(left)) is not None and _scalar(right):
            return Comparison(path, op, (right,))
        if (path := _var_path(right)) is not None and _scalar(left):
            return Comparison(path, _FLIP[op], (left,))
    between = op in ("<", "<=") and len(args) == 3 and _scalar(args[0]) and _scalar(args[2])
    if between and (path := _var_path(args[1])) is not None:
        return Comparison(path, f"between{op}", (args[0], args[2]))
    listed = op == "in" and len(args) == 2 and isinstance(args[1], list)
    if listed and (path := _var_path(args[0])) is not None and all(map(_scalar, args[1])):
        return Comparison(path, "in", tuple(args[1]))
    return None


def _label(path: str, variables: Catalogue) -> str:
    return str(variables.get(path, {}).get("label") or path)


def _source(provenance: Provenance | None) -> str:
    if provenance is None:
        return ""
    if provenance.kind == FORM:
        return " (source : formulaire)"
    when = f", {format_date(provenance.fetched_at)}" if provenance.fetched_at else ""
    return f" (source : {provenance.label or provenance.source or provenance.kind}{when})"


def _outcome(outcome: Outcome, trace: Trace, variables: Catalogue) -> str:
    if outcome is Outcome.TRUE:
        return "condition remplie"
    if outcome is Outcome.FALSE:
        return "condition non remplie"
    if trace.error:
        return f"condition non vérifiable : erreur d'évaluation ({trace.error})"
    missing = ", ".join(_label(p, variables) for p in trace.missing) or "donnée manquante"
    return f"condition non vérifiable : donnée manquante ({missing})"


def _phrase(comparison: Comparison, spec: Mapping[str, Any]) -> str:
    texts = [format_value(c, spec) for c in comparison.constants]
    op = comparison.op
    if op.startswith("between"):
        strict = "strictement " if op == "between<" else ""
        return f"{strict}entre {texts[0]} et {texts[1]}"
    if op == "in":
        return f"valeurs admises : {', '.join(texts)}"
    if all(is_iso_date(c) for c in comparison.constants) and op in _DATE_PHRASES:
        return _DATE_PHRASES[op].format(texts[0])
    return _PHRASES[op].format(texts[0])


def _read(result: CriterionResult | AmountResult, path: str) -> ValueRead | None:
    return next((v for v in result.trace.values_read if v.path == path), None)


def explain_criterion(result: CriterionResult, variables: Catalogue | None = None) -> str:
    """One French sentence for one criterion."""
    variables = variables or {}
    outcome = _outcome(result.outcome, result.trace, variables)
    comparison = simple_comparison(result.logic)
    read = _read(result, comparison.path) if comparison else None
    if comparison is not None and read is not None:
        spec = variables.get(comparison.path, {})
        value = "donnée manquante" if read.missing else format_value(read.value, spec)
        return (
            f"{_label(comparison.path, variables)} : {value} — {_phrase(comparison, spec)} : "
            f"{outcome}{_source(read.provenance)}"
        )
    return f"{result.label} : {outcome}{_values(result.trace, variables)}"


def _values(trace: Trace, variables: Catalogue, intro: str = "valeurs lues") -> str:
    shown = [
        f"{_label(v.path, variables)} : "
        f"{'donnée manquante' if v.missing else format_value(v.value, variables.get(v.path))}"
        f"{_source(v.provenance)}"
        for v in trace.values_read
    ]
    return f" — {intro} : {' ; '.join(shown)}" if shown else ""


def explain_amount(amount: AmountResult, variables: Catalogue | None = None) -> str | None:
    """The amount line (``None`` for a scheme without an amount), with the values it was
    computed from and their sources."""
    variables = variables or {}
    status = amount.status
    if status is AmountStatus.NO_AMOUNT:
        return None
    if status is AmountStatus.NOT_ELIGIBLE:
        return "Montant de l'aide : aucun (conditions non remplies)"
    if status is AmountStatus.UNDETERMINED:
        missing = ", ".join(_label(p, variables) for p in amount.trace.missing)
        return f"Montant de l'aide : non calculable, donnée manquante ({missing})"
    if status is AmountStatus.ERROR:
        return f"Montant de l'aide : non calculable (erreur : {amount.trace.error})"
    value = format_money(amount.value) + _values(amount.trace, variables, "calculé avec")
    if status is AmountStatus.PROVISIONAL:
        return f"Montant de l'aide (provisoire, éligibilité à confirmer) : {value}"
    return f"Montant de l'aide : {value}"


def explain(evaluation: Evaluation, variables: Catalogue | None = None) -> list[str]:
    """French sentences: one per criterion, then the amount line.

    ``variables`` is the catalogue ``{path: {"label", "type", "unit"}}`` (types ``money``,
    ``number``, ``integer``, ``date``, ``boolean``, ``string``); without it paths are shown.
    """
    lines = [explain_criterion(result, variables) for result in evaluation.criteria]
    amount = explain_amount(evaluation.amount_result, variables)
    return [*lines, amount] if amount else lines
