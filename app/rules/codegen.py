"""Code generation: a plain-mode rule as one Python function.

The closure compiler (:mod:`app.rules.compiler`) pays a Python call per node. This module writes one
expression instead, e.g. ``{"<=": [{"var": "qf"}, 800]}`` becomes::

    (x2 <= _k3 if type(x2 := (d.get(_k0, _k1) if type(d) is dict else _var(d, _p2, _k1))) is int
     or type(x2) is Decimal else _k4(x2, _k5))

Variables, comparisons, logic, ``if``, arithmetic and ``missing`` are written inline; iterations
(``map``, ``filter``, ``reduce``, ``all``, ``some``, ``none``, ``sum_of``, ``count_of``) call a
helper with their inner rule written as a ``lambda``; ``age``, ``round``, ``bareme``, dates and the
other operations call the same functions as the closures, prepared at compile time (a literal date,
number of places or table is read once). Anything else stays a compiled closure, called from the
expression. Shapes with a faster equivalent are written that way: an ``if`` chain testing one
value against texts (or integers) is a dictionary look-up, and an operation that the rule computes
twice (``round(RFR / parts, 2)`` in a criterion and in the amount) is computed once when its first
occurrence is always evaluated before the others.

Safety rests on three invariants, all tested:

* the generated text never contains anything from the rule: every constant, key and operator is
  bound to a generated name (``_k0``, ``_f1``…); the text uses only those names, Python operators
  and keywords — not a single quote, so no literal from the rule can appear;
* the function runs with **no builtins**: their namespace holds only the names bound here;
* the semantics are those of the closures (the same helpers are called whenever a value is not of
  the expected type), which the differential tests check against the closures and the reference.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from app.rules import ops_data, ops_extra, ops_iter
from app.rules.bareme import parse_table
from app.rules.compiler import (
    PYTHON_ERRORS,
    CompiledRule,
    canonical_key,
    closure_entry,
    compile_tree,
)
from app.rules.errors import RuleError, translate_python_error
from app.rules.fastpaths import BINARY, EAGER_IMPLS, bracket_condition, native_const
from app.rules.nodes import PLAIN, ROOT_SCOPE, Context, Node, Scope, ScopeKind, fresh
from app.rules.ops_data import names_of
from app.rules.paths import MISSING, ItemScope, resolve, split_path
from app.rules.values import contains

MAX_INLINE_DEPTH = 20
"""Operations nested deeper than this are called as closures (keeps the expressions small)."""
MAX_SOURCE = 200_000
"""Longer generated code is not compiled: the rule runs on closures."""
MAX_INLINE_PATH = 8
"""Longer variable paths are read by :func:`_var`."""

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
_ITERATIONS: dict[str, Callable[..., Any]] = {
    "map": ops_iter.map_items,
    "filter": ops_iter.filter_items,
    "all": ops_iter.all_items,
    "some": ops_iter.some_items,
    "none": ops_iter.no_items,
}
_ONLY_TESTED = ("filter", "all", "some", "none")
"""Iterations that only test their inner rule's truthiness (its value is not returned)."""


def _var(data: Any, keys: tuple[str, ...], fallback: Any = None) -> Any:
    """General variable read (any container), ``fallback`` when absent."""
    found = resolve(data, keys)
    return fallback if found is MISSING else found


def _index(key: str) -> int | None:
    """The list index a path segment reads (as :func:`app.rules.paths.step` does), if any."""
    return int(key) if key.isdigit() and key.isascii() else None


@dataclass(frozen=True, slots=True)
class _Data:
    """Where the data of the code being written is.

    ``expr`` is the data object the rule's closures receive, ``scope`` its compile-time scope and
    ``base`` the variable variables are read from. Inside ``sum_of``/``count_of`` (``item`` set),
    ``item`` holds the current item, ``base`` the surrounding data and ``expr`` builds the
    :class:`~app.rules.paths.ItemScope` the closures see."""

    expr: str
    scope: Scope
    base: str
    item: str | None = None
    pair: tuple[str, str] | None = None
    """Inside ``reduce``: the variables of the accumulator and of the current item (``expr``
    builds the object the closures see)."""


