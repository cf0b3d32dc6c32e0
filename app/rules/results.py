"""The result of evaluating a scheme's rules: three-valued outcomes, amount, and for each
criterion the values it read with their provenance.

Every part is an immutable dataclass with ``to_dict()``/``from_dict()``: the trace is stored with
each application as JSON (amounts as decimal strings, dates ISO, see :mod:`app.rules.jsonvalues`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from app.rules.facts import Provenance
from app.rules.jsonvalues import amount_text, decode, encode, parse_amount
from app.rules.nodes import truth


class Outcome(StrEnum):
    """A three-valued truth value."""

    TRUE = "true"
    FALSE = "false"
    UNDETERMINED = "undetermined"

    def to_json(self) -> bool | str:
        """``true``, ``false`` or ``"undetermined"``."""
        return {"true": True, "false": False}.get(self.value, self.value)

    @classmethod
    def from_json(cls, value: Any) -> Outcome:
        """Inverse of :meth:`to_json` (also accepts ``"true"``/``"false"``)."""
        if value is True or value == "true":
            return cls.TRUE
        if value is False or value == "false":
            return cls.FALSE
        if value == "undetermined":
            return cls.UNDETERMINED
        raise ValueError(f"not an outcome: {value!r}")

    @classmethod
    def of(cls, value: Any) -> Outcome:
        """Outcome of a three-valued result (unknown truthiness → undetermined)."""
        test = truth(value)
        if test is None:
            return cls.UNDETERMINED
        return cls.TRUE if test else cls.FALSE


def kleene_and(outcomes: list[Outcome]) -> Outcome:
    """Any false → false; else any undetermined → undetermined; else true."""
    if Outcome.FALSE in outcomes:
        return Outcome.FALSE
    return Outcome.UNDETERMINED if Outcome.UNDETERMINED in outcomes else Outcome.TRUE


class AmountStatus(StrEnum):
    """How the amount was (or was not) obtained."""

    COMPUTED = "computed"
    PROVISIONAL = "provisional"
    NOT_ELIGIBLE = "not_eligible"
    UNDETERMINED = "undetermined"
    ERROR = "error"
    NO_AMOUNT = "no_amount"


@dataclass(frozen=True, slots=True)
class ValueRead:
    """A value a rule read: its path, the value (``None`` when missing) and its provenance."""

    path: str
    value: Any
    provenance: Provenance | None
    missing: bool

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "path": self.path,
            "value": encode(self.value),
            "provenance": self.provenance.to_dict() if self.provenance else None,
            "missing": self.missing,
        }

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> ValueRead:
        """Inverse of :meth:`to_dict`."""
        provenance = raw.get("provenance")
        return cls(
            path=raw["path"],
            value=decode(raw.get("value")),
            provenance=Provenance.from_dict(provenance) if provenance else None,
            missing=bool(raw.get("missing")),
        )


@dataclass(frozen=True, slots=True)
class Trace:
    """What one rule's evaluation gave: values read, missing paths, error message."""

    values_read: tuple[ValueRead, ...] = ()
    missing: tuple[str, ...] = ()
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "values_read": [v.to_dict() for v in self.values_read],
            "missing": list(self.missing),
            "error": self.error,
        }

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Trace:
        """Inverse of :meth:`to_dict`."""
        return cls(
            values_read=tuple(ValueRead.from_dict(v) for v in raw.get("values_read", ())),
            missing=tuple(raw.get("missing", ())),
            error=raw.get("error"),
        )


@dataclass(frozen=True, slots=True)
class CriterionResult:
    """One criterion's outcome and trace."""

    id: str
    label: str
    logic: Any
    outcome: Outcome
    trace: Trace

    @property
    def values_read(self) -> tuple[ValueRead, ...]:
        """The values the criterion read, in reading order."""
        return self.trace.values_read

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "id": self.id,
            "label": self.label,
            "logic": self.logic,
            "outcome": self.outcome.to_json(),
            **self.trace.to_dict(),
        }

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> CriterionResult:
        """Inverse of :meth:`to_dict`."""
        return cls(
            raw["id"],
            raw["label"],
            raw.get("logic"),
            Outcome.from_json(raw["outcome"]),
            Trace.from_dict(raw),
        )


@dataclass(frozen=True, slots=True)
class AmountResult:
    """The amount, its status and its trace."""

    status: AmountStatus
    value: Decimal | None = None
    trace: Trace = Trace()

    def to_dict(self) -> dict[str, Any]:
        """JSON form (the amount as a decimal string)."""
        return {
            "status": self.status.value,
            "value": amount_text(self.value),
            **self.trace.to_dict(),
        }

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> AmountResult:
        """Inverse of :meth:`to_dict`."""
        return cls(
            AmountStatus(raw["status"]), parse_amount(raw.get("value")), Trace.from_dict(raw)
        )


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The result of evaluating a scheme's rules on one application (stored with it)."""

    eligible: Outcome
    criteria: tuple[CriterionResult, ...]
    amount_result: AmountResult
    today: date

    @property
    def amount(self) -> Decimal | None:
        """The amount (``None`` when not eligible or not computable)."""
        return self.amount_result.value

    @property
    def failing_criteria(self) -> tuple[str, ...]:
        """Ids of the criteria that do not hold."""
        return tuple(c.id for c in self.criteria if c.outcome is Outcome.FALSE)

    @property
    def undetermined_criteria(self) -> tuple[str, ...]:
        """Ids of the criteria that could not be decided."""
        return tuple(c.id for c in self.criteria if c.outcome is Outcome.UNDETERMINED)

    def to_dict(self) -> dict[str, Any]:
        """JSON form (decimals as strings, dates ISO)."""
        return {
            "eligible": self.eligible.to_json(),
            "amount": self.amount_result.to_dict(),
            "criteria": [c.to_dict() for c in self.criteria],
            "today": self.today.isoformat(),
        }

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Evaluation:
        """Inverse of :meth:`to_dict`."""
        return cls(
            eligible=Outcome.from_json(raw["eligible"]),
            criteria=tuple(CriterionResult.from_dict(c) for c in raw["criteria"]),
            amount_result=AmountResult.from_dict(raw["amount"]),
            today=date.fromisoformat(raw["today"]),
        )
