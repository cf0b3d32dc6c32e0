"""Code generation: the top of a plain-mode rule as one Python function.

The closure compiler (:mod:`app.rules.compiler`) pays a Python call per node. For comparisons,
logic, variables and arithmetic — most of an eligibility rule — this module writes one expression
instead, e.g. ``{"<=": [{"var": "qf"}, 800]}`` becomes::

    (x2 <= _k3 if type(x2 := (d.get(_k0, _k1) if type(d) is dict else _var(d, _p2, _k1))) is int
     or type(x2) is Decimal else _k4(x2, _k5))

Anything else (iterations, dates, barèmes, ``missing``…) stays a compiled closure, called from the
expression (in CPython 3.11 a comprehension costs a call too: iterations would gain little).
Safety rests on three invariants, all tested:

* the generated text never contains anything from the rule: every constant, key and operator is
  bound to a generated name (``_k0``, ``_f1``…); the text uses only those names, Python operators
  and keywords — not a single quote, so no literal from the rule can appear;
* the function runs with **no builtins**: their namespace holds only the names bound here;
* the semantics are those of the closures (the same helpers are called whenever a value is not of
  the expected type), which the differential tests check against the closures and the reference.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from app.rules.compiler import PYTHON_ERRORS, CompiledRule, closure_entry, compile_tree
from app.rules.errors import RuleError, translate_python_error
from app.rules.fastpaths import EAGER_IMPLS, bracket_condition, native_const
from app.rules.nodes import PLAIN, Context, Node, fresh
from app.rules.paths import MISSING, resolve, split_path
from app.rules.values import contains

MAX_INLINE_DEPTH = 20
"""Operations nested deeper than this are called as closures (keeps the expressions small)."""
MAX_SOURCE = 200_000
"""Longer generated code is not compiled: the rule runs on closures."""

_SYMBOLS = {
    "==": "==",
    "===": "==",
    "!=": "!=",
    "!==": "!=",
    "<": "<",
    "<=": "<=",
    ">": ">",
    ">=": ">=",
}
_REFLECT = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
_ARITHMETIC = {"+": "+", "-": "-", "*": "*"}
_SCALARS = (str, int, float, bool, type(None), Decimal)


def _var(data: Any, keys: tuple[str, ...], fallback: Any = None) -> Any:
    """General variable read (any container), ``fallback`` when absent."""
    found = resolve(data, keys)
    return fallback if found is MISSING else found


class _NotInlined(Exception):
    """A sub-rule the writer cannot place (the whole rule then uses closures)."""


class _Writer:
    """Writes one rule's code and collects the names it binds."""

    def __init__(self, nodes: Mapping[int, Node]) -> None:
        self.nodes = nodes
        self.names: dict[str, Any] = {
            "type": type,
            "dict": dict,
            "int": int,
            "str": str,
            "Decimal": Decimal,
            "_var": _var,
            "_fresh": fresh,
            "_contains": contains,
        }
        self.count = 0

    def bind(self, value: Any, prefix: str = "_k") -> str:
        """A new global name for ``value``."""
        name = f"{prefix}{self.count}"
        self.count += 1
        self.names[name] = value
        return name

    def temp(self) -> str:
        """A new local name."""
        self.count += 1
        return f"x{self.count}"

    def value(self, logic: Any, depth: int, data: str, shared: bool = False) -> str:
        """The expression of ``logic`` evaluated on the data in variable ``data``; ``shared``: the
        consumer only reads the value (a constant list needs no copy)."""
        if not isinstance(logic, Mapping | list | tuple):
            return self.bind(logic)
        node = self.nodes.get(id(logic))
        if node is None:
            if isinstance(logic, Mapping) and len(logic) != 1:  # a literal object
                return self._constant(dict(logic), shared)
            raise _NotInlined(logic)  # compiled in a special way: the rule uses closures
        if node.const:
            return self._constant(node.value, shared)
        if depth > MAX_INLINE_DEPTH:
            return f"{self.bind(node.fn, '_f')}({data}, c)"
        if isinstance(logic, list | tuple):
            return f"[{', '.join(self.value(item, depth + 1, data) for item in logic)}]"
        ((name, raw),) = logic.items()
        args = list(raw) if isinstance(raw, list | tuple) else [raw]
        write = _WRITERS.get(str(name))
        found = write(self, args, depth + 1, data) if write else None
        return found if found is not None else f"{self.bind(node.fn, '_f')}({data}, c)"

    def _constant(self, value: Any, shared: bool) -> str:
        name = self.bind(value)
        if shared or isinstance(value, _SCALARS):
            return name
        return f"_fresh({name})"


Writer = Callable[[_Writer, list[Any], int, str], str | None]


