"""Fast paths for the commonest rule shapes.

``{"<=": [{"var": "sources.qf.quotient_familial"}, 800]}``, ``{"==": [{"var": "form.x"}, "oui"]}``,
``{"<=": [0, {"var": "x"}, 800]}`` and ``{"in": [{"var": "x"}, ["a", "b"]]}`` compile to a single
closure that reads the variable inline and, when the value has the expected type (``int`` or
``Decimal`` against a number, ``str`` against a text), compares natively; any other value takes the
general path, so the semantics are exactly those of :mod:`app.rules.values`. In scheme mode the
variable is read by its (recording, three-valued) closure and unknown values give UNKNOWN.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from app.rules import values
from app.rules.nodes import UNKNOWN, Compiler, Context, Fn, Node, Scope, Unknown
from app.rules.numbers import float_to_decimal
from app.rules.ops_core import EAGER

Impl = Callable[..., Any]
Native = Callable[[Any, Any], bool]

NATIVE: dict[str, Native] = {
    "==": operator.eq,
    "===": operator.eq,
    "!=": operator.ne,
    "!==": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
EAGER_IMPLS = {name: spec[0] for name, spec in EAGER.items()}
BINARY: dict[str, Impl] = {
    **{name: EAGER_IMPLS[name] for name in NATIVE},
    "==": values.loose_equals,
    "===": values.strict_equals,
    "<": values.less,
    "<=": values.less_equal,
}
"""The comparisons' implementations for two arguments (the same functions, one call shorter)."""

_REFLECTED = {
    operator.eq: operator.eq,
    operator.ne: operator.ne,
    operator.lt: operator.gt,
    operator.le: operator.ge,
    operator.gt: operator.lt,
    operator.ge: operator.le,
}


def native_const(value: Any) -> tuple[type, type, Any] | None:
    """The value types that compare natively with constant ``value``, and the constant to use
    (``None``: no native comparison, e.g. for booleans)."""
    kind = type(value)
    if kind is int or kind is Decimal:
        return int, Decimal, value
    if kind is float:
        return int, Decimal, float_to_decimal(value)
    if kind is str:
        return str, str, value
    return None


def fast_path(name: str, impl: Impl, args: Sequence[Node]) -> Fn | None:
    """A fused closure for operator ``name`` on ``args``, or ``None`` if no fast path applies."""
    native = NATIVE.get(name)
    if native is not None and len(args) == 2:
        left, right = args
        if right.const and not left.const:
            if type(right.value) is bool:
                return _compare_bool(name, impl, left, right.value, const_right=True)
            return _compare(native, impl, left, right.value, const_right=True)
        if left.const and not right.const:
            if type(left.value) is bool:
                return _compare_bool(name, impl, right, left.value, const_right=False)
            return _compare(_REFLECTED[native], impl, right, left.value, const_right=False)
    if native is not None and name in ("<", "<=") and len(args) == 3:
        return _between(native, impl, args)
    if name == "in" and len(args) == 2:
        return _membership(impl, args)
    if name in _INT_ARITHMETIC and len(args) == 2:
        return _arithmetic(_INT_ARITHMETIC[name], impl, args)
    return None


_INT_ARITHMETIC: dict[str, Native] = {"+": operator.add, "-": operator.sub, "*": operator.mul}


def _arithmetic(native: Native, impl: Impl, args: Sequence[Node]) -> Fn:
    """``+``, ``-``, ``*`` of two integers natively (exact); other values: the general path."""
    left, right = args
    a, b = left.shared(), right.shared()
    if right.const:
        bv = right.value

        def with_constant(d: Any, c: Context) -> Any:
            x = a(d, c)
            if type(x) is int and type(bv) is int:
                return native(x, bv)
            return UNKNOWN if type(x) is Unknown else impl(x, bv)

        return with_constant

    def binary(d: Any, c: Context) -> Any:
        x, y = a(d, c), b(d, c)
        if type(x) is int and type(y) is int:
            return native(x, y)
        return UNKNOWN if type(x) is Unknown or type(y) is Unknown else impl(x, y)

    return binary


def _when_null(impl: Impl, *args: Any) -> Any:
    """The operation's (constant) result when the variable is ``null`` or missing."""
    try:
        return impl(*args)
    except Exception:
        return _NO_SHORTCUT


_NO_SHORTCUT = object()


def _compare(native: Native, impl: Impl, var: Node, const: Any, const_right: bool) -> Fn | None:
    found = native_const(const)
    if found is None:
        return None
    k1, k2, bv = found
    general: Impl = impl if const_right else (lambda x, b: impl(b, x))
    null = _when_null(general, None, const)

    def slow(x: Any, b: Any) -> Any:
        if x is None and null is not _NO_SHORTCUT:
            return null
        return UNKNOWN if type(x) is Unknown else general(x, b)

    get, keys = var.fn, var.keys
    if keys == ():  # the whole data (an item inside map, filter…)

        def compare0(d: Any, c: Context) -> Any:
            if type(d) is k1 or type(d) is k2:
                return native(d, bv)
            return slow(d, const)

        return compare0
    keys = keys or ()
    if len(keys) == 1:
        (a,) = keys

        def compare1(d: Any, c: Context) -> Any:
            x = d.get(a) if type(d) is dict else get(d, c)
            if type(x) is k1 or type(x) is k2:
                return native(x, bv)
            return slow(x, const)

        return compare1
    if len(keys) == 2:
        a, b = keys

        def compare2(d: Any, c: Context) -> Any:
            x = d.get(a) if type(d) is dict else get(d, c)
            if type(x) is dict:
                x = x.get(b)
            elif x is not None:
                x = get(d, c)
            if type(x) is k1 or type(x) is k2:
                return native(x, bv)
            return slow(x, const)

        return compare2
    if len(keys) == 3:
        a, b, e = keys

        def compare3(d: Any, c: Context) -> Any:
            x = d.get(a) if type(d) is dict else get(d, c)
            if type(x) is dict:
                x = x.get(b)
                if type(x) is dict:
                    x = x.get(e)
                elif x is not None:
                    x = get(d, c)
            elif x is not None:
                x = get(d, c)
            if type(x) is k1 or type(x) is k2:
                return native(x, bv)
            return slow(x, const)

        return compare3

    def compare(d: Any, c: Context) -> Any:
        x = get(d, c)
        if type(x) is k1 or type(x) is k2:
            return native(x, bv)
        return slow(x, const)

    return compare


