"""Batch evaluation: a scheme's rules over many applications, with totals — the basis of the
"what if" screen (re-run a changed rule over every application of the year before publishing)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from app.rules.dates import paris_today
from app.rules.evaluation import CompiledRules, compile_rules, evaluate_rules
from app.rules.facts import Facts
from app.rules.jsonvalues import amount_text
from app.rules.model import RulesDocument
from app.rules.numbers import DECIMAL_CONTEXT
from app.rules.results import AmountStatus, Evaluation, Outcome


@dataclass(frozen=True, slots=True)
class SimulationResult:
    """Per-row evaluations (in input order) and totals."""

    evaluations: tuple[Evaluation, ...]
    eligible: int
    ineligible: int
    undetermined: int
    total_amount: Decimal
    """Sum of the amounts of the eligible rows."""
    provisional_amount: Decimal
    """Sum of the provisional amounts of the undetermined rows (what is at stake)."""

    @property
    def count(self) -> int:
        """Number of rows."""
        return len(self.evaluations)

    def to_dict(self, *, with_rows: bool = True) -> dict[str, Any]:
        """JSON form (amounts as decimal strings)."""
        totals = {
            "count": self.count,
            "eligible": self.eligible,
            "ineligible": self.ineligible,
            "undetermined": self.undetermined,
            "total_amount": amount_text(self.total_amount),
            "provisional_amount": amount_text(self.provisional_amount),
        }
        if with_rows:
            totals["rows"] = [e.to_dict() for e in self.evaluations]
        return totals


def simulate(
    rules: CompiledRules | RulesDocument | Mapping[str, Any],
    rows: Iterable[Facts | Mapping[str, Any]],
    *,
    today: date | None = None,
) -> SimulationResult:
    """Evaluate ``rules`` on every row (facts, or plain data mappings) with one "today"."""
    compiled = rules if isinstance(rules, CompiledRules) else compile_rules(rules)
    today = today or paris_today()
    evaluations = tuple(evaluate_rules(compiled, row, today=today) for row in rows)
    counts = {outcome: 0 for outcome in Outcome}
    total = provisional = Decimal(0)
    for evaluation in evaluations:
        counts[evaluation.eligible] += 1
        amount = evaluation.amount_result
        if amount.value is not None and amount.status is AmountStatus.COMPUTED:
            total = DECIMAL_CONTEXT.add(total, amount.value)
        elif amount.value is not None and amount.status is AmountStatus.PROVISIONAL:
            provisional = DECIMAL_CONTEXT.add(provisional, amount.value)
    return SimulationResult(
        evaluations=evaluations,
        eligible=counts[Outcome.TRUE],
        ineligible=counts[Outcome.FALSE],
        undetermined=counts[Outcome.UNDETERMINED],
        total_amount=total,
        provisional_amount=provisional,
    )