def _var_expr(w: _Writer, args: list[Any], depth: int, data: str) -> str | None:
    if not args or len(args) > 2 or not isinstance(args[0], str | int | type(None)):
        return None
    if len(args) == 2 and not isinstance(args[1], _SCALARS):
        return None
    keys = split_path(args[0])
    if not keys:
        return data
    fallback = w.bind(args[1] if len(args) == 2 else None)
    general = f"_var({data}, {w.bind(keys, '_p')}, {fallback})"
    if len(keys) > 3:
        return general
    names = [w.bind(key) for key in keys]
    temps = [w.temp() for _ in keys[:-1]]
    # Innermost first: t.get(last, fallback) if t is an object, fallback if t is null, else the
    # general read (a list, another mapping…).
    holder = temps[-1] if temps else data
    expr = f"{holder}.get({names[-1]}, {fallback})"
    for level in range(len(temps) - 1, -1, -1):
        outer = data if level == 0 else temps[level - 1]
        expr = (
            f"({expr} if type({temps[level]} := {outer}.get({names[level]})) is dict else "
            f"({fallback} if {temps[level]} is None else {general}))"
        )
    return f"({expr} if type({data}) is dict else {general})"


def _compare_expr(w: _Writer, name: str, args: list[Any], depth: int, data: str) -> str | None:
    if len(args) == 3 and name in ("<", "<="):
        return _between_expr(w, name, args, depth, data)
    if len(args) != 2:
        return None
    left, right = args
    for const, other, flipped in ((right, left, False), (left, right, True)):
        if not isinstance(other, _SCALARS) and native_const(const) is not None:
            subject = w.value(other, depth, data, shared=True)
            return _compare_with(w, name, subject, const, flipped)
    impl = w.bind(EAGER_IMPLS[name])
    return f"{impl}({w.value(left, depth, data, True)}, {w.value(right, depth, data, True)})"


def _compare_with(w: _Writer, name: str, subject: str, const: Any, flipped: bool) -> str:
    """``subject <op> const`` natively when the subject's value has the constant's type, else
    through the general implementation."""
    kind1, kind2, value = native_const(const)  # type: ignore[misc]
    symbol = _SYMBOLS[name]
    op = _REFLECT[symbol] if flipped else symbol
    x, impl, raw, native = w.temp(), w.bind(EAGER_IMPLS[name]), w.bind(const), w.bind(value)
    general = f"{impl}({raw}, {x})" if flipped else f"{impl}({x}, {raw})"
    return (
        f"({x} {op} {native} if type({x} := {subject}) is {kind1.__name__} or "
        f"type({x}) is {kind2.__name__} else {general})"
    )


def _between_expr(w: _Writer, name: str, args: list[Any], depth: int, data: str) -> str | None:
    low, middle, high = args
    lo, hi = native_const(low), native_const(high)
    if lo is None or hi is None or lo[0] is not int or hi[0] is not int:
        return None
    x, symbol, impl = w.temp(), _SYMBOLS[name], w.bind(EAGER_IMPLS[name])
    lo_n, hi_n, lo_raw, hi_raw = w.bind(lo[2]), w.bind(hi[2]), w.bind(low), w.bind(high)
    return (
        f"({lo_n} {symbol} {x} {symbol} {hi_n} if type({x} := "
        f"{w.value(middle, depth, data, shared=True)}) is int or type({x}) is Decimal else "
        f"{impl}({lo_raw}, {x}, {hi_raw}))"
    )


def _in_expr(w: _Writer, args: list[Any], depth: int, data: str) -> str | None:
    if len(args) != 2:
        return None
    needle, values = args
    simple = type(values) is list and values and all(type(v) in (str, int) for v in values)
    if not simple or isinstance(needle, _SCALARS):
        return None
    x = w.temp()
    choices, raw = w.bind(frozenset(values)), w.bind(values)
    return (
        f"({x} in {choices} if type({x} := {w.value(needle, depth, data, shared=True)}) is "
        f"str or type({x}) is int or type({x}) is Decimal else "
        f"(False if {x} is None else _contains({x}, {raw})))"
    )


def _arithmetic_expr(w: _Writer, name: str, args: list[Any], depth: int, data: str) -> str | None:
    if len(args) != 2:
        return None
    impl = w.bind(EAGER_IMPLS[name])
    x, y = w.temp(), w.temp()
    left, right = (w.value(arg, depth, data, shared=True) for arg in args)
    return (
        f"({x} {_ARITHMETIC[name]} {y} if (type({x} := {left}) is int) & "
        f"(type({y} := {right}) is int) else {impl}({x}, {y}))"
    )


def _eager_expr(w: _Writer, name: str, args: list[Any], depth: int, data: str) -> str:
    values = ", ".join(w.value(arg, depth, data, shared=True) for arg in args)
    return f"{w.bind(EAGER_IMPLS[name])}({values})"