_ROOT = _Data("d", ROOT_SCOPE, "d")


class _NotInlined(Exception):
    """A sub-rule the writer cannot place (the whole rule then uses closures)."""


def _repeated(logic: Any) -> tuple[dict[int, str], set[str]]:
    """The canonical text of each operation of ``logic`` (by ``id``) and the texts that occur more
    than once (candidates for computing once)."""
    texts: dict[int, str] = {}
    seen: set[str] = set()
    repeated: set[str] = set()
    stack = [logic]
    while stack:
        item = stack.pop()
        if isinstance(item, Mapping):
            if len(item) == 1:
                text = canonical_key(item)
                if text is not None:
                    texts[id(item)] = text
                    (repeated if text in seen else seen).add(text)
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return texts, repeated


class _Writer:
    """Writes one rule's code and collects the names it binds."""

    def __init__(self, nodes: Mapping[tuple[int, Scope], Node], logic: Any) -> None:
        self.nodes = nodes
        self.texts, self.repeated = _repeated(logic)
        self.names: dict[str, Any] = {
            "type": type,
            "dict": dict,
            "list": list,
            "int": int,
            "str": str,
            "bool": bool,
            "Decimal": Decimal,
            "_len": len,
            "_var": _var,
            "_fresh": fresh,
            "_contains": contains,
            "_Item": ItemScope,
            "_miss": MISSING,
        }
        self.count = 0
        self.sharing = False
        """Whether the operation being written is in a read-only position (``if``, ``and`` and
        ``or`` return one of their operands: those share that position)."""
        self.always = True
        """Whether the code being written is evaluated whenever the function (or the ``lambda``
        being written) runs, and after everything written before it."""
        self.computed: list[dict[tuple[Any, ...], str]] = [{}]
        """Repeated operations already computed into a variable, by (text, data), and the values
        read at path prefixes, by ("path", variable, keys): one mapping per function being
        written (the generated function, then nested ``lambda``s)."""

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

    def node(self, logic: Any, data: _Data) -> Node | None:
        """The compiled node of ``logic`` at ``data``'s scope."""
        return self.nodes.get((id(logic), data.scope))

    def constant(self, logic: Any, data: _Data) -> tuple[bool, Any]:
        """Whether ``logic`` is a compile-time constant, and its value."""
        if not isinstance(logic, Mapping | list | tuple):
            return True, logic
        node = self.node(logic, data)
        if node is None:
            if isinstance(logic, Mapping) and len(logic) != 1:  # a literal object
                return True, dict(logic)
            return False, None
        return node.const, node.value

    def value(self, logic: Any, depth: int, data: _Data, shared: bool = False) -> str:
        """The expression of ``logic`` evaluated on ``data``; ``shared``: the consumer only reads
        the value (a constant list needs no copy, a value computed before may be reused)."""
        if not isinstance(logic, Mapping | list | tuple):
            return self.bind(logic)
        node = self.node(logic, data)
        if node is None:
            if isinstance(logic, Mapping) and len(logic) != 1:  # a literal object
                return self._constant(dict(logic), shared)
            raise _NotInlined(logic)  # compiled in a special way: the rule uses closures
        if node.const:
            return self._constant(node.value, shared)
        if depth > MAX_INLINE_DEPTH:
            return self.closure(node, data)
        if isinstance(logic, list | tuple):
            return f"[{', '.join(self.value(item, depth + 1, data) for item in logic)}]"
        text = self.texts.get(id(logic))
        key = (text, data.expr) if text in self.repeated else None
        if key is not None and shared:
            found = self.find(key)
            if found is not None:
                return found
        always = self.always
        self.sharing = shared
        ((name, raw),) = logic.items()
        args = list(raw) if isinstance(raw, list | tuple) else [raw]
        write = _WRITERS.get(str(name))
        computed = self.computed[-1]
        known = len(computed)
        found = write(self, args, depth + 1, data) if write else None
        if found is None:  # the writer gave up: what it computed on the way is not in the code
            for added in list(computed)[known:]:  # entries are only ever appended meanwhile
                del computed[added]
        self.always = always
        expr = found if found is not None else self.closure(node, data)
        if key is not None and always and key not in self.computed[-1]:
            kept = self.temp()
            self.computed[-1][key] = kept
            expr = f"({kept} := {expr})"
        return expr

    def find(self, key: tuple[Any, ...]) -> str | None:
        """The variable holding what ``key`` names, if code written before computed it."""
        for computed in reversed(self.computed):
            if key in computed:
                return computed[key]
        return None

    def conditional(self, logic: Any, depth: int, data: _Data, shared: bool = False) -> str:
        """:meth:`value` for code that may not run (a branch, a short-circuited operand)."""
        always, self.always = self.always, False
        try:
            return self.value(logic, depth, data, shared)
        finally:
            self.always = always

    def function(self, params: str, logic: Any, depth: int, data: _Data, shared: bool) -> str:
        """``lambda params: <logic on data>`` (its own values computed once)."""
        always, self.always = self.always, True
        self.computed.append({})
        try:
            return f"lambda {params}: {self.value(logic, depth, data, shared)}"
        finally:
            self.computed.pop()
            self.always = always

    def closure(self, node: Node, data: _Data) -> str:
        """A call of the node's compiled closure."""
        return f"{self.bind(node.fn, '_f')}({data.expr}, c)"

    def _constant(self, value: Any, shared: bool) -> str:
        name = self.bind(value)
        if shared or isinstance(value, _SCALARS):
            return name
        if type(value) is list and all(isinstance(item, _SCALARS) for item in value):
            return f"{self.bind(value.copy)}()"  # what fresh() gives, sooner
        return f"_fresh({name})"

    def read(self, data: _Data, keys: tuple[str, ...], fallback: str) -> str:
        """The value at ``keys`` in ``data`` (``fallback`` when absent)."""
        if not keys:
            return data.expr
        if data.pair is not None:  # reduce: {"accumulator": …, "current": …}
            for variable, key in zip(data.pair, ("accumulator", "current"), strict=True):
                if keys[0] == key:
                    return self._path(variable, keys[1:], fallback, variable)
            return fallback
        if data.item is not None and keys[0] == "item":  # sum_of/count_of: the current item
            return self._path(data.item, keys[1:], fallback, data.item)
        return self._path(data.base, keys, fallback, data.expr)

    def _path(self, base: str, keys: tuple[str, ...], fallback: str, general_data: str) -> str:
        """Reads ``keys`` from variable ``base`` inline while the containers are plain objects and
        lists; anything else (another mapping, a tuple…) is read by :func:`_var` from
        ``general_data``."""
        if not keys:
            return base
        general = f"_var({general_data}, {self.bind(keys, '_p')}, {fallback})"
        if len(keys) > MAX_INLINE_PATH:
            return general
        indices = [_index(key) for key in keys]
        kinds = ["dict" if index is None else "list" for index in indices]
        names = [
            self.bind(key if index is None else index)
            for key, index in zip(keys, indices, strict=True)
        ]
        # holders[i]: the value at keys[:i]. One already read by an earlier read of the same prefix
        # (evaluated before this one) is reused: that read assigned it whenever the checks this
        # read makes before using it hold (base, then each holder, is a container of its kind).
        known = [self.find(("path", base, keys[:i])) for i in range(1, len(keys))]
        holders = [base, *(found or self.temp() for found in known)]
        if self.always:
            for i, found in enumerate(known, start=1):
                if found is None:
                    self.computed[-1]["path", base, keys[:i]] = holders[i]

        def get(level: int, missing: str) -> str:
            holder, name = holders[level], names[level]
            if kinds[level] == "dict":
                return (
                    f"{holder}.get({name})"
                    if missing == "None"
                    else f"{holder}.get({name}, {missing})"
                )
            return f"({holder}[{name}] if {name} < _len({holder}) else {missing})"

        # Innermost first: the last key read with the fallback; at each level above, the value
        # read must be a container of the next kind (null: absent; anything else: general read).
        expr = get(len(keys) - 1, fallback)
        for level in range(len(keys) - 2, -1, -1):
            inner = holders[level + 1]
            value = inner if known[level] else f"{inner} := {get(level, 'None')}"
            expr = (
                f"({expr} if type({value}) is {kinds[level + 1]} else "
                f"({fallback} if {inner} is None else {general}))"
            )
        return f"({expr} if type({base}) is {kinds[0]} else {general})"


