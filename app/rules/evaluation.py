"""Evaluate a scheme's rules on an application's facts: three-valued eligibility, amount, and for
each criterion its outcome and the values it read with their provenance.

Three-valued semantics (see :mod:`app.rules.nodes`): a criterion whose needed value is missing or
``null`` is *undetermined* — the application goes to an agent instead of being refused. Eligibility
is the Kleene AND of the criteria (any false → false; else any undetermined → undetermined; else
true), or the scheme's ``combinator``.

Amount: computed when eligible; when eligibility is undetermined it is computed too if the amount's
own inputs are all present (status ``provisional``), so the agent sees what is at stake; ``None``
otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from app.rules.compiler import LRU, canonical_key, compile_scheme_rule
from app.rules.dates import paris_today
from app.rules.errors import RuleError, RuleValueError, translate_python_error
from app.rules.facts import Facts
from app.rules.model import Criterion, RulesDocument
from app.rules.nodes import UNKNOWN, Context, Fn, Unknown, truth
from app.rules.numbers import float_to_decimal, is_number
from app.rules.paths import MISSING
from app.rules.results import (
    AmountResult,
    AmountStatus,
    CriterionResult,
    Evaluation,
    Outcome,
    Trace,
    ValueRead,
    kleene_and,
)

_PYTHON_ERRORS = (TypeError, ValueError, ArithmeticError, LookupError, RecursionError)


@dataclass(frozen=True, slots=True)
class CompiledRules:
    """A rules document compiled once (three-valued, tracing closures)."""

    document: RulesDocument
    criteria: tuple[tuple[Criterion, Fn], ...]
    amount: Fn | None
    combinator: Fn | None


_compiled_documents = LRU(256)


def compile_rules(rules: RulesDocument | Mapping[str, Any]) -> CompiledRules:
    """Validate (for a mapping) and compile a rules document; cached by canonical JSON, so a
    scheme version's rules compile once."""
    if isinstance(rules, RulesDocument):
        document = rules
        key = canonical_key(rules.to_dict())
    else:
        key = canonical_key(rules)
        found = _compiled_documents.get(key) if key else None
        if found is not None:
            return found
        document = RulesDocument.from_dict(rules)
    found = _compiled_documents.get(key) if key else None
    if found is None:
        found = CompiledRules(
            document=document,
            criteria=tuple((c, compile_scheme_rule(c.logic)[0]) for c in document.criteria),
            amount=compile_scheme_rule(document.amount)[0] if document.amount is not None else None,
            combinator=(
                compile_scheme_rule(document.combinator)[0]
                if document.combinator is not None
                else None
            ),
        )
        if key:
            _compiled_documents.put(key, found)
    return found


def run_traced(fn: Fn, facts: Facts, today: date) -> tuple[Any, Trace]:
    """Evaluate a scheme-mode closure; return its result (UNKNOWN on error) and its trace."""
    context = Context(today, reads=[])
    error = None
    try:
        value = fn(facts.data, context)
    except RuleError as exc:
        value, error = UNKNOWN, exc.message
    except _PYTHON_ERRORS as exc:
        value, error = UNKNOWN, translate_python_error(exc).message
    seen: dict[str, ValueRead] = {}
    for path, found in context.reads or ():
        if path not in seen:
            absent = found is MISSING or found is None
            seen[path] = ValueRead(
                path, None if absent else found, facts.provenance_of(path), absent
            )
    undetermined = truth(value) is None
    missing = tuple(p for p, read in seen.items() if read.missing) if undetermined else ()
    return value, Trace(tuple(seen.values()), missing, error)


def _amount(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return float_to_decimal(value)
    if is_number(value):
        return Decimal(value)
    raise RuleValueError(f"Le montant n'est pas un nombre : {value!r}")


def _evaluate_amount(
    compiled: CompiledRules, eligible: Outcome, facts: Facts, today: date
) -> AmountResult:
    if compiled.amount is None:
        return AmountResult(AmountStatus.NO_AMOUNT)
    if eligible is Outcome.FALSE:
        return AmountResult(AmountStatus.NOT_ELIGIBLE)
    value, trace = run_traced(compiled.amount, facts, today)
    if trace.error:
        return AmountResult(AmountStatus.ERROR, None, trace)
    if type(value) is Unknown:
        return AmountResult(AmountStatus.UNDETERMINED, None, trace)
    try:
        amount = _amount(value)
    except RuleError as exc:
        return AmountResult(AmountStatus.ERROR, None, Trace(trace.values_read, (), exc.message))
    status = AmountStatus.COMPUTED if eligible is Outcome.TRUE else AmountStatus.PROVISIONAL
    return AmountResult(status, amount, trace)


def evaluate_rules(
    rules: CompiledRules | RulesDocument | Mapping[str, Any],
    facts: Facts | Mapping[str, Any],
    *,
    today: date | None = None,
) -> Evaluation:
    """Evaluate a scheme's rules on one application's facts (``today``: Europe/Paris today)."""
    compiled = rules if isinstance(rules, CompiledRules) else compile_rules(rules)
    if not isinstance(facts, Facts):
        facts = Facts(facts or {})
    today = today or paris_today()
    results = []
    for criterion, fn in compiled.criteria:
        value, trace = run_traced(fn, facts, today)
        results.append(
            CriterionResult(
                criterion.id, criterion.label, criterion.logic, Outcome.of(value), trace
            )
        )
    if compiled.combinator is None:
        eligible = kleene_and([r.outcome for r in results])
    else:
        states = {r.id: {"true": True, "false": False}.get(r.outcome.value) for r in results}
        eligible = Outcome.of(run_traced(compiled.combinator, Facts(states), today)[0])
    amount = _evaluate_amount(compiled, eligible, facts, today)
    return Evaluation(eligible, tuple(results), amount, today)


def visible_fields(
    rules: CompiledRules | RulesDocument | Mapping[str, Any],
    facts: Facts | Mapping[str, Any],
    *,
    today: date | None = None,
) -> dict[str, bool]:
    """Display conditions evaluated on the answers so far: field → shown. A condition that cannot
    be decided yet (missing answer) hides the field; one that fails to evaluate shows it."""
    compiled = rules if isinstance(rules, CompiledRules) else compile_rules(rules)
    if not isinstance(facts, Facts):
        facts = Facts(facts or {})
    shown = {}
    for field_name, logic in compiled.document.display_conditions.items():
        value, trace = run_traced(compile_scheme_rule(logic)[0], facts, today or paris_today())
        shown[field_name] = True if trace.error else Outcome.of(value) is Outcome.TRUE
    return shown