def _compare_bool(name: str, impl: Impl, var: Node, const: bool, const_right: bool) -> Fn | None:
    """``x == true`` and the like: a boolean compares natively with a boolean constant (``===`` and
    ``!==`` with any value: only ``true`` is identical to ``true``)."""
    get = var.fn
    if name in ("===", "!=="):
        wanted = name == "==="

        def identical(d: Any, c: Context) -> Any:
            x = get(d, c)
            if type(x) is Unknown:
                return UNKNOWN
            return (x is const) is wanted

        return identical
    if name not in ("==", "!="):
        return None
    equal = name == "=="
    general: Impl = impl if const_right else (lambda x, b: impl(b, x))

    def loose(d: Any, c: Context) -> Any:
        x = get(d, c)
        if type(x) is bool:
            return (x is const) is equal
        return UNKNOWN if type(x) is Unknown else general(x, const)

    return loose


def _between(native: Native, impl: Impl, args: Sequence[Node]) -> Fn | None:
    low, middle, high = args
    if not (low.const and high.const) or middle.const:
        return None
    lo, hi = native_const(low.value), native_const(high.value)
    if lo is None or hi is None or lo[0] is not int or hi[0] is not int:
        return None
    lo_value, hi_value, low_raw, high_raw = lo[2], hi[2], low.value, high.value
    get = middle.fn

    def between(d: Any, c: Context) -> Any:
        x = get(d, c)
        if type(x) is int or type(x) is Decimal:
            return native(lo_value, x) and native(x, hi_value)
        return UNKNOWN if type(x) is Unknown else impl(low_raw, x, high_raw)

    return between


def _membership(impl: Impl, args: Sequence[Node]) -> Fn | None:
    needle, haystack = args
    values = haystack.value
    if needle.const or not haystack.const or type(values) is not list or not values:
        return None
    if not all(type(item) is str or type(item) is int for item in values):
        return None
    choices = frozenset(values)
    get = needle.fn

    def member(d: Any, c: Context) -> Any:
        x = get(d, c)
        if type(x) is str or type(x) is int or type(x) is Decimal:
            return x in choices
        if x is None:
            return False
        return UNKNOWN if type(x) is Unknown else impl(x, values)

    return member


def bracket_condition(logic: Any) -> tuple[str, Any, Any] | None:
    """``(op, X, constant)`` for a condition ``{op: [X, constant]}`` with a scalar constant."""
    if not isinstance(logic, dict) or len(logic) != 1:
        return None
    ((op, args),) = logic.items()
    if op not in NATIVE or not isinstance(args, list) or len(args) != 2:
        return None
    subject, const = args
    if native_const(const) is None or isinstance(subject, str | int | float | bool | None):
        return None
    return op, subject, const


def fused_if(
    cx: Compiler, args: list[Any], paths: list[str], scope: Scope, branches: Sequence[Node]
) -> Fn | None:
    """``{"if": [{"<=": [X, 600]}, a, {"<=": [X, 900]}, b, …, z]}`` (a bracket chain on one
    expression X): X is evaluated once instead of once per condition (it is pure, so the result and
    the errors are the same)."""
    conditions = [bracket_condition(arg) for arg in args[0:-1:2]]
    if len(conditions) < 2 or any(found is None for found in conditions):
        return None
    checked = [found for found in conditions if found is not None]
    subject = checked[0][1]
    if any(found[1] != subject for found in checked):
        return None
    x_fn = cx.arg(subject, scope, paths[0]).fn
    thens = [node.fn for node in branches[1::2]]
    other = branches[-1].fn if len(branches) % 2 else (lambda d, c: None)
    generic = [
        (EAGER_IMPLS[op], const, then) for (op, _, const), then in zip(checked, thens, strict=True)
    ]
    natives = [native_const(const) for _, _, const in checked]
    kinds = {(k[0], k[1]) for k in natives if k is not None}
    k1 = k2 = type(None)  # no native path when the constants are of mixed types
    native: list[tuple[Native, Any, Fn]] = []
    if len(kinds) == 1:
        ((k1, k2),) = kinds
        native = [
            (NATIVE[op], k[2], then)
            for (op, _, _), k, then in zip(checked, natives, thens, strict=True)
            if k is not None
        ]

    def bracket_if(d: Any, c: Context) -> Any:
        x = x_fn(d, c)
        if type(x) is k1 or type(x) is k2:
            for test, const, then in native:
                if test(x, const):
                    return then(d, c)
            return other(d, c)
        for impl, const, then in generic:
            if impl(x, const):
                return then(d, c)
        return other(d, c)

    return bracket_if