def _logical_expr(w: _Writer, name: str, args: list[Any], depth: int, data: str) -> str | None:
    if not args:
        return None
    return f"({f' {name} '.join(w.value(arg, depth, data) for arg in args)})"


def _not_expr(w: _Writer, args: list[Any], depth: int, data: str, double: bool) -> str | None:
    if len(args) != 1:
        return None
    return f"({'not not' if double else 'not'} {w.value(args[0], depth, data, shared=True)})"


def _if_expr(w: _Writer, args: list[Any], depth: int, data: str) -> str | None:
    if len(args) < 2:
        return None
    conditions, branches = args[0:-1:2], args[1::2]
    expr = w.value(args[-1], depth, data) if len(args) % 2 else w.bind(None)
    tests = _bracket_tests(w, conditions, depth, data) or [
        w.value(condition, depth, data, shared=True) for condition in conditions
    ]
    values = [w.value(branch, depth, data) for branch in branches]
    for test, then in zip(reversed(tests), reversed(values), strict=True):
        expr = f"({then} if {test} else {expr})"
    return expr


def _bracket_tests(w: _Writer, conditions: list[Any], depth: int, data: str) -> list[str] | None:
    """For ``if`` chains comparing one expression X with constants (a barème written as
    conditions): X is evaluated once, by the first condition (it is pure)."""
    found = [bracket_condition(condition) for condition in conditions]
    if len(found) < 2 or any(f is None for f in found):
        return None
    subject = found[0][1]  # type: ignore[index]
    if any(f[1] != subject for f in found):  # type: ignore[index]
        return None
    kept = w.temp()
    first = f"({kept} := {w.value(subject, depth, data, shared=True)})"
    return [
        _compare_with(w, op, first if i == 0 else kept, const, flipped=False)
        for i, (op, _, const) in enumerate(found)  # type: ignore[misc]
    ]


_WRITERS: dict[str, Writer] = {
    "var": _var_expr,
    "in": _in_expr,
    "and": lambda w, a, depth, data: _logical_expr(w, "and", a, depth, data),
    "or": lambda w, a, depth, data: _logical_expr(w, "or", a, depth, data),
    "!": lambda w, a, depth, data: _not_expr(w, a, depth, data, double=False),
    "!!": lambda w, a, depth, data: _not_expr(w, a, depth, data, double=True),
    "if": _if_expr,
    "?:": _if_expr,
}
for _name in _SYMBOLS:
    _WRITERS[_name] = lambda w, a, depth, data, _n=_name: _compare_expr(w, _n, a, depth, data)
for _name in _ARITHMETIC:
    _WRITERS[_name] = lambda w, a, depth, data, _n=_name: _arithmetic_expr(w, _n, a, depth, data)
for _name in ("/", "%", "cat", "substr", "min", "max", "merge"):
    _WRITERS[_name] = lambda w, a, depth, data, _n=_name: _eager_expr(w, _n, a, depth, data)

_TEMPLATE = """\
def rule(data, today=None):
    d = {{}} if data is None else data
    c = {context}
    try:
        return {expression}
    except _RuleError:
        raise
    except _PythonErrors as error:
        raise _translate(error) from error
"""


def generate(logic: Any) -> CompiledRule:
    """Compile ``logic`` (plain mode) to ``run(data, today=None)``: generated code where possible,
    closures for the rest. Raises what the closure compiler raises on invalid rules."""
    root, compiler = compile_tree(logic, PLAIN)
    fallback = closure_entry(root.fn, compiler.uses_today)
    if root.const and isinstance(root.value, _SCALARS):
        value = root.value
        return lambda data, today=None: value
    if root.const or not isinstance(logic, Mapping | list | tuple):
        return fallback
    writer = _Writer(compiler.nodes)
    try:
        expression = writer.value(logic, 0, "d")
    except _NotInlined:
        return fallback
    context = (
        "_Context(today)"
        if compiler.uses_today
        else ("_shared if today is None else _Context(today)")
    )
    source = _TEMPLATE.format(context=context, expression=expression)
    if len(source) > MAX_SOURCE:
        return fallback
    namespace = {
        **writer.names,
        "__builtins__": {},
        "_Context": Context,
        "_shared": Context(),
        "_RuleError": RuleError,
        "_PythonErrors": PYTHON_ERRORS,
        "_translate": translate_python_error,
    }
    try:
        code = compile(source, "<tremplin rule>", "exec")
    except (SyntaxError, RecursionError, MemoryError):  # pragma: no cover - too big to inline
        return fallback
    exec(code, namespace)  # noqa: S102 - generated from fixed templates, run without builtins
    run = namespace["rule"]
    run.__doc__ = "Evaluate the compiled rule on ``data`` (``today``: Europe/Paris today)."
    run.source = source  # type: ignore[attr-defined]
    return run
