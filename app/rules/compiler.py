"""Compile a JsonLogic rule once into nested closures; evaluate it many times.

Each operator's builder (:mod:`app.rules.operations`) turns the operation into a closure
``fn(data, context)``; operator names are resolved here, at compile time only: evaluating never
looks an operator up by name. The same compiler serves plain mode (the base of
:func:`app.rules.engine.compile`) and scheme mode (three-valued, tracing; see
:mod:`app.rules.nodes`). Compiled rules are cached by their canonical JSON in a bounded LRU.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from app.rules.errors import (
    ArityError,
    RuleError,
    UnknownOperatorError,
    translate_python_error,
)
from app.rules.limits import check_limits
from app.rules.nodes import (
    ROOT_SCOPE,
    SCHEME,
    UNKNOWN,
    Context,
    Fn,
    Mode,
    Node,
    Scope,
    Unknown,
    const_node,
)
from app.rules.operations import OPERATORS, REFUSED

CompiledRule = Callable[..., Any]
"""``run(data, today=None)``: evaluate a compiled rule on a data mapping."""

PYTHON_ERRORS = (TypeError, ValueError, ArithmeticError, LookupError, RecursionError)
_SCALARS = (str, int, float, bool, type(None), Decimal)


def pointer_token(key: str) -> str:
    """Escape one JSON-pointer segment (``/`` → ``~1``, ``~`` → ``~0``)."""
    return key.replace("~", "~0").replace("/", "~1")


class _Compiler:
    """Walks a rule once, turning each operation into a closure (see :mod:`app.rules.nodes`)."""

    def __init__(self, mode: Mode) -> None:
        self.mode = mode
        self.uses_today = False
        self.nodes: dict[tuple[int, Scope], Node] = {}
        """The node of each compiled object or list of the rule, by ``id`` and scope (for the code
        generator; the rule is alive as long as the compiler, so ids are not reused)."""

    def note_today(self) -> None:
        self.uses_today = True

    def arg(self, logic: Any, scope: Scope, path: str) -> Node:
        if isinstance(logic, Mapping):
            if len(logic) != 1:
                return const_node(dict(logic))  # a literal object, as in the reference
            ((name, raw),) = logic.items()
            node = self._operation(str(name), raw, scope, path)
        elif isinstance(logic, list | tuple):
            node = self._array(logic, scope, path)
        else:
            return const_node(logic)
        self.nodes[id(logic), scope] = node
        return node

    def _array(self, items: list[Any] | tuple[Any, ...], scope: Scope, path: str) -> Node:
        nodes = [self.arg(item, scope, f"{path}/{i}") for i, item in enumerate(items)]
        if all(node.const for node in nodes):
            return const_node([node.value for node in nodes])
        fns = [node.fn for node in nodes]
        if self.mode.kleene:

            def kleene_array(d: Any, c: Context) -> Any:
                values = [f(d, c) for f in fns]
                return UNKNOWN if any(type(v) is Unknown for v in values) else values

            return Node(kleene_array)
        if len(nodes) > 1 and all(
            (n.const and isinstance(n.value, _SCALARS)) or not n.const for n in nodes
        ):
            # Scalars in place, only the non-constant elements evaluated.
            template = [n.value if n.const else None for n in nodes]
            slots = tuple((i, n.fn) for i, n in enumerate(nodes) if not n.const)

            def filled(d: Any, c: Context) -> list[Any]:
                values = template.copy()
                for i, f in slots:
                    values[i] = f(d, c)
                return values

            return Node(filled)
        return Node(lambda d, c: [f(d, c) for f in fns])

    def _operation(self, name: str, raw: Any, scope: Scope, where: str) -> Node:
        operator = OPERATORS.get(name)
        if operator is None:
            raise UnknownOperatorError(name, path=where, reason=REFUSED.get(name, ""))
        path = f"{where}/{pointer_token(name)}"
        if isinstance(raw, list | tuple):
            args = list(raw)
            paths = [f"{path}/{i}" for i in range(len(args))]
        else:
            args, paths = [raw], [path]
        if not operator.accepts(len(args)):
            raise ArityError(
                f"« {name} » attend {operator.arity_text()}, {len(args)} donné(s)", path=where
            )
        return operator.build(self, args, paths, scope)


def compile_tree(logic: Any, mode: Mode) -> tuple[Node, _Compiler]:
    """Compile ``logic`` in ``mode``: its root node and the compiler (which knows whether the rule
    needs "today" and the node of each top-level object)."""
    check_limits(logic)
    compiler = _Compiler(mode)
    try:
        node = compiler.arg(logic, ROOT_SCOPE, "")
    except RecursionError:  # pragma: no cover - check_limits keeps nesting far below the limit
        raise RuleError("Règle trop imbriquée") from None
    return node, compiler


def compile_node(logic: Any, mode: Mode) -> tuple[Fn, bool]:
    """Compile ``logic`` in ``mode``: the root closure and whether it needs "today"."""
    node, compiler = compile_tree(logic, mode)
    return node.fn, compiler.uses_today


def closure_entry(root: Fn, uses_today: bool) -> CompiledRule:
    """The public callable ``run(data, today=None)`` around a root closure."""
    shared = Context()
    if uses_today:

        def run_today(data: Any, today: date | None = None) -> Any:
            """Evaluate the compiled rule on ``data`` (``today``: Europe/Paris today)."""
            try:
                return root({} if data is None else data, Context(today))
            except RuleError:
                raise
            except PYTHON_ERRORS as exc:
                raise translate_python_error(exc) from exc

        return run_today

    def run(data: Any, today: date | None = None) -> Any:
        """Evaluate the compiled rule on ``data``."""
        try:
            return root({} if data is None else data, shared if today is None else Context(today))
        except RuleError:
            raise
        except PYTHON_ERRORS as exc:
            raise translate_python_error(exc) from exc

    return run


class LRU:
    """A small thread-safe LRU mapping."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any) -> Any:
        """The cached value (``None`` if absent), marked as recently used."""
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: Any, value: Any) -> None:
        """Store a value, evicting the least recently used beyond ``size``."""
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._items.clear()


CACHE_SIZE = 4096
_cache = LRU(CACHE_SIZE)


def canonical_key(logic: Any) -> str | None:
    """Canonical JSON text of a rule (sorted keys), or ``None`` if it is not plain JSON."""
    try:
        return json.dumps(
            logic, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
        )
    except (TypeError, ValueError, RecursionError):
        return None


def cached(logic: Any, mode: Mode | str, build: Callable[[], Any]) -> Any:
    """The compiled form of ``logic`` in ``mode`` from the cache, built if absent."""
    key = canonical_key(logic)
    if key is None:
        return build()
    found = _cache.get((key, mode))
    if found is None:
        found = build()
        _cache.put((key, mode), found)
    return found


def compile_scheme_rule(logic: Any) -> tuple[Fn, bool]:
    """Compile a criterion or amount in three-valued, tracing mode (cached); used by
    :mod:`app.rules.evaluation`."""
    return cached(logic, SCHEME, lambda: compile_node(logic, SCHEME))


def clear_cache() -> None:
    """Forget every compiled rule (tests)."""
    _cache.clear()
