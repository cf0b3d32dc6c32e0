"""Size limits of a rule, checked before anything recursive touches it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.rules.errors import RuleTooComplexError

MAX_DEPTH = 64
"""Deepest nesting of lists/objects in one rule (real rules stay under 15)."""

MAX_NODES = 10_000
"""Most JSON values (operators, arguments, literals, table cells) in one rule."""


def measure(logic: Any, *, max_nodes: int = MAX_NODES) -> tuple[int, int]:
    """``(depth, nodes)`` of a JSON value, iteratively; stops counting past ``max_nodes`` (so that
    even a self-referencing structure ends)."""
    depth, nodes = 0, 0
    stack: list[tuple[Any, int]] = [(logic, 1)]
    while stack:
        value, level = stack.pop()
        nodes += 1
        depth = max(depth, level)
        if nodes > max_nodes:
            break
        if isinstance(value, Mapping):
            stack.extend((child, level + 1) for child in value.values())
        elif isinstance(value, list | tuple):
            stack.extend((child, level + 1) for child in value)
    return depth, nodes


def check_limits(logic: Any, *, path: str = "") -> None:
    """Raise :class:`RuleTooComplexError` if the rule is too deep or too large."""
    depth, nodes = measure(logic)
    if depth > MAX_DEPTH:
        raise RuleTooComplexError(f"Règle trop imbriquée : plus de {MAX_DEPTH} niveaux", path=path)
    if nodes > MAX_NODES:
        raise RuleTooComplexError(
            f"Règle trop volumineuse : plus de {MAX_NODES} éléments", path=path
        )
