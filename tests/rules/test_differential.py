"""Differential tests: the compiled engine against json-logic-qubit 0.9.1 (the reference where the
official suite is silent), on random rules over the supported operators × random data.

Results and raised error kinds must agree, except for the deliberate differences listed in
:data:`DELIBERATE` (each one is checked to really differ, so the list stays truthful). The random
rules avoid, by construction, only the inputs those listed differences are about.
"""

from __future__ import annotations

import contextlib
import re
import warnings
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

import json_logic  # noqa: TID251 - the reference implementation, used only to compare results
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from app.rules import ArityError, RuleError, UnknownOperatorError, compile, evaluate
from app.rules.compiler import compile_scheme_rule
from app.rules.engine import compile_closures
from app.rules.errors import translate_python_error
from app.rules.nodes import Context, Unknown, truth
from app.rules.numbers import is_number, to_number

# --------------------------------------------------------------------------- random data and rules

HOSTILE = "') or __import__('os') #"
STRINGS = ["", "a", "abc", "apple", "0", "1", "2", "10", "2.5", "-3", "a.b", " ", "n", "s", HOSTILE]
FLOATS = [0.5, 0.25, 1.5, 2.75, -0.5, 612.5, 3.125]  # exact in binary and in decimal

ints = st.integers(min_value=-5, max_value=1000)
floats = st.sampled_from(FLOATS)
texts = st.sampled_from(STRINGS)
scalars = st.one_of(ints, floats, texts, st.booleans(), st.none())
# Scoped operations iterate over truthy items only: the reference replaces falsy scoped data by {}
# (deliberate difference "falsy item").
truthy_ints = st.integers(min_value=1, max_value=50) | st.integers(min_value=-5, max_value=-1)
truthy_texts = st.sampled_from([s for s in STRINGS if s])
items = st.fixed_dictionaries({"n": ints, "s": texts, "b": st.booleans()})

DATA_FIELDS = {
    "n": ints,
    "m": ints,
    "f": floats,
    "s": texts,
    "b": st.booleans(),
    "z": st.none(),
    "l": st.lists(truthy_ints, min_size=2, max_size=4),
    "ls": st.lists(truthy_texts, min_size=2, max_size=4),
    "o": st.fixed_dictionaries({"n": ints, "s": texts}),
    "items": st.lists(items, min_size=0, max_size=3),
}
data_strategy = st.fixed_dictionaries({}, optional=DATA_FIELDS)

ROOT_PATHS = [
    "n",
    "m",
    "f",
    "s",
    "b",
    "z",
    "l",
    "ls",
    "o",
    "o.n",
    "o.s",
    "items",
    "l.0",
    "l.1",
    "nope",
    "o.nope",
    "n.x",
    "z.0",
    "b.0",
    "",
    "__class__.__init__.__globals__",
]
ITEM_PATHS = ["", "n", "s", "b", "nope"]
REDUCE_PATHS = ["accumulator", "current", "current.n", "nope"]
CHAIN_PATHS = ["item.n", "item.s", "item.b", "item.nope", "n", "s", "o.n", "nope"]


def _var(paths: list[str], defaults: bool = True) -> st.SearchStrategy[Any]:
    path = st.sampled_from(paths)
    forms = [st.builds(lambda p: {"var": p}, path), st.builds(lambda p: {"var": [p]}, path)]
    if defaults:
        forms.append(st.builds(lambda p, d: {"var": [p, d]}, path, scalars))
    return st.one_of(forms)