Writer = Callable[[_Writer, list[Any], int, _Data], str | None]


def _var_expr(w: _Writer, args: list[Any], depth: int, data: _Data) -> str | None:
    if not args or len(args) > 2:
        return None
    if isinstance(args[0], Mapping | list | tuple):  # a computed name
        values = [w.value(arg, depth, data, shared=i == 0) for i, arg in enumerate(args)]
        return f"{w.bind(ops_data.var_named)}({data.expr}, {', '.join(values)})"
    if not isinstance(args[0], str | int | type(None)):
        return None
    if len(args) == 2 and not isinstance(args[1], _SCALARS):
        return None
    return w.read(data, split_path(args[0]), w.bind(args[1] if len(args) == 2 else None))


def _compare_expr(w: _Writer, name: str, args: list[Any], depth: int, data: _Data) -> str | None:
    if len(args) == 3 and name in ("<", "<="):
        return _between_expr(w, name, args, depth, data)
    if len(args) != 2:
        return None
    left, right = args
    for const, other, flipped in ((right, left, False), (left, right, True)):
        if isinstance(other, _SCALARS):
            continue
        if native_const(const) is not None:
            subject = w.value(other, depth, data, shared=True)
            return _compare_with(w, name, subject, const, flipped)
        if type(const) is bool:
            subject = w.value(other, depth, data, shared=True)
            return _compare_bool(w, name, subject, const, flipped)
    impl = w.bind(BINARY[name])
    x, y = w.temp(), w.temp()
    a, b = (w.value(arg, depth, data, shared=True) for arg in args)
    if isinstance(left, _SCALARS) or isinstance(right, _SCALARS):
        return f"{impl}({a}, {b})"
    # Two texts or two integers compare natively (as values.py compares them).
    return (
        f"({x} {_SYMBOLS[name]} {y} if ((type({x} := {a}) is str) & (type({y} := {b}) is str)) "
        f"or ((type({x}) is int) & (type({y}) is int)) else {impl}({x}, {y}))"
    )


