"""Golden tests: named personas with expected eligibility, amount and failing criteria.

A persona is ``{name, today?, form, sources: {alias: {...}}, expected: {eligible, amount?,
failing_criteria?}}``; ``amount`` and ``failing_criteria`` are checked only when present. All
personas must pass before a scheme version can be published.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from app.rules.evaluation import CompiledRules, compile_rules, evaluate_rules
from app.rules.facts import Facts
from app.rules.formatting import format_money
from app.rules.jsonvalues import parse_amount
from app.rules.model import RulesDocument
from app.rules.results import Evaluation, Outcome

_NOT_CHECKED = object()
_ELIGIBILITY = {Outcome.TRUE: "oui", Outcome.FALSE: "non", Outcome.UNDETERMINED: "indéterminée"}


@dataclass(frozen=True, slots=True)
class Persona:
    """A test case: facts, optional evaluation date, expectations."""

    name: str
    facts: Facts
    eligible: Outcome
    amount: Any = _NOT_CHECKED
    failing_criteria: frozenset[str] | None = None
    today: date | None = None

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Persona:
        """A persona from its JSON form (sources are labelled « persona de test »)."""
        expected = raw["expected"]
        sources = raw.get("sources") or {}
        failing = expected.get("failing_criteria")
        return cls(
            name=raw["name"],
            facts=Facts.build(
                raw.get("form") or {}, sources, {alias: "persona de test" for alias in sources}
            ),
            eligible=Outcome.from_json(expected["eligible"]),
            amount=parse_amount(expected["amount"]) if "amount" in expected else _NOT_CHECKED,
            failing_criteria=frozenset(failing) if failing is not None else None,
            today=date.fromisoformat(raw["today"]) if raw.get("today") else None,
        )

    def differences(self, evaluation: Evaluation) -> list[str]:
        """French descriptions of what differs from the expectations (empty: passed)."""
        found = []
        if evaluation.eligible is not self.eligible:
            found.append(
                f"éligibilité attendue : {_ELIGIBILITY[self.eligible]}, "
                f"obtenue : {_ELIGIBILITY[evaluation.eligible]}"
            )
        if self.amount is not _NOT_CHECKED and self.amount != evaluation.amount:
            found.append(
                f"montant attendu : {_money(self.amount)}, obtenu : {_money(evaluation.amount)}"
            )
        if self.failing_criteria is not None:
            failing = set(evaluation.failing_criteria)
            if failing != self.failing_criteria:
                expected = ", ".join(sorted(self.failing_criteria)) or "aucun"
                got = ", ".join(sorted(failing)) or "aucun"
                found.append(f"critères non remplis attendus : {expected}, obtenus : {got}")
        return found


def _money(amount: Decimal | None) -> str:
    return "aucun" if amount is None else format_money(amount)


@dataclass(frozen=True, slots=True)
class PersonaResult:
    """One persona's verdict."""

    name: str
    passed: bool
    differences: tuple[str, ...]
    evaluation: Evaluation

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "name": self.name,
            "passed": self.passed,
            "differences": list(self.differences),
            "evaluation": self.evaluation.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class GoldenReport:
    """The verdicts of all personas of a scheme."""

    results: tuple[PersonaResult, ...]

    @property
    def passed(self) -> bool:
        """Whether every persona passed (vacuously true without personas)."""
        return all(r.passed for r in self.results)

    @property
    def failures(self) -> tuple[PersonaResult, ...]:
        """The personas that failed."""
        return tuple(r for r in self.results if not r.passed)

    def summary(self) -> str:
        """Readable report, one line per persona plus the differences."""
        lines = []
        for result in self.results:
            lines.append(f"{'✓' if result.passed else '✗'} {result.name}")
            lines.extend(f"    {difference}" for difference in result.differences)
        ok = sum(r.passed for r in self.results)
        lines.append(f"{ok}/{len(self.results)} persona(s) conforme(s)")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"passed": self.passed, "results": [r.to_dict() for r in self.results]}


def run_golden_tests(
    rules: CompiledRules | RulesDocument | Mapping[str, Any],
    personas: Iterable[Mapping[str, Any] | Persona] | None = None,
    *,
    today: date | None = None,
) -> GoldenReport:
    """Evaluate every persona (by default the document's own) and compare with expectations.

    A persona's ``today`` wins over the ``today`` argument (default: Europe/Paris today).
    """
    compiled = rules if isinstance(rules, CompiledRules) else compile_rules(rules)
    cases = compiled.document.personas if personas is None else personas
    results = []
    for case in cases:
        persona = case if isinstance(case, Persona) else Persona.from_dict(case)
        evaluation = evaluate_rules(compiled, persona.facts, today=persona.today or today)
        differences = persona.differences(evaluation)
        results.append(PersonaResult(persona.name, not differences, tuple(differences), evaluation))
    return GoldenReport(tuple(results))
