"""Building blocks of compiled rules: modes, evaluation context, compiled nodes, closure factories.

A rule compiles to nested closures ``fn(data, context)``. Each operator's builder receives its
already-compiled arguments as :class:`Node` objects and returns a :class:`Node`; constant
sub-expressions are folded at compile time.

Two modes share the same builders:

* **plain** (``compile``/``evaluate``): JsonLogic semantics, missing values are ``null``;
* **scheme** (criteria of a scheme): three-valued. A missing or ``null`` variable is
  :data:`UNKNOWN`; operations on an unknown value give UNKNOWN, except the logical ones which follow
  Kleene's logic (``or(true, UNKNOWN)`` is true, ``and(false, UNKNOWN)`` is false). When the
  truthiness of a result is known but not its value (``or(UNKNOWN, 5)`` is truthy, but is it the
  unknown value or 5?), the result is :data:`SOME_TRUTHY` or :data:`SOME_FALSY`: conditions use
  their truthiness, other operations treat them as UNKNOWN. Top-level variable reads are recorded
  on the context (``reads``) for the explanation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Final, NamedTuple, Protocol

from app.rules.dates import paris_today
from app.rules.errors import RuleError, RuleTypeError


class Unknown:
    """A value three-valued evaluation cannot tell (``truth``: its truthiness, if known)."""

    __slots__ = ("truth",)

    def __init__(self, truth: bool | None) -> None:
        self.truth = truth

    def __repr__(self) -> str:
        return {None: "UNKNOWN", True: "SOME_TRUTHY", False: "SOME_FALSY"}[self.truth]

    def __bool__(self) -> bool:
        raise RuleTypeError("valeur indéterminée utilisée comme booléen")


UNKNOWN: Final = Unknown(None)
"""Three-valued logic's third value: "cannot tell, a needed value is missing"."""
SOME_TRUTHY: Final = Unknown(True)
"""An unknown value known to be truthy (``or(UNKNOWN, 5)``)."""
SOME_FALSY: Final = Unknown(False)
"""An unknown value known to be falsy (``and(UNKNOWN, false)``)."""


def truth(value: Any) -> bool | None:
    """Truthiness in three-valued logic (``None``: cannot tell)."""
    return value.truth if type(value) is Unknown else bool(value)


class Mode(NamedTuple):
    """Compilation mode: ``kleene`` (three-valued) and ``trace`` (record top-level reads)."""

    kleene: bool
    trace: bool


PLAIN = Mode(kleene=False, trace=False)
SCHEME = Mode(kleene=True, trace=True)


class Context:
    """Per-evaluation state: the reference date and, in scheme mode, the values read."""

    __slots__ = ("_today", "missing_reads", "reads")

    def __init__(self, today: date | None = None, reads: list[tuple[str, Any]] | None = None):
        self._today = today
        self.reads = reads
        self.missing_reads = 0
        """Scheme mode: how many variable reads (at any depth) found no value (or ``null``)."""

    def today(self) -> date:
        """The evaluation's "today" (Europe/Paris today unless injected)."""
        if self._today is None:
            self._today = paris_today()
        return self._today


Fn = Callable[[Any, Context], Any]


@dataclass(frozen=True, slots=True)
class Node:
    """A compiled expression: its closure, and its value when it is a compile-time constant."""

    fn: Fn
    const: bool = False
    value: Any = None
    keys: tuple[str, ...] | None = None
    """Path of a plain-mode ``var`` with a literal name and no default (enables fast paths);
    ``()`` for the whole data."""

    def shared(self) -> Fn:
        """The closure, without copying a constant: for arguments an operation only reads."""
        if not self.const:
            return self.fn
        value = self.value
        return lambda d, c: value


class ScopeKind:
    """Where a ``var`` reads from: the rule's data, an iterated item, or an item over the data."""

    ROOT = "root"
    ITEM = "item"
    REDUCE = "reduce"
    CHAIN = "chain"