def _compare_with(w: _Writer, name: str, subject: str, const: Any, flipped: bool) -> str:
    """``subject <op> const`` natively when the subject's value has the constant's type, else
    through the general implementation."""
    kind1, kind2, value = native_const(const)  # type: ignore[misc]
    symbol = _SYMBOLS[name]
    op = _REFLECT[symbol] if flipped else symbol
    x, impl, raw, native = w.temp(), w.bind(BINARY[name]), w.bind(const), w.bind(value)
    general = _with_null(
        w, name, x, const, flipped, f"{impl}({raw}, {x})" if flipped else f"{impl}({x}, {raw})"
    )
    if kind2 is kind1:
        return f"({x} {op} {native} if type({x} := {subject}) is {kind1.__name__} else {general})"
    # A number: an integer constant is also bound as a decimal (a decimal compares faster with a
    # decimal than with an integer, and exactly the same).
    decimal = w.bind(Decimal(value)) if type(value) is int else native
    return (
        f"({x} {op} {native} if type({x} := {subject}) is int else "
        f"({x} {op} {decimal} if type({x}) is Decimal else {general}))"
    )


def _null_result(name: str, const: Any, flipped: bool) -> tuple[bool, Any]:
    """Whether comparing ``null`` with ``const`` gives a value (computed now), and which."""
    impl = BINARY[name]
    try:
        return True, impl(const, None) if flipped else impl(None, const)
    except Exception:
        return False, None


def _with_null(w: _Writer, name: str, x: str, const: Any, flipped: bool, general: str) -> str:
    """``general``, with the comparison's result for an absent value (``null``) written in."""
    known, result = _null_result(name, const, flipped)
    return f"({w.bind(result)} if {x} is None else {general})" if known else general


