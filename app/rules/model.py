"""A scheme's rules document: named criteria, an amount, display conditions and personas.

```json
{
  "criteria": [
    {"id": "residence", "label": "Résider à Val-Fleuri",
     "logic": {"==": [{"var": "form.commune"}, "val-fleuri"]}},
    {"id": "qf", "label": "Quotient familial CAF inférieur ou égal à 1 200 €",
     "logic": {"<=": [{"var": "sources.qf.quotient_familial"}, 1200]}}
  ],
  "amount": {"bareme": [{"var": "sources.qf.quotient_familial"},
                        [[null, 600, 150], [600, null, 50]]]},
  "display_conditions": {"nom_college": {"==": [{"var": "form.niveau"}, "college"]}},
  "personas": [{"name": "…", "form": {}, "sources": {}, "expected": {"eligible": true}}]
}
```

The applicant is eligible when every criterion holds (three-valued AND), unless ``combinator``
(a rule over the criteria ids) says otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.rules.errors import RuleSyntaxError
from app.rules.validation import Problem, validate_rules


class InvalidRulesError(RuleSyntaxError):
    """A rules document with problems (all listed in ``problems``)."""

    def __init__(self, problems: list[Problem]) -> None:
        first = problems[0]
        more = f" (+{len(problems) - 1} autre(s))" if len(problems) > 1 else ""
        super().__init__(f"{first.message}{more}", path=first.path)
        self.problems = problems


@dataclass(frozen=True, slots=True)
class Criterion:
    """One eligibility criterion: stable id, French label shown to citizens, rule."""

    id: str
    label: str
    logic: Any

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"id": self.id, "label": self.label, "logic": self.logic}


@dataclass(frozen=True, slots=True)
class RulesDocument:
    """A validated rules document."""

    criteria: tuple[Criterion, ...]
    amount: Any = None
    combinator: Any = None
    display_conditions: Mapping[str, Any] = field(default_factory=dict)
    personas: tuple[Mapping[str, Any], ...] = ()

    @classmethod
    def from_dict(cls, document: Mapping[str, Any]) -> RulesDocument:
        """Validate and read a rules document; raises :class:`InvalidRulesError`."""
        problems = validate_rules(document)
        if problems:
            raise InvalidRulesError(problems)
        return cls(
            criteria=tuple(
                Criterion(c["id"], c["label"], c["logic"]) for c in document["criteria"]
            ),
            amount=document.get("amount"),
            combinator=document.get("combinator"),
            display_conditions=dict(document.get("display_conditions") or {}),
            personas=tuple(document.get("personas") or ()),
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON form (keys with default values are left out)."""
        document: dict[str, Any] = {"criteria": [c.to_dict() for c in self.criteria]}
        if self.combinator is not None:
            document["combinator"] = self.combinator
        if self.amount is not None:
            document["amount"] = self.amount
        if self.display_conditions:
            document["display_conditions"] = dict(self.display_conditions)
        if self.personas:
            document["personas"] = list(self.personas)
        return document
