"""Logical operations: ``if``/``?:``, ``and``, ``or``, ``!``, ``!!``.

They evaluate lazily (short circuits, as JsonLogic does) and, in scheme mode, follow Kleene's
three-valued logic: ``or(true, UNKNOWN)`` is true, ``and(false, UNKNOWN)`` is false, and an
``if`` whose condition is unknown is decided only when both branches agree.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from app.rules.fastpaths import fused_if
from app.rules.nodes import (
    SOME_FALSY,
    SOME_TRUTHY,
    UNKNOWN,
    Compiler,
    Context,
    Fn,
    Node,
    Scope,
    const_node,
    truth,
)
from app.rules.values import identical


def build_if(cx: Compiler, args: list[Any], paths: list[str], scope: Scope) -> Node:
    """``{"if": [cond, then, cond2, then2, …, else]}`` (``?:`` is the three-argument form)."""
    nodes = [cx.arg(arg, scope, path) for arg, path in zip(args, paths, strict=True)]
    conditions, branches = nodes[0:-1:2], nodes[1::2]
    otherwise = nodes[-1] if len(nodes) % 2 else const_node(None)
    # Fold constant leading conditions.
    while conditions and conditions[0].const:
        if conditions[0].value:
            return branches[0]
        conditions, branches = conditions[1:], branches[1:]
    if not conditions:
        return otherwise
    if cx.mode.kleene:
        return Node(_kleene_if([n.fn for n in conditions], [n.fn for n in branches], otherwise.fn))
    if len(conditions) * 2 == len(nodes) - len(nodes) % 2:  # nothing was folded away
        fused = fused_if(cx, args, paths, scope, nodes)
        if fused is not None:
            return Node(fused)
    if len(conditions) == 1:
        test, then, other = conditions[0].fn, branches[0].fn, otherwise.fn
        return Node(lambda d, c: then(d, c) if test(d, c) else other(d, c))
    if all(_plain_const(node) for node in (*branches, otherwise)):
        table = tuple((n.fn, b.value) for n, b in zip(conditions, branches, strict=True))
        fallback = otherwise.value

        def if_table(d: Any, c: Context) -> Any:
            for test, value in table:
                if test(d, c):
                    return value
            return fallback

        return Node(if_table)
    pairs = [(n.fn, b.fn) for n, b in zip(conditions, branches, strict=True)]
    other = otherwise.fn

    def if_chain(d: Any, c: Context) -> Any:
        for test, then in pairs:
            if test(d, c):
                return then(d, c)
        return other(d, c)

    return Node(if_chain)


def _plain_const(node: Node) -> bool:
    return node.const and isinstance(node.value, str | int | float | bool | Decimal | type(None))


def _kleene_if(conditions: list[Fn], branches: list[Fn], otherwise: Fn) -> Fn:
    def chain(index: int, d: Any, c: Context) -> Any:
        if index == len(conditions):
            return otherwise(d, c)
        test = truth(conditions[index](d, c))
        if test is None:  # either branch: known only if they agree
            then, other = branches[index](d, c), chain(index + 1, d, c)
            if identical(then, other):
                return then
            agreed = truth(then)
            if agreed is not None and agreed is truth(other):
                return SOME_TRUTHY if agreed else SOME_FALSY
            return UNKNOWN
        return branches[index](d, c) if test else chain(index + 1, d, c)

    return lambda d, c: chain(0, d, c)


def _fold_logical(nodes: list[Node], stop_when: bool) -> Node | list[Node]:
    """Drop constant leading operands that cannot decide; return a node if one decides."""
    while nodes and nodes[0].const:
        if bool(nodes[0].value) is stop_when or len(nodes) == 1:
            return nodes[0]
        nodes = nodes[1:]
    return nodes


def build_and(cx: Compiler, args: list[Any], paths: list[str], scope: Scope) -> Node:
    """``and``: the first falsy value, or the last value (Kleene: false beats undetermined)."""
    return _logical(cx, args, paths, scope, is_and=True)


def build_or(cx: Compiler, args: list[Any], paths: list[str], scope: Scope) -> Node:
    """``or``: the first truthy value, or the last value (Kleene: true beats undetermined)."""
    return _logical(cx, args, paths, scope, is_and=False)


def _logical(cx: Compiler, args: list[Any], paths: list[str], scope: Scope, is_and: bool) -> Node:
    nodes = [cx.arg(arg, scope, path) for arg, path in zip(args, paths, strict=True)]
    if not nodes:
        return const_node(False)
    folded = _fold_logical(nodes, stop_when=not is_and)
    if isinstance(folded, Node):
        return folded
    if len(folded) == 1:
        return folded[0]
    fns = tuple(node.fn for node in folded)
    if cx.mode.kleene:
        return Node(_kleene_logical(fns, is_and))
    if len(fns) == 2:
        a, b = fns
        if is_and:
            return Node(lambda d, c: a(d, c) and b(d, c))
        return Node(lambda d, c: a(d, c) or b(d, c))
    if len(fns) == 3:
        a, b, e = fns
        if is_and:
            return Node(lambda d, c: a(d, c) and b(d, c) and e(d, c))
        return Node(lambda d, c: a(d, c) or b(d, c) or e(d, c))

    def logical(d: Any, c: Context) -> Any:
        value = None
        for f in fns:
            value = f(d, c)
            if bool(value) is not is_and:
                return value
        return value

    return Node(logical)


def _kleene_logical(fns: tuple[Fn, ...], is_and: bool) -> Fn:
    # and: the first falsy operand decides (or: the first truthy one). After an undetermined
    # operand, the result's truthiness is known but not its value (it could be that operand's).
    decided = SOME_FALSY if is_and else SOME_TRUTHY

    def logical(d: Any, c: Context) -> Any:
        unknown = False
        value = None
        for f in fns:
            value = f(d, c)
            test = truth(value)
            if test is None:
                unknown = True
            elif test is not is_and:
                return decided if unknown else value
        return UNKNOWN if unknown else value

    return logical


def build_not(cx: Compiler, args: list[Any], paths: list[str], scope: Scope) -> Node:
    """``{"!": x}``: negation (three-valued in scheme mode)."""
    return _truth_operation(cx, args, paths, scope, negate=True)


def build_truthy(cx: Compiler, args: list[Any], paths: list[str], scope: Scope) -> Node:
    """``{"!!": x}``: truthiness (three-valued in scheme mode)."""
    return _truth_operation(cx, args, paths, scope, negate=False)


def _truth_operation(
    cx: Compiler, args: list[Any], paths: list[str], scope: Scope, negate: bool
) -> Node:
    node = cx.arg(args[0], scope, paths[0])
    if node.const:
        return const_node(not node.value if negate else bool(node.value))
    fn = node.fn
    if not cx.mode.kleene:
        if negate:
            return Node(lambda d, c: not fn(d, c))
        return Node(lambda d, c: bool(fn(d, c)))

    def kleene_truth(d: Any, c: Context) -> Any:
        test = truth(fn(d, c))
        return UNKNOWN if test is None else test is not negate

    return Node(kleene_truth)