def _compare_bool(w: _Writer, name: str, subject: str, const: bool, flipped: bool) -> str | None:
    """``x == true`` and the like: a boolean compares natively with a boolean constant; ``===``
    and ``!==`` need no conversion at all (only ``true`` is identical to ``true``)."""
    raw = w.bind(const)
    if name == "===":
        return f"({subject} is {raw})"
    if name == "!==":
        return f"({subject} is not {raw})"
    if name not in ("==", "!="):
        return None
    x, impl = w.temp(), w.bind(BINARY[name])
    general = _with_null(
        w, name, x, const, flipped, f"{impl}({raw}, {x})" if flipped else f"{impl}({x}, {raw})"
    )
    test = "is" if name == "==" else "is not"
    return f"({x} {test} {raw} if type({x} := {subject}) is bool else {general})"


def _between_expr(w: _Writer, name: str, args: list[Any], depth: int, data: _Data) -> str | None:
    low, middle, high = args
    lo, hi = native_const(low), native_const(high)
    if lo is None or hi is None or lo[0] is not int or hi[0] is not int:
        return None
    x, symbol, impl = w.temp(), _SYMBOLS[name], w.bind(EAGER_IMPLS[name])
    lo_n, hi_n, lo_raw, hi_raw = w.bind(lo[2]), w.bind(hi[2]), w.bind(low), w.bind(high)
    lo_d, hi_d = w.bind(Decimal(lo[2])), w.bind(Decimal(hi[2]))  # see _compare_with
    return (
        f"({lo_n} {symbol} {x} {symbol} {hi_n} if type({x} := "
        f"{w.value(middle, depth, data, shared=True)}) is int else ({lo_d} {symbol} {x} {symbol} "
        f"{hi_d} if type({x}) is Decimal else {impl}({lo_raw}, {x}, {hi_raw})))"
    )


def _in_expr(w: _Writer, args: list[Any], depth: int, data: _Data) -> str | None:
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


def _arithmetic_expr(w: _Writer, name: str, args: list[Any], depth: int, data: _Data) -> str | None:
    if len(args) != 2:
        return None
    impl = w.bind(EAGER_IMPLS[name])
    x, y = w.temp(), w.temp()
    left, right = (w.value(arg, depth, data, shared=True) for arg in args)
    return (
        f"({x} {_ARITHMETIC[name]} {y} if (type({x} := {left}) is int) & "
        f"(type({y} := {right}) is int) else {impl}({x}, {y}))"
    )


def _division_expr(w: _Writer, name: str, args: list[Any], depth: int, data: _Data) -> str | None:
    """``/`` and ``%`` of two integers natively (``/`` when the division is exact); any other
    values (a zero divisor included) go through the general implementation."""
    impl = w.bind(EAGER_IMPLS[name])
    x, y = w.temp(), w.temp()
    left, right = (w.value(arg, depth, data, shared=True) for arg in args)
    native, exact = (f"{x} // {y}", f" and not {x} % {y}") if name == "/" else (f"{x} % {y}", "")
    return (
        f"({native} if (type({x} := {left}) is int) & (type({y} := {right}) is int) and {y}"
        f"{exact} else {impl}({x}, {y}))"
    )


def _eager_expr(w: _Writer, impl: Callable[..., Any], args: list[Any], depth: int, data: _Data):
    values = ", ".join(w.value(arg, depth, data, shared=True) for arg in args)
    return f"{w.bind(impl)}({values})"


def _logical_expr(w: _Writer, name: str, args: list[Any], depth: int, data: _Data) -> str | None:
    if not args:
        return None
    shared = w.sharing
    first = w.value(args[0], depth, data, shared)
    rest = [w.conditional(arg, depth, data, shared) for arg in args[1:]]
    return f"({f' {name} '.join([first, *rest])})"


def _not_expr(w: _Writer, args: list[Any], depth: int, data: _Data, double: bool) -> str | None:
    if len(args) != 1:
        return None
    return f"({'not not' if double else 'not'} {w.value(args[0], depth, data, shared=True)})"


