"""Operations over lists: ``map``, ``filter``, ``reduce``, ``all``, ``some``, ``none`` (classic
JsonLogic: the inner rule sees only the current item) and ``sum_of``, ``count_of`` (Tremplin: the
inner rule sees the item as ``item`` *and* the surrounding data, e.g. the household's quotient).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.rules.nodes import (
    UNKNOWN,
    Compiler,
    Context,
    Fn,
    Node,
    Scope,
    ScopeKind,
    Unknown,
    const_node,
    truth,
)
from app.rules.numbers import Number, add, to_number
from app.rules.paths import ItemScope


def _is_list(value: Any) -> bool:
    return type(value) is list or type(value) is tuple


def _compile(cx: Compiler, args: list[Any], paths: list[str], scope: Scope, kind: str):
    items = cx.arg(args[0], scope, paths[0])
    inner = cx.arg(args[1], Scope(kind, scope), paths[1])
    return items.shared(), inner.fn


def build_map(cx: Compiler, args: list[Any], paths: list[str], scope: Scope) -> Node:
    """``{"map": [list, rule]}``: the rule applied to each item (``[]`` if not a list)."""
    items, rule = _compile(cx, args, paths, scope, ScopeKind.ITEM)
    if not cx.mode.kleene:
        return Node(lambda d, c: [rule(x, c) for x in lst] if _is_list(lst := items(d, c)) else [])

    def kleene_map(d: Any, c: Context) -> Any:
        lst = items(d, c)
        if type(lst) is Unknown:
            return UNKNOWN
        result = [rule(x, c) for x in lst] if _is_list(lst) else []
        return UNKNOWN if any(type(x) is Unknown for x in result) else result

    return Node(kleene_map)


def build_filter(cx: Compiler, args: list[Any], paths: list[str], scope: Scope) -> Node:
    """``{"filter": [list, rule]}``: the items for which the rule is truthy."""
    items, rule = _compile(cx, args, paths, scope, ScopeKind.ITEM)
    if not cx.mode.kleene:
        return Node(
            lambda d, c: [x for x in lst if rule(x, c)] if _is_list(lst := items(d, c)) else []
        )

    def kleene_filter(d: Any, c: Context) -> Any:
        lst = items(d, c)
        if type(lst) is Unknown:
            return UNKNOWN
        if not _is_list(lst):
            return []
        tests = [truth(rule(x, c)) for x in lst]
        if any(t is None for t in tests):
            return UNKNOWN
        return [x for x, t in zip(lst, tests, strict=True) if t]

    return Node(kleene_filter)


def build_reduce(cx: Compiler, args: list[Any], paths: list[str], scope: Scope) -> Node:
    """``{"reduce": [list, rule, initial]}``: fold with ``accumulator`` and ``current``."""
    items, rule = _compile(cx, args, paths, scope, ScopeKind.REDUCE)
    initial = cx.arg(args[2], scope, paths[2]) if len(args) > 2 else const_node(None)
    start, kleene = initial.fn, cx.mode.kleene

    def reduce(d: Any, c: Context) -> Any:
        lst = items(d, c)
        accumulator = start(d, c)
        if kleene and (type(lst) is Unknown or type(accumulator) is Unknown):
            return UNKNOWN
        if not _is_list(lst):
            return accumulator
        for current in lst:
            accumulator = rule({"accumulator": accumulator, "current": current}, c)
        return accumulator

    return Node(reduce)


def build_all(cx: Compiler, args: list[Any], paths: list[str], scope: Scope) -> Node:
    """``{"all": [list, rule]}``: true if the list is non-empty and the rule holds for each item."""
    items, rule = _compile(cx, args, paths, scope, ScopeKind.ITEM)
    kleene = cx.mode.kleene

    def all_(d: Any, c: Context) -> Any:
        lst = items(d, c)
        if kleene and type(lst) is Unknown:
            return UNKNOWN
        if not _is_list(lst) or not lst:
            return False
        unknown = False
        for x in lst:
            test = truth(rule(x, c)) if kleene else rule(x, c)
            if test is None and kleene:
                unknown = True
            elif not test:
                return False
        return UNKNOWN if unknown else True

    return Node(all_)


def build_some(cx: Compiler, args: list[Any], paths: list[str], scope: Scope) -> Node:
    """``{"some": [list, rule]}``: true if the rule holds for at least one item."""
    return _any(cx, args, paths, scope, negate=False)


def build_none(cx: Compiler, args: list[Any], paths: list[str], scope: Scope) -> Node:
    """``{"none": [list, rule]}``: true if the rule holds for no item."""
    return _any(cx, args, paths, scope, negate=True)


def _any(cx: Compiler, args: list[Any], paths: list[str], scope: Scope, negate: bool) -> Node:
    items, rule = _compile(cx, args, paths, scope, ScopeKind.ITEM)
    kleene = cx.mode.kleene
    if not kleene:

        def plain_any(d: Any, c: Context) -> bool:
            lst = items(d, c)
            if type(lst) is not list and type(lst) is not tuple:
                return negate
            hit = False
            for x in lst:  # every item is evaluated, as in the reference
                if rule(x, c):
                    hit = True
            return hit is not negate

        return Node(plain_any)

    def kleene_any(d: Any, c: Context) -> Any:
        lst = items(d, c)
        if type(lst) is Unknown:
            return UNKNOWN
        # Every item is evaluated, as in the reference (errors in later items are not skipped).
        tests = [truth(rule(x, c)) for x in lst] if _is_list(lst) else []
        if True in tests:
            return not negate
        return UNKNOWN if None in tests else negate

    return Node(kleene_any)


def build_sum_of(cx: Compiler, args: list[Any], paths: list[str], scope: Scope) -> Node:
    """``{"sum_of": [list, rule]}``: sum of the rule over the items (``item`` is the current item,
    the surrounding data stays visible); 0 for an empty list or a non-list."""
    items, rule = _compile(cx, args, paths, scope, ScopeKind.CHAIN)
    return Node(_chain_loop(items, rule, cx.mode.kleene, count=False))


def build_count_of(cx: Compiler, args: list[Any], paths: list[str], scope: Scope) -> Node:
    """``{"count_of": [list, rule]}``: number of items for which the rule is truthy."""
    items, rule = _compile(cx, args, paths, scope, ScopeKind.CHAIN)
    return Node(_chain_loop(items, rule, cx.mode.kleene, count=True))


def _chain_loop(items: Fn, rule: Fn, kleene: bool, count: bool) -> Fn:
    def loop(d: Any, c: Context) -> Any:
        lst = items(d, c)
        if kleene and type(lst) is Unknown:
            return UNKNOWN
        if not _is_list(lst):
            return 0
        total: Number = 0
        unknown = False
        for x in lst:
            value = rule(ItemScope(x, d), c)
            if count:
                test = truth(value) if kleene else bool(value)
                unknown = unknown or test is None
                total += 1 if test else 0
            elif type(value) is Unknown:
                unknown = True
            else:
                total = add(total, to_number(value))
        return UNKNOWN if unknown else total

    return loop


# ----------------------------------------------------------------------------- generated code
# Plain-mode iterations for :mod:`app.rules.codegen`: the same semantics as the closures above,
# the inner rule being a one-argument function (of the item, of the accumulator/current object,
# or — for sum_of/count_of — of the item, the surrounding data being bound in the function).


def map_items(lst: Any, rule: Callable[[Any], Any]) -> list[Any]:
    """``map``."""
    return [rule(x) for x in lst] if type(lst) is list or type(lst) is tuple else []


def filter_items(lst: Any, rule: Callable[[Any], Any]) -> list[Any]:
    """``filter``."""
    return [x for x in lst if rule(x)] if type(lst) is list or type(lst) is tuple else []


def reduce_items(lst: Any, rule: Callable[[Any], Any], accumulator: Any) -> Any:
    """``reduce`` (the list is evaluated before the initial value, as by the closure)."""
    if type(lst) is not list and type(lst) is not tuple:
        return accumulator
    for current in lst:
        accumulator = rule({"accumulator": accumulator, "current": current})
    return accumulator


def all_items(lst: Any, rule: Callable[[Any], Any]) -> bool:
    """``all``."""
    if (type(lst) is not list and type(lst) is not tuple) or not lst:
        return False
    for x in lst:  # noqa: SIM110 - a loop is faster than all() over a generator
        if not rule(x):
            return False
    return True


def some_items(lst: Any, rule: Callable[[Any], Any]) -> bool:
    """``some`` (every item is evaluated, as in the reference)."""
    hit = False
    if type(lst) is list or type(lst) is tuple:
        for x in lst:
            if rule(x):
                hit = True
    return hit


def no_items(lst: Any, rule: Callable[[Any], Any]) -> bool:
    """``none``."""
    return not some_items(lst, rule)


def sum_items(lst: Any, rule: Callable[[Any], Any]) -> Number:
    """``sum_of``."""
    total: Number = 0
    if type(lst) is list or type(lst) is tuple:
        for x in lst:
            value = rule(x)
            if type(value) is int and type(total) is int:
                total += value
            else:
                total = add(total, to_number(value))
    return total


def count_items(lst: Any, rule: Callable[[Any], Any]) -> int:
    """``count_of``."""
    total = 0
    if type(lst) is list or type(lst) is tuple:
        for x in lst:
            if rule(x):
                total += 1
    return total


def reduce_pairs(lst: Any, rule: Callable[[Any, Any], Any], accumulator: Any) -> Any:
    """``reduce`` with an inner rule of ``(accumulator, current)`` (it reads nothing else)."""
    if type(lst) is not list and type(lst) is not tuple:
        return accumulator
    for current in lst:
        accumulator = rule(accumulator, current)
    return accumulator
