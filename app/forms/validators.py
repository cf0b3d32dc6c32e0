"""The JSON Schema validator class and format checker that are the authority on answers.

``VALIDATOR`` is Draft 2020-12 with one change: ``multipleOf`` is computed exactly on the decimal
value (``12.3`` *is* a multiple of ``0.01``; with binary floats jsonschema says it is not, which
would refuse amounts in euros and cents). ``FORMAT_CHECKER`` asserts formats, checking ``email``
with ``email-validator`` (syntax only, no DNS) instead of jsonschema's bare "contains an @".
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from typing import Any

from email_validator import EmailNotValidError, validate_email
from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators


def exact(value: int | float) -> Fraction:
    """The exact rational of a JSON number (a float counts as its shortest decimal)."""
    if isinstance(value, float):
        return Fraction(Decimal(repr(value)))
    return Fraction(value)


def is_multiple(value: int | float, divisor: int | float) -> bool:
    """Whether ``value`` is an exact multiple of ``divisor`` (decimal arithmetic)."""
    if isinstance(value, float) and not math.isfinite(value):
        return False
    return exact(value) % exact(divisor) == 0


def _multiple_of(validator: Any, divisor: Any, instance: Any, schema: Any) -> Any:
    if validator.is_type(instance, "number") and not is_multiple(instance, divisor):
        yield ValidationError(f"{instance!r} is not a multiple of {divisor}")


VALIDATOR = validators.extend(Draft202012Validator, {"multipleOf": _multiple_of})
"""Draft 2020-12 validator class with exact decimal ``multipleOf``."""

FORMAT_CHECKER = FormatChecker()
"""Draft 2020-12 formats, ``email`` checked by ``email-validator`` (no DNS)."""


@FORMAT_CHECKER.checks("email", raises=EmailNotValidError)
def is_email(instance: object) -> bool:
    """An e-mail address a person could receive mail at (syntax only)."""
    if not isinstance(instance, str):
        return True
    validate_email(instance, check_deliverability=False)
    return True