def _if_expr(w: _Writer, args: list[Any], depth: int, data: _Data) -> str | None:
    if len(args) < 2:
        return None
    conditions, branches = args[0:-1:2], args[1::2]
    shared = w.sharing
    expr = w.conditional(args[-1], depth, data, shared) if len(args) % 2 else w.bind(None)
    dispatch = _dispatch(w, conditions, branches, expr, depth, data)
    if dispatch is not None:
        return dispatch
    tests = _bracket_tests(w, conditions, depth, data)
    if tests is None:
        tests = [w.value(conditions[0], depth, data, shared=True)]
        tests += [w.conditional(condition, depth, data, True) for condition in conditions[1:]]
    values = [w.conditional(branch, depth, data, shared) for branch in branches]
    for test, then in zip(reversed(tests), reversed(values), strict=True):
        expr = f"({then} if {test} else {expr})"
    return expr


def _bracket_tests(w: _Writer, conditions: list[Any], depth: int, data: _Data) -> list[str] | None:
    """For ``if`` chains comparing one expression X with constants (a barème written as
    conditions): X is evaluated once, by the first condition (it is pure)."""
    subject = _chain_subject(conditions)
    if subject is None:
        return None
    kept = w.temp()
    first = f"({kept} := {w.value(subject, depth, data, shared=True)})"
    return [
        _compare_with(w, op, first if i == 0 else kept, const, flipped=False)
        for i, (op, _, const) in enumerate(map(bracket_condition, conditions))  # type: ignore[misc]
    ]


def _chain_subject(conditions: list[Any]) -> Any:
    """The expression X if every condition compares X with a constant, else ``None``."""
    found = [bracket_condition(condition) for condition in conditions]
    if len(found) < 2 or any(f is None for f in found):
        return None
    subject = found[0][1]  # type: ignore[index]
    if any(f[1] != subject for f in found):  # type: ignore[index]
        return None
    return subject


def _dispatch(
    w: _Writer, conditions: list[Any], branches: list[Any], otherwise: str, depth: int, data: _Data
) -> str | None:
    """``{"if": [{"==": [X, "a"]}, 1, {"==": [X, "b"]}, 2, …, z]}`` with constant results: when X
    is a text (resp. an integer) and every constant a text (resp. an integer), the result is a
    dictionary look-up (the first equal constant wins, as in the chain); any other X runs the
    chain."""
    subject = _chain_subject(conditions)
    if subject is None:
        return None
    found = [bracket_condition(condition) for condition in conditions]
    if any(op not in ("==", "===") for op, _, _ in found):  # type: ignore[misc]
        return None
    consts = [const for _, _, const in found]  # type: ignore[misc]
    kinds = {type(const) for const in consts}
    if kinds != {str} and kinds != {int}:
        return None
    results = [w.constant(branch, data) for branch in branches]
    if not all(known and isinstance(value, _SCALARS) for known, value in results):
        return None
    table: dict[Any, Any] = {}
    for const, (_, value) in zip(consts, results, strict=True):
        table.setdefault(const, value)
    x, result = w.temp(), w.temp()
    subject_expr = w.value(subject, depth, data, shared=True)
    chain = "_miss"
    for (op, _, const), (_, value) in zip(reversed(found), reversed(results), strict=True):  # type: ignore[misc]
        chain = f"({w.bind(value)} if {_compare_with(w, op, x, const, False)} else {chain})"
    kind = "str" if kinds == {str} else "int"
    null = _miss_or_null(w, found, results)
    if null is not None:
        chain = f"({null} if {x} is None else {chain})"
    return (
        f"({result} if ({result} := ({w.bind(table)}.get({x}, _miss) if type({x} := "
        f"{subject_expr}) is {kind} else {chain})) is not _miss else {otherwise})"
    )