def _op(name: str, *args: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.tuples(*args).map(lambda values: {name: list(values)})


def _variadic(name: str, child: st.SearchStrategy[Any], low: int, high: int):
    return st.lists(child, min_size=low, max_size=high).map(lambda values: {name: values})


def _operations(
    child: st.SearchStrategy[Any], scope: str, absence: bool = True
) -> st.SearchStrategy[Any]:
    binary = [
        _op(name, child, child)
        for name in ("==", "===", "!=", "!==", "<", "<=", ">", ">=", "in", "+", "-", "*", "/", "%")
    ]
    ternary = [_op(name, child, child, child) for name in ("<", "<=", "?:")]
    unary = [_op(name, child) for name in ("!", "!!", "-", "+")]
    unary += [child.map(lambda v: {"!": v}), child.map(lambda v: {"!!": v})]
    variadic = [
        _variadic(name, child, 0, 4)
        for name in ("+", "*", "min", "max", "cat", "merge", "and", "or", "if")
    ]
    data_ops = [
        _op("substr", child, ints.map(lambda i: i % 7 - 3)),
        _op("substr", child, child, child),
        _variadic("missing", child, 0, 2),
        child.map(lambda name: {"var": name}),
        st.lists(st.sampled_from(ROOT_PATHS), max_size=3).map(lambda p: {"missing": p}),
        st.lists(st.sampled_from(ROOT_PATHS), max_size=3).map(lambda p: {"missing": [p]}),
        st.tuples(st.integers(0, 3), st.lists(st.sampled_from(ROOT_PATHS), max_size=3)).map(
            lambda t: {"missing_some": [t[0], t[1]]}
        ),
    ]
    data_ops = data_ops if absence else data_ops[:2]  # without dynamic names and ``missing``
    strategies = binary + ternary + unary + variadic + (data_ops if scope == "root" else [])
    if scope == "root":
        strategies += _scoped(absence)
    if scope == "root" and not absence:
        strategies += _chained(child)
    return st.one_of(strategies)


def _expressions(scope: str, max_leaves: int, absence: bool = True) -> st.SearchStrategy[Any]:
    """Random rules; ``absence=False`` leaves out what tests for absence explicitly (``missing``,
    defaults, reading the whole data), which three-valued logic rightly treats as decided."""
    paths = {"root": ROOT_PATHS, "item": ITEM_PATHS, "reduce": REDUCE_PATHS, "chain": CHAIN_PATHS}[
        scope
    ]
    if not absence and scope == "root":
        paths = [p for p in paths if p]
    leaves = st.one_of(scalars, _var(paths, defaults=absence))
    return st.recursive(
        leaves, lambda child: _operations(child, scope, absence), max_leaves=max_leaves
    )


item_rules = _expressions("item", 6)
chain_rules = _expressions("chain", 6, absence=False)
reduce_rules = _expressions("reduce", 6)
truthy_literal_lists = st.lists(st.one_of(truthy_ints, truthy_texts, items), min_size=0, max_size=3)


def _list_sources(absence: bool) -> st.SearchStrategy[Any]:
    """Lists to iterate over: variables, literals, merges and filters of them."""
    lists = ["l", "ls", "items"]
    return st.one_of(
        st.sampled_from([*lists, "nope", "s", "n"]).map(lambda p: {"var": p}),
        truthy_literal_lists,
        st.tuples(truthy_literal_lists, st.sampled_from(lists)).map(
            lambda t: {"merge": [t[0], {"var": [t[1], [7]] if absence else t[1]}]}
        ),
        st.tuples(st.sampled_from(lists), item_rules).map(
            lambda t: {"filter": [{"var": t[0]}, t[1]]}
        ),
    )


list_sources = _list_sources(absence=True)
decided_list_sources = _list_sources(absence=False)


def _chained(child: st.SearchStrategy[Any]) -> list[st.SearchStrategy[Any]]:
    """Tremplin's ``sum_of``/``count_of``: ``item.x`` reads the item, other names the data."""
    sources = st.sampled_from(["items", "l", "nope"]).map(lambda p: {"var": p})
    return [_op("sum_of", sources, chain_rules), _op("count_of", sources, chain_rules)]


def _scoped(absence: bool) -> list[st.SearchStrategy[Any]]:
    sources = list_sources if absence else decided_list_sources
    names = ("map", "filter", "all", "none", "some")
    scoped = [_op(name, sources, item_rules) for name in names]
    # The reference does not evaluate reduce's initial value (deliberate difference): literals only.
    scoped.append(_op("reduce", sources, reduce_rules, scalars))
    scoped.append(_op("reduce", sources, reduce_rules))
    return scoped


rules = _expressions("root", 30)
decided_rules = _expressions("root", 30, absence=False)

# --------------------------------------------------------------------------- comparing outcomes


def _kind(exc: BaseException) -> str:
    for kind, name in (
        (ZeroDivisionError, "zero"),
        (TypeError, "type"),
        (IndexError, "index"),
        (ValueError, "value"),
    ):
        if isinstance(exc, kind):
            return name
    return type(exc).__name__


class _InexactDivision:
    """Records whether the reference divided inexactly (binary floats cannot hold 1/3)."""

    def __init__(self) -> None:
        self.seen = False
        self.original = json_logic._common_operations["/"]

    def __call__(self, a: Any, b: Any) -> Any:
        result = self.original(a, b)
        numerator = Fraction(json_logic._to_numeric(a))
        exact = numerator / Fraction(json_logic._to_numeric(b))
        if Fraction(result) != exact:
            self.seen = True
        return result


@contextlib.contextmanager
def _watched_reference() -> Iterator[_InexactDivision]:
    watcher = _InexactDivision()
    json_logic._common_operations["/"] = watcher
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield watcher
    finally:
        json_logic._common_operations["/"] = watcher.original


def reference(rule: Any, data: Any) -> tuple[str, Any, bool]:
    """``("ok", result)`` or ``("error", kind)`` from json-logic-qubit, and "inexact division"."""
    with _watched_reference() as watcher:
        try:
            return "ok", json_logic.jsonLogic(rule, data), watcher.seen
        except Exception as exc:
            return "error", _kind(exc), watcher.seen


def ours(rule: Any, data: Any, backend: Any = compile) -> tuple[str, Any]:
    """``("ok", result)`` or ``("error", kind)`` from the compiled engine."""
    try:
        return "ok", backend(rule)(data)
    except Exception as exc:
        return "error", _kind(exc)


GENERATED = re.compile(r"^[\w\s()\[\],.:=<>!+\-*/%&{}]*$")
"""What generated code may contain: names, operators, brackets — no quote, so no rule text."""


def equivalent(mine: Any, theirs: Any) -> bool:
    """Same JSON value; numbers compare by exact value (our decimals against their floats)."""
    if is_number(mine) and is_number(theirs):
        return to_number(mine) == to_number(theirs)
    if isinstance(mine, bool) or isinstance(theirs, bool):
        return type(mine) is type(theirs) and mine == theirs
    if isinstance(mine, list) and isinstance(theirs, list):
        return len(mine) == len(theirs) and all(map(equivalent, mine, theirs))
    if isinstance(mine, dict) and isinstance(theirs, dict):
        return mine.keys() == theirs.keys() and all(equivalent(mine[k], theirs[k]) for k in mine)
    return type(mine) is type(theirs) and mine == theirs


@settings(max_examples=1500, deadline=None)
@given(rule=rules, data=data_strategy)
def test_compiled_engine_agrees_with_reference(rule: Any, data: dict[str, Any]) -> None:
    status, theirs, inexact = reference(rule, data)
    if inexact:
        event("skipped: inexact binary division in the reference")
        return
    if status == "error" and theirs == "index":
        event("skipped: reference IndexError on an index out of range")
        return
    mine = ours(rule, data)
    closures = ours(rule, data, compile_closures)
    assert closures[0] == mine[0], (rule, data, mine, closures)
    if mine[0] == "ok":
        assert equivalent(closures[1], mine[1]), (rule, data, mine, closures)
        assert GENERATED.match(getattr(compile(rule), "source", "")), rule
    assert mine[0] == status, (rule, data, mine, theirs)
    if status == "error":
        assert mine[1] == theirs, (rule, data, mine, theirs)
    else:
        assert equivalent(mine[1], theirs), (rule, data, mine[1], theirs)


# --------------------------------------------------------------------------- deliberate differences

DELIBERATE = [
    # (id, rule, data, our result (or exception type), the reference's result (or exception type))
    ("method refused", {"method": ["abc", "upper"]}, {}, UnknownOperatorError, "ABC"),
    (
        "unknown operator at compile time",
        {"if": [True, 1, {"nope": []}]},
        {},
        UnknownOperatorError,
        1,
    ),
    ("arity at compile time", {"if": [True, 1, {">": [1, 2, 3]}]}, {}, ArityError, 1),
    (
        "decimal not truncated",
        {"*": [{"var": "x"}, 2]},
        {"x": Decimal("612.50")},
        Decimal("1225.00"),
        1224,
    ),
    ("no float drift", {"+": [0.1, 0.2]}, {}, Decimal("0.3"), 0.30000000000000004),
    ("exact comparison", {"==": [{"+": [0.1, 0.2]}, 0.3]}, {}, True, False),
    ("number vs numeric text", {"==": [1, "1.0"]}, {}, True, False),
    ("index out of range is missing", {"var": ["l.5", "d"]}, {"l": [1]}, "d", IndexError),
    ("no negative index", {"var": "l.-1"}, {"l": [1, 2]}, None, 2),
    ("texts are not indexed", {"var": "s.0"}, {"s": "abc"}, None, "a"),
    ("falsy item kept", {"map": [[0, 1], {"var": ""}]}, {}, [0, 1], [{}, 1]),
    (
        "reduce initial evaluated",
        {"reduce": [[1, 2], {"+": [{"var": "accumulator"}, {"var": "current"}]}, {"var": "s"}]},
        {"s": 10},
        13,
        TypeError,
    ),
    ("missing_some wants a list", {"missing_some": [1, "ab"]}, {}, TypeError, []),
]


@pytest.mark.parametrize(
    ("rule", "data", "expected", "reference_result"),
    [pytest.param(*case[1:], id=case[0]) for case in DELIBERATE],
)
def test_deliberate_difference(rule: Any, data: Any, expected: Any, reference_result: Any) -> None:
    if isinstance(expected, type) and issubclass(expected, Exception):
        with pytest.raises(expected):
            evaluate(rule, data)
    else:
        result = evaluate(rule, data)
        assert result == expected
        assert type(result) is type(expected)
    status, theirs, _ = reference(rule, data)
    if isinstance(reference_result, type) and issubclass(reference_result, Exception):
        assert (status, theirs) == ("error", _kind(reference_result()))
    else:
        assert (status, theirs) == ("ok", reference_result)
        assert type(theirs) is type(reference_result)


# --------------------------------------------------------------------------- three-valued soundness

TODAY = date(2026, 9, 1)


def _three_valued(rule: Any, data: dict[str, Any]) -> tuple[Any, int]:
    """The scheme-mode result and how many reads found no value (errors as :class:`RuleError`)."""
    context = Context(TODAY, reads=[])
    try:
        return compile_scheme_rule(rule)[0](data, context), context.missing_reads
    except RuleError:
        raise
    except (TypeError, ValueError, ArithmeticError, LookupError) as exc:
        raise translate_python_error(exc) from exc


@settings(max_examples=800, deadline=None)
@given(rule=decided_rules, data=data_strategy, completion=data_strategy)
def test_three_valued_evaluation_is_sound(
    rule: Any, data: dict[str, Any], completion: dict[str, Any]
) -> None:
    """When scheme evaluation decides a rule despite missing values, every way of filling them in
    gives the same truthiness (unless plain evaluation then fails)."""
    try:
        decided = truth(_three_valued(rule, data)[0])
    except RuleError:
        event("three-valued evaluation failed: undetermined")
        return
    if decided is None:
        event("undetermined")
        return
    event("decided")
    completed = {**completion, **data}
    try:
        result = evaluate(rule, completed)
    except RuleError:
        return
    assert bool(result) is decided, (rule, data, completed, result)


@settings(max_examples=400, deadline=None)
@given(rule=rules, data=data_strategy)
def test_three_valued_evaluation_agrees_when_nothing_is_missing(
    rule: Any, data: dict[str, Any]
) -> None:
    context = Context(TODAY, reads=[])
    try:
        scheme: tuple[str, Any] = ("ok", compile_scheme_rule(rule)[0](data, context))
    except Exception:
        scheme = ("error", None)
    if context.missing_reads:
        event("a value was missing")
        return
    try:
        plain: tuple[str, Any] = ("ok", evaluate(rule, data))
    except RuleError:
        plain = ("error", None)
    assert not isinstance(scheme[1], Unknown), (rule, data, scheme)
    assert scheme[0] == plain[0], (rule, data, plain, scheme)
    if plain[0] == "ok":
        assert equivalent(scheme[1], plain[1]), (rule, data, plain, scheme)
