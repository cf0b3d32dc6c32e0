"""The entry points of plain rule evaluation: ``compile`` (cached) and ``evaluate``.

``compile(logic)`` returns ``run(data, today=None)``. The rule's top level becomes generated code
(:mod:`app.rules.codegen`) and the rest closures (:mod:`app.rules.compiler`); both resolve operators
once, at compile time. Compiled rules are cached by canonical JSON in a bounded LRU, so compiling
the same rule again (e.g. a scheme version's rules) is a dictionary look-up.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from app.rules.codegen import generate
from app.rules.compiler import (
    CompiledRule,
    cached,
    closure_entry,
    compile_node,
)
from app.rules.compiler import clear_cache as _clear_compiler_cache
from app.rules.nodes import PLAIN


def compile(logic: Any) -> CompiledRule:
    """Compile a JsonLogic rule (cached). Raises :class:`~app.rules.errors.RuleSyntaxError`
    subclasses for unknown or refused operators, wrong arities, malformed tables, oversized rules.

    The result is ``run(data, today=None)``; evaluation errors are
    :class:`~app.rules.errors.RuleEvaluationError` subclasses.
    """
    return cached(logic, PLAIN, lambda: generate(logic))


def compile_closures(logic: Any) -> CompiledRule:
    """The same rule compiled to closures only (no generated code): same semantics, slower; the
    tests compare both."""
    return cached(logic, "closures", lambda: closure_entry(*compile_node(logic, PLAIN)))


def evaluate(logic: Any, data: Any = None, *, today: date | None = None) -> Any:
    """Evaluate a rule on ``data`` once (compiles through the cache)."""
    return compile(logic)(data, today)


def clear_cache() -> None:
    """Forget every compiled rule (tests)."""
    _clear_compiler_cache()