def _miss_or_null(w: _Writer, found: list[Any], results: list[tuple[bool, Any]]) -> str | None:
    """The chain's result when the value is ``null`` (``_miss``: none of the conditions holds),
    computed now; ``None`` if a condition cannot say."""
    for (op, _, const), (_, value) in zip(found, results, strict=True):
        known, test = _null_result(op, const, flipped=False)
        if not known:
            return None
        if test:
            return w.bind(value)
    return "_miss"


def _scoped_expr(w: _Writer, name: str, args: list[Any], depth: int, data: _Data) -> str | None:
    """``map``, ``filter``, ``all``, ``some``, ``none``: the inner rule, a function of the item."""
    if len(args) != 2:
        return None
    items = w.value(args[0], depth, data, shared=True)
    x = w.temp()
    inner = _Data(x, Scope(ScopeKind.ITEM, data.scope), x)
    body = w.function(x, args[1], depth, inner, shared=name in _ONLY_TESTED)
    return f"{w.bind(_ITERATIONS[name])}({items}, {body})"


def _reduce_expr(w: _Writer, args: list[Any], depth: int, data: _Data) -> str | None:
    """``reduce``: the inner rule as a function of the accumulator and the current item (the
    object holding them is built only if the inner rule needs it whole)."""
    items = w.value(args[0], depth, data, shared=True)
    a, x = w.temp(), w.temp()
    pair = f"{{{w.bind('accumulator')}: {a}, {w.bind('current')}: {x}}}"
    inner = _Data(pair, Scope(ScopeKind.REDUCE, data.scope), pair, pair=(a, x))
    body = w.function(f"{a}, {x}", args[1], depth, inner, shared=False)
    initial = w.value(args[2], depth, data) if len(args) > 2 else w.bind(None)
    return f"{w.bind(ops_iter.reduce_pairs)}({items}, {body}, {initial})"


def _chain_expr(w: _Writer, count: bool, args: list[Any], depth: int, data: _Data) -> str | None:
    """``sum_of``/``count_of``: the inner rule as a function of the item, reading other variables
    from the surrounding data (not inside another ``sum_of``/``count_of``)."""
    if len(args) != 2 or data.item is not None or data.pair is not None:
        return None
    items = w.value(args[0], depth, data, shared=True)
    x = w.temp()
    inner = _Data(f"_Item({x}, {data.base})", Scope(ScopeKind.CHAIN, data.scope), data.base, x)
    body = w.function(x, args[1], depth, inner, shared=True)
    helper = ops_iter.count_items if count else ops_iter.sum_items
    return f"{w.bind(helper)}({items}, {body})"


def _missing_list(w: _Writer, names: Any, data: _Data) -> str | None:
    """The list of the names (constants) whose value is absent, ``null`` or ``""``."""
    if type(names) is not list and type(names) is not tuple:
        return None
    parts = []
    for name in names:
        x = w.temp()
        found = w.read(data, split_path(name), "None")
        absent = f"(({x} := {found}) is None or (type({x}) is str and not {x}))"
        parts.append((w.bind(name), absent))
    if len(parts) == 1:
        ((name, absent),) = parts
        return f"([{name}] if {absent} else [])"
    return f"[{', '.join(f'*(({name},) if {absent} else ())' for name, absent in parts)}]"


def _missing_expr(w: _Writer, args: list[Any], depth: int, data: _Data) -> str | None:
    constants = [w.constant(arg, data) for arg in args]
    if not all(known for known, _ in constants):  # computed names
        values = ", ".join(w.value(arg, depth, data, shared=True) for arg in args)
        return f"{w.bind(ops_data.missing_of)}({data.expr}, [{values}])"
    return _missing_list(w, names_of([value for _, value in constants]), data)


def _missing_some_expr(w: _Writer, args: list[Any], depth: int, data: _Data) -> str | None:
    (need_known, need), (names_known, names) = (w.constant(arg, data) for arg in args)
    if not (need_known and names_known) or type(need) is not int:
        return None
    absent = _missing_list(w, names, data)
    if absent is None:
        return None
    x = w.temp()
    # [] when len(names) - len(absent) >= need.
    return f"([] if _len({x} := {absent}) <= {w.bind(len(names) - need)} else {x})"


