"""JsonLogic value semantics: truthiness, equality, ordering, membership, text.

These follow json-logic-qubit (the reference where the official suite is silent), with the engine's
exact numbers: ``int``, ``float`` and ``Decimal`` all compare by value, and a number compared with a
numeric text compares by value (``1 == "1.0"``). See ``docs/rules.md`` for the deliberate
differences.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.rules.errors import RuleTypeError, RuleValueError
from app.rules.numbers import is_number, to_number, to_text


def same(a: Any, b: Any) -> bool:
    """Python equality where numbers compare by exact value (``0.1 == Decimal("0.1")``)."""
    if is_number(a) and is_number(b):
        return to_number(a) == to_number(b)
    kind = type(a)
    if (kind is list or kind is tuple) and type(b) is kind:
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return bool(a == b)


def identical(a: Any, b: Any) -> bool:
    """Whether two values behave the same in every operation: numbers equal by value, anything else
    of the same type and equal (``1`` and ``True`` are not identical: ``cat`` writes them apart)."""
    if is_number(a) and is_number(b):
        return to_number(a) == to_number(b)
    if type(a) is not type(b):
        return False
    if type(a) is list or type(a) is tuple:
        return len(a) == len(b) and all(identical(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, Mapping):
        return a.keys() == b.keys() and all(identical(a[k], b[k]) for k in a)
    return bool(a == b)


def _text_equals(text: str, other: Any) -> bool:
    if is_number(other):
        try:
            return to_number(text) == to_number(other)
        except RuleValueError:
            pass
    return str(other) == text


def loose_equals(a: Any, b: Any) -> bool:
    """JsonLogic ``==``: texts compare as texts (numbers by value), booleans by truthiness."""
    kind_a, kind_b = type(a), type(b)
    if kind_a is str:
        return a == b if kind_b is str else _text_equals(a, b)
    if kind_b is str:
        return _text_equals(b, a)
    if kind_a is bool or kind_b is bool:
        return bool(a) is bool(b)
    return same(a, b)


def strict_equals(a: Any, b: Any) -> bool:
    """JsonLogic ``===``: same type and value; all numbers are one type."""
    if is_number(a) and is_number(b):
        return to_number(a) == to_number(b)
    return type(a) is type(b) and same(a, b)


def less(a: Any, b: Any) -> bool:
    """JsonLogic ``<`` on two values (``null`` is never less nor greater)."""
    if a is None or b is None:
        return False
    if is_number(a) or is_number(b):
        try:
            a, b = to_number(a), to_number(b)
        except RuleTypeError:
            return False
    return bool(a < b)


def less3(a: Any, b: Any, c: Any) -> bool:
    """``a < b < c``, comparing pairwise (the middle value converted as in the first pair)."""
    if a is None or b is None:
        return False
    if is_number(a) or is_number(b):
        try:
            a, b = to_number(a), to_number(b)
        except RuleTypeError:
            return False
    return bool(a < b) and less(b, c)


def less_equal(a: Any, b: Any) -> bool:
    """JsonLogic ``<=``: ``a < b`` or ``a == b``."""
    return less(a, b) or loose_equals(a, b)


def less_equal3(a: Any, b: Any, c: Any) -> bool:
    """``a <= b <= c``, comparing pairwise."""
    return less_equal(a, b) and less_equal(b, c)


def greater(a: Any, b: Any) -> bool:
    """JsonLogic ``>``."""
    return less(b, a)


def greater_equal(a: Any, b: Any) -> bool:
    """JsonLogic ``>=``."""
    return less_equal(b, a)


def contains(needle: Any, haystack: Any) -> bool:
    """JsonLogic ``in``: substring of a text, element of a list, key of an object."""
    kind = type(haystack)
    if kind is str:
        if type(needle) is not str and not isinstance(needle, str):
            raise RuleTypeError("« in » sur un texte attend un texte à chercher")
        return needle in haystack
    if kind is list or kind is tuple:
        return any(same(needle, item) for item in haystack)
    if isinstance(haystack, Mapping):
        try:
            return needle in haystack
        except TypeError:
            raise RuleTypeError("« in » : clé de type invalide") from None
    if isinstance(haystack, str):
        return contains(needle, str(haystack))
    return False


def concatenate(*values: Any) -> str:
    """JsonLogic ``cat``."""
    return "".join([to_text(value) for value in values])


def substring(source: Any, start: Any, length: Any = None) -> Any:
    """JsonLogic ``substr``: negative ``start`` counts from the end, negative ``length`` drops."""
    if not isinstance(source, str | list | tuple):
        raise RuleTypeError("« substr » attend un texte")
    return source[_index(start) :][: _index(length)]


def _index(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, int):  # bool included, as in the reference
        return int(value)
    if is_number(value) and type(value) is not float:
        number = to_number(value)
        if number == int(number):
            return int(number)
    raise RuleTypeError(f"« substr » attend une position entière, pas {value!r}")


def merge(*values: Any) -> list[Any]:
    """JsonLogic ``merge``: flatten one level of lists."""
    result: list[Any] = []
    for value in values:
        if type(value) is list or type(value) is tuple:
            result.extend(value)
        else:
            result.append(value)
    return result


class _NoArg:
    __slots__ = ()

    def __repr__(self) -> str:
        return "NO_ARG"


NO_ARG = _NoArg()
"""Marker of an omitted optional argument."""