@dataclass(frozen=True, slots=True)
class Scope:
    """Compile-time scope of an expression (scoped operations change the data ``var`` reads)."""

    kind: str
    parent: Scope | None = None

    def reads_root(self, first_key: str | None) -> bool:
        """Whether a ``var`` starting with ``first_key`` reads the rule's top-level data."""
        if self.kind == ScopeKind.ROOT:
            return True
        if self.kind == ScopeKind.CHAIN and first_key not in (None, "item") and self.parent:
            return self.parent.reads_root(first_key)
        return False


ROOT_SCOPE = Scope(ScopeKind.ROOT)


class Compiler(Protocol):
    """What operator builders may ask of the compiler."""

    mode: Mode

    def arg(self, logic: Any, scope: Scope, path: str) -> Node:
        """Compile a sub-expression."""
        ...

    def note_today(self) -> None:
        """Record that the rule depends on the evaluation date."""
        ...


Builder = Callable[[Compiler, list[Any], list[str], Scope], Node]
"""An operator builder: ``(compiler, raw arguments, their JSON pointers, scope) -> Node``."""

_IMMUTABLE = (str, int, float, bool, type(None), Decimal)
_FOLD_ERRORS = (RuleError, TypeError, ValueError, ArithmeticError, LookupError)


def fresh(value: Any) -> Any:
    """A copy of the lists and objects of a JSON value (scalars are shared)."""
    if type(value) is list:
        return [fresh(item) for item in value]
    if type(value) is dict:
        return {key: fresh(item) for key, item in value.items()}
    return value


def const_node(value: Any) -> Node:
    """A constant node; a rule returning a list or an object returns a fresh copy each time."""
    if isinstance(value, _IMMUTABLE):
        return Node(lambda d, c: value, True, value)
    if type(value) is list and all(isinstance(item, _IMMUTABLE) for item in value):
        return Node(lambda d, c: value.copy(), True, value)
    return Node(lambda d, c: fresh(value), True, value)


def fold(fn: Fn, args: Sequence[Node]) -> Node | None:
    """Evaluate ``fn`` at compile time when every argument is constant and nothing fails."""
    if not all(arg.const for arg in args):
        return None
    try:
        value = fn(None, Context(date(2000, 1, 1)))
    except _FOLD_ERRORS:
        return None  # the error is raised at evaluation time, as it would be without folding
    return const_node(value)


def eager(impl: Callable[..., Any], args: Sequence[Node], mode: Mode, *, ctx: bool = False) -> Node:
    """Node applying ``impl`` to its evaluated arguments (``impl(context, *values)`` if ``ctx``)."""
    fn = _kleene_closure(impl, args, ctx) if mode.kleene else _plain_closure(impl, args, ctx)
    return (None if ctx else fold(fn, args)) or Node(fn)


def _plain_closure(impl: Callable[..., Any], args: Sequence[Node], ctx: bool) -> Fn:
    fns = [arg.shared() for arg in args]
    if ctx:
        return lambda d, c: impl(c, *[f(d, c) for f in fns])
    if len(args) == 1:
        (a,) = fns
        return lambda d, c: impl(a(d, c))
    if len(args) == 2:
        first, second = args
        a, b = fns
        if second.const:
            bv = second.value
            return lambda d, c: impl(a(d, c), bv)
        if first.const:
            av = first.value
            return lambda d, c: impl(av, b(d, c))
        return lambda d, c: impl(a(d, c), b(d, c))
    if len(args) == 3:
        a, b, e = fns
        return lambda d, c: impl(a(d, c), b(d, c), e(d, c))
    return lambda d, c: impl(*[f(d, c) for f in fns])


def _kleene_closure(impl: Callable[..., Any], args: Sequence[Node], ctx: bool) -> Fn:
    fns = [arg.shared() for arg in args]

    def run(d: Any, c: Context) -> Any:
        values = [f(d, c) for f in fns]
        for value in values:
            if type(value) is Unknown:
                return UNKNOWN
        return impl(c, *values) if ctx else impl(*values)

    return run