def _age_expr(w: _Writer, args: list[Any], depth: int, data: _Data) -> str | None:
    if len(args) == 1:
        return f"{w.bind(ops_extra.age_today)}({w.value(args[0], depth, data, True)}, c)"
    known, at = w.constant(args[1], data)
    fixed = ops_extra.age_rule(at) if known else None
    if fixed is None:
        return None
    return f"{w.bind(fixed)}({w.value(args[0], depth, data, shared=True)})"


def _round_expr(w: _Writer, args: list[Any], depth: int, data: _Data) -> str | None:
    known, digits = w.constant(args[1], data) if len(args) == 2 else (True, 0)
    fixed = ops_extra.rounder(digits) if known else None
    if fixed is None:
        return None
    return f"{w.bind(fixed)}({w.value(args[0], depth, data, shared=True)})"


def _bareme_expr(w: _Writer, args: list[Any], depth: int, data: _Data) -> str | None:
    table = parse_table(args[1])  # already checked by the compiler
    values = [w.value(args[0], depth, data, shared=True)]
    if len(args) == 3:
        values.append(w.value(args[2], depth, data, shared=True))
    return f"{w.bind(table.finder())}({', '.join(values)})"


_WRITERS: dict[str, Writer] = {
    "var": _var_expr,
    "in": _in_expr,
    "and": lambda w, a, depth, data: _logical_expr(w, "and", a, depth, data),
    "or": lambda w, a, depth, data: _logical_expr(w, "or", a, depth, data),
    "!": lambda w, a, depth, data: _not_expr(w, a, depth, data, double=False),
    "!!": lambda w, a, depth, data: _not_expr(w, a, depth, data, double=True),
    "if": _if_expr,
    "?:": _if_expr,
    "missing": _missing_expr,
    "missing_some": _missing_some_expr,
    "reduce": _reduce_expr,
    "sum_of": lambda w, a, depth, data: _chain_expr(w, False, a, depth, data),
    "count_of": lambda w, a, depth, data: _chain_expr(w, True, a, depth, data),
    "age": _age_expr,
    "round": _round_expr,
    "bareme": _bareme_expr,
    "today": lambda w, a, depth, data: f"{w.bind(ops_extra.today)}(c)",
}
for _name in _SYMBOLS:
    _WRITERS[_name] = lambda w, a, depth, data, _n=_name: _compare_expr(w, _n, a, depth, data)
for _name in _ARITHMETIC:
    _WRITERS[_name] = lambda w, a, depth, data, _n=_name: _arithmetic_expr(w, _n, a, depth, data)
for _name in ("/", "%"):
    _WRITERS[_name] = lambda w, a, depth, data, _n=_name: _division_expr(w, _n, a, depth, data)
for _name in ("cat", "substr", "min", "max", "merge"):
    _WRITERS[_name] = lambda w, a, depth, data, _i=EAGER_IMPLS[_name]: _eager_expr(
        w, _i, a, depth, data
    )
_WRITERS["date_add"] = lambda w, a, depth, data: _eager_expr(w, ops_extra.date_add, a, depth, data)
for _name in _ITERATIONS:
    _WRITERS[_name] = lambda w, a, depth, data, _n=_name: _scoped_expr(w, _n, a, depth, data)

_USES_CONTEXT = re.compile(r"(?<![\w.])c(?!\w)")
"""The context variable ``c`` as a name in generated code (which holds no string literal; its
other names are ``d``, ``x<n>``, ``_k<n>``, ``_p<n>``, ``_f<n>``…)."""

_TEMPLATE = """\
def rule(data, today=None):
    d = {{}} if data is None else data{context}
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
    writer = _Writer(compiler.nodes, logic)
    try:
        expression = writer.value(logic, 0, _ROOT)
    except _NotInlined:
        return fallback
    if _USES_CONTEXT.search(expression) is None:  # nothing reads the context: no need to build it
        context = ""
    elif compiler.uses_today:
        context = "\n    c = _Context(today)"
    else:
        context = "\n    c = _shared if today is None else _Context(today)"
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
