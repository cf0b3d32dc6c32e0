"""Exact numbers: conversion to numbers and arithmetic without binary-float drift.

Numbers inside the engine are ``int`` (exact, unbounded) or ``decimal.Decimal``. A ``float`` that
reaches an arithmetic operation or a comparison is first turned into the ``Decimal`` of its
shortest representation (``0.1`` becomes ``Decimal("0.1")``), so ``0.1 + 0.2 == 0.3`` and
``612.50 × 2 == 1225.00``. Decimal results keep their scale (``1225.00``, not ``1225``).

All decimal arithmetic runs in :data:`DECIMAL_CONTEXT`: 28 significant digits, ties to even for
inexact quotients, and errors (not silent NaN/infinity) on invalid operations, division by zero and
overflow. The engine never uses the thread's ambient decimal context.
"""

from __future__ import annotations

from decimal import (
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
)
from typing import Any

from app.rules.errors import RuleTypeError, RuleValueError, RuleZeroDivisionError

DECIMAL_CONTEXT = Context(
    prec=28, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero, Overflow]
)
"""The decimal context of every engine computation (28 significant digits)."""

Number = int | Decimal

_NUMBER_TYPES = (int, float, Decimal)


def is_number(value: Any) -> bool:
    """Whether ``value`` is a number (``bool`` is not, although Python says it is an ``int``)."""
    kind = type(value)
    return (
        kind is int
        or kind is Decimal
        or kind is float
        or (kind is not bool and isinstance(value, _NUMBER_TYPES))
    )


def describe(value: Any) -> str:
    """A short French description of a value for error messages."""
    if value is None:
        return "une valeur absente (null)"
    if isinstance(value, str):
        return f"le texte « {value[:40]} »"
    if isinstance(value, bool):
        return "un booléen"
    if isinstance(value, list | tuple):
        return "une liste"
    if isinstance(value, dict):
        return "un objet"
    return f"la valeur {value!r}"[:60]


_FLOAT_CACHE: dict[float, Decimal] = {}
_FLOAT_CACHE_SIZE = 4096


def float_to_decimal(value: float) -> Decimal:
    """The decimal of a float's shortest representation (``0.1`` → ``Decimal("0.1")``)."""
    found = _FLOAT_CACHE.get(value)
    if found is None:
        found = Decimal(repr(value))
        if len(_FLOAT_CACHE) < _FLOAT_CACHE_SIZE:
            _FLOAT_CACHE[value] = found
    return found


def _parse(text: str) -> Number:
    # Same acceptance as the reference: a text with a dot is a decimal, any other an integer.
    try:
        if "." in text:
            return Decimal(text.strip())
        return int(text)
    except (ValueError, InvalidOperation):
        raise RuleValueError(f"{describe(text)} n'est pas un nombre") from None


def to_number(value: Any) -> Number:
    """Convert a value to an exact number as JsonLogic's arithmetic does.

    ``True``/``False`` are 1/0, numeric texts are parsed, floats become decimals. ``None``, lists
    and objects raise :class:`RuleTypeError`; non-numeric texts raise :class:`RuleValueError`.
    """
    kind = type(value)
    if kind is int or kind is Decimal:
        return value
    if kind is float:
        return float_to_decimal(value)
    if kind is bool:
        return int(value)
    if kind is str:
        return _parse(value)
    if isinstance(value, bool | int):
        return int(value)
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return float_to_decimal(value)
    if isinstance(value, str):
        return _parse(str(value))
    raise RuleTypeError(f"{describe(value)} n'est pas un nombre")


# The context's operations, bound once (looking a method up on a decimal Context is slow).
_add = DECIMAL_CONTEXT.add
_subtract = DECIMAL_CONTEXT.subtract
_multiply = DECIMAL_CONTEXT.multiply
_divide = DECIMAL_CONTEXT.divide
_remainder = DECIMAL_CONTEXT.remainder
_minus = DECIMAL_CONTEXT.minus


def add(x: Number, y: Number) -> Number:
    """``x + y`` (exact)."""
    if type(x) is int and type(y) is int:
        return x + y
    return _add(x, y)


def subtract(x: Number, y: Number) -> Number:
    """``x - y`` (exact)."""
    if type(x) is int and type(y) is int:
        return x - y
    return _subtract(x, y)


def multiply(x: Number, y: Number) -> Number:
    """``x × y`` (exact up to 28 significant digits for decimals)."""
    if type(x) is int and type(y) is int:
        return x * y
    return _multiply(x, y)


def divide(x: Number, y: Number) -> Number:
    """``x / y``: an ``int`` when two integers divide exactly, else a 28-digit decimal."""
    if not y:  # zero (a decimal NaN is truthy, as it is not equal to zero)
        raise RuleZeroDivisionError("Division par zéro")
    if type(x) is int and type(y) is int:
        quotient, remainder = divmod(x, y)
        if remainder == 0:
            return quotient
    return _divide(x, y)


def modulo(x: Number, y: Number) -> Number:
    """``x mod y`` with the sign of the divisor (Python's and the reference's convention)."""
    if not y:
        raise RuleZeroDivisionError("Modulo par zéro")
    if type(x) is int and type(y) is int:
        return x % y
    remainder = _remainder(x, y)
    if remainder and (remainder < 0) != (y < 0):
        remainder = _add(remainder, y)
    return remainder


def negate(x: Number) -> Number:
    """``-x``."""
    return -x if type(x) is int else _minus(x)


_EXACT_LIMIT = 10**28
_EXPONENTS = {digits: DECIMAL_CONTEXT.scaleb(Decimal(1), -digits) for digits in range(-20, 21)}


def round_half_up(value: Number, digits: int = 0) -> Number:
    """Round half away from zero (« arrondi commercial ») to ``digits`` decimal places.

    ``digits > 0`` gives a decimal with exactly that many places (``1225.5`` → ``1225.50``);
    ``digits <= 0`` gives an integer (``-1`` rounds to tens).
    """
    if digits == 0 and type(value) is int and -_EXACT_LIMIT < value < _EXACT_LIMIT:
        return value  # what quantize gives (beyond 28 digits, quantize fails)
    exponent = _EXPONENTS.get(digits)
    if exponent is None:
        exponent = Decimal(1).scaleb(-digits)
    number = value if type(value) is Decimal else Decimal(value)
    quantized = number.quantize(exponent, ROUND_HALF_UP, DECIMAL_CONTEXT)
    if digits <= 0:
        return int(quantized)
    return quantized


def to_text(value: Any) -> str:
    """Text of a value as ``cat`` and ``var`` names use it.

    Numbers are written in their shortest form (``1225.00`` → ``1225``, ``2.50`` → ``2.5``) like the
    reference implementation writes its floats; other values use Python's ``str``.
    """
    kind = type(value)
    if kind is str:
        return value
    if kind is Decimal:
        return decimal_text(value)
    return str(value)


def decimal_text(value: Decimal) -> str:
    """Text of a decimal as JsonLogic writes numbers: integers without a fraction
    (``1225.00`` → ``1225``), others in their shortest round-trip form (``2.50`` → ``2.5``;
    at most 17 significant digits, as the reference's binary floats)."""
    if not value.is_finite():
        return str(value)
    if value == value.to_integral_value():
        return str(int(value))
    return repr(float(value))
