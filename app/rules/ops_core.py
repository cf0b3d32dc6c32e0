"""Classic JsonLogic operations evaluated on their arguments' values (comparison, arithmetic, text,
arrays). Each is a plain function of the values; :func:`app.rules.nodes.eager` wraps it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from app.rules import values as v
from app.rules.numbers import (
    DECIMAL_CONTEXT,
    Number,
    add,
    divide,
    modulo,
    multiply,
    negate,
    subtract,
    to_number,
)


def equals(a: Any, b: Any) -> bool:
    """``==``."""
    return v.loose_equals(a, b)


def not_equals(a: Any, b: Any) -> bool:
    """``!=``."""
    return not v.loose_equals(a, b)


def strict_equals(a: Any, b: Any) -> bool:
    """``===``."""
    return v.strict_equals(a, b)


def strict_not_equals(a: Any, b: Any) -> bool:
    """``!==``."""
    return not v.strict_equals(a, b)


def less(a: Any, b: Any, c: Any = v.NO_ARG) -> bool:
    """``<`` (two values, or three: "between, exclusive")."""
    return v.less(a, b) if c is v.NO_ARG else v.less3(a, b, c)


def less_equal(a: Any, b: Any, c: Any = v.NO_ARG) -> bool:
    """``<=`` (two values, or three: "between, inclusive")."""
    return v.less_equal(a, b) if c is v.NO_ARG else v.less_equal3(a, b, c)


def plus(*args: Any) -> Number:
    """``+``: sum (``{"+": "3"}`` casts a text to a number)."""
    if len(args) == 2:
        a, b = args
        if type(a) is int and type(b) is int:
            return a + b
    total: Number = 0
    for arg in args:
        total = add(total, to_number(arg))
    return total


def times(*args: Any) -> Number:
    """``*``: product."""
    if len(args) == 2:
        a, b = args
        if type(a) is int and type(b) is int:
            return a * b
    total: Number = 1
    for arg in args:
        total = multiply(total, to_number(arg))
    return total


def minus(a: Any, b: Any = v.NO_ARG) -> Number:
    """``-``: difference, or negation with one argument."""
    if b is v.NO_ARG:
        return negate(to_number(a))
    return subtract(to_number(a), to_number(b))


def quotient(a: Any, b: Any) -> Number:
    """``/``: exact quotient (28 significant digits when not a whole division)."""
    x = a if type(a) is int or type(a) is Decimal else to_number(a)
    y = b if type(b) is int or type(b) is Decimal else to_number(b)
    if type(y) is Decimal and y:
        return exact_divide(x, y)  # what divide() does with a non-zero decimal divisor, sooner
    return divide(x, y)


def remainder(a: Any, b: Any) -> Number:
    """``%``."""
    return modulo(to_number(a), to_number(b))


def minimum(*args: Any) -> Number | None:
    """``min`` (``null`` without arguments)."""
    return min(to_number(arg) for arg in args) if args else None


def maximum(*args: Any) -> Number | None:
    """``max`` (``null`` without arguments)."""
    return max(to_number(arg) for arg in args) if args else None


exact_divide = DECIMAL_CONTEXT.divide

EAGER: dict[str, tuple[Any, int, int | None, str]] = {
    "==": (equals, 2, 2, 'égalité souple (1 == "1")'),
    "!=": (not_equals, 2, 2, "différence souple"),
    "===": (strict_equals, 2, 2, "égalité stricte (même type)"),
    "!==": (strict_not_equals, 2, 2, "différence stricte"),
    "<": (less, 2, 3, "inférieur ; à trois arguments : strictement entre"),
    "<=": (less_equal, 2, 3, "inférieur ou égal ; à trois arguments : entre, bornes incluses"),
    ">": (v.greater, 2, 2, "supérieur"),
    ">=": (v.greater_equal, 2, 2, "supérieur ou égal"),
    "in": (v.contains, 2, 2, "texte contenu dans un texte, élément d'une liste"),
    "cat": (v.concatenate, 0, None, "concaténation de textes"),
    "substr": (v.substring, 2, 3, "extrait d'un texte"),
    "+": (plus, 0, None, "somme"),
    "-": (minus, 1, 2, "différence ou opposé"),
    "*": (times, 0, None, "produit"),
    "/": (quotient, 2, 2, "quotient exact"),
    "%": (remainder, 2, 2, "reste de la division"),
    "min": (minimum, 0, None, "minimum"),
    "max": (maximum, 0, None, "maximum"),
    "merge": (v.merge, 0, None, "concaténation de listes"),
}
"""Eager operators: name → (implementation, min args, max args or None, French summary)."""
