"""Operations that read the data: ``var`` (with fast paths for literal paths), ``missing`` and
``missing_some``.

In scheme mode a ``var`` whose value is absent or ``null`` gives UNKNOWN (or its default), and the
reads of top-level data are recorded on the context for the explanation.
"""

from __future__ import annotations

from typing import Any

from app.rules.errors import RuleTypeError
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
)
from app.rules.paths import MISSING, resolve, split_path


def build_var(cx: Compiler, args: list[Any], paths: list[str], scope: Scope) -> Node:
    """``{"var": [name, default]}``: the value at a dotted path of the current data."""
    name = cx.arg(args[0], scope, paths[0]) if args else const_node(None)
    default = cx.arg(args[1], scope, paths[1]) if len(args) > 1 else None
    if not name.const:
        return Node(_dynamic_var(cx, name.fn, default, scope))
    keys = split_path(name.value)
    record = cx.mode.trace and scope.reads_root(keys[0] if keys else None) and bool(keys)
    if cx.mode.kleene and not _internal(scope, keys):
        return Node(_kleene_var(keys, default, record))
    fast = keys if default is None or (default.const and default.value is None) else None
    return Node(_plain_var(keys, default), keys=fast)


def _internal(scope: Scope, keys: tuple[str, ...]) -> bool:
    """``reduce``'s accumulator is the rule's own value, not data: a null there is a value (the
    start of a fold without an initial value), never a missing datum."""
    return scope.kind == ScopeKind.REDUCE and bool(keys) and keys[0] == "accumulator"


def _plain_var(keys: tuple[str, ...], default: Node | None) -> Fn:
    if default is not None and not default.const:
        dflt = default.fn

        def with_dynamic_default(d: Any, c: Context) -> Any:
            fallback = dflt(d, c)
            if not keys:
                return d
            found = resolve(d, keys)
            return fallback if found is MISSING else found

        return with_dynamic_default
    fallback = None if default is None else default.value
    if default is not None and not isinstance(fallback, str | int | float | type(None)):
        const_fn = default.fn
        return lambda d, c: found if (found := resolve(d, keys)) is not MISSING else const_fn(d, c)
    if not keys:
        return lambda d, c: d
    if len(keys) == 1:
        (k1,) = keys

        def var1(d: Any, c: Context) -> Any:
            if type(d) is dict:
                return d.get(k1, fallback)
            found = resolve(d, keys)
            return fallback if found is MISSING else found

        return var1
    if len(keys) == 2:
        k1, k2 = keys

        def var2(d: Any, c: Context) -> Any:
            if type(d) is dict:
                inner = d.get(k1)
                if type(inner) is dict:
                    return inner.get(k2, fallback)
                if inner is None:
                    return fallback
            found = resolve(d, keys)
            return fallback if found is MISSING else found

        return var2
    if len(keys) == 3:
        k1, k2, k3 = keys

        def var3(d: Any, c: Context) -> Any:
            if type(d) is dict:
                inner = d.get(k1)
                if type(inner) is dict:
                    inner = inner.get(k2)
                    if type(inner) is dict:
                        return inner.get(k3, fallback)
                if inner is None:
                    return fallback
            found = resolve(d, keys)
            return fallback if found is MISSING else found

        return var3

    def var_n(d: Any, c: Context) -> Any:
        found = resolve(d, keys)
        return fallback if found is MISSING else found

    return var_n


def _kleene_var(keys: tuple[str, ...], default: Node | None, record: bool) -> Fn:
    dotted = ".".join(keys)
    dflt = default.fn if default is not None else None

    def var(d: Any, c: Context) -> Any:
        found = resolve(d, keys) if keys else d
        if record:
            c.reads.append((dotted, found))  # type: ignore[union-attr]
        if found is MISSING or found is None:
            c.missing_reads += 1
            return UNKNOWN if dflt is None else dflt(d, c)
        return found

    return var


def _dynamic_var(cx: Compiler, name: Fn, default: Node | None, scope: Scope) -> Fn:
    kleene, trace = cx.mode.kleene, cx.mode.trace
    dflt = default.fn if default is not None else (lambda d, c: None)

    def var(d: Any, c: Context) -> Any:
        label = name(d, c)
        fallback = dflt(d, c)
        if type(label) is Unknown:
            return UNKNOWN
        keys = split_path(label)
        if not keys:
            return d
        found = resolve(d, keys)
        if trace and scope.reads_root(keys[0]):
            c.reads.append((".".join(keys), found))  # type: ignore[union-attr]
        if kleene and (found is MISSING or found is None):
            c.missing_reads += 1
            return UNKNOWN if default is None else fallback
        return fallback if found is MISSING else found

    return var


Checks = tuple[tuple[Any, tuple[str, ...], bool], ...]
"""Names to check: (name as written, its keys, whether the read is recorded)."""


def _checks(names: Any, trace: Scope | None) -> Checks:
    checks = []
    for name in names:
        keys = split_path(name)
        record = trace is not None and bool(keys) and trace.reads_root(keys[0])
        checks.append((name, keys, record))
    return tuple(checks)


def _absent(d: Any, c: Context, checks: Checks) -> list[Any]:
    absent = []
    for name, keys, record in checks:
        if len(keys) == 1 and type(d) is dict:
            found = d.get(keys[0], MISSING)
        else:
            found = resolve(d, keys) if keys else d
        if record:
            c.reads.append((".".join(keys), found))  # type: ignore[union-attr]
        if found is MISSING or found is None or (type(found) is str and not found):
            absent.append(name)
    return absent


def names_of(values: list[Any]) -> Any:
    """``missing``'s names: its arguments, or its first argument when that is a list."""
    if values and (type(values[0]) is list or type(values[0]) is tuple):
        return values[0]
    return values


def build_missing(cx: Compiler, args: list[Any], paths: list[str], scope: Scope) -> Node:
    """``{"missing": [names…]}``: the names whose value is absent, ``null`` or ``""``."""
    nodes = [cx.arg(arg, scope, path) for arg, path in zip(args, paths, strict=True)]
    trace = scope if cx.mode.trace else None
    if all(node.const for node in nodes):  # literal names: split once
        checks = _checks(names_of([node.value for node in nodes]), trace)
        return Node(lambda d, c: _absent(d, c, checks))
    fns = [node.shared() for node in nodes]
    kleene = cx.mode.kleene

    def missing(d: Any, c: Context) -> Any:
        names = [f(d, c) for f in fns]
        if kleene and any(type(name) is Unknown for name in names):
            return UNKNOWN
        return _absent(d, c, _checks(names_of(names), trace))

    return Node(missing)


def build_missing_some(cx: Compiler, args: list[Any], paths: list[str], scope: Scope) -> Node:
    """``{"missing_some": [n, [names…]]}``: ``[]`` if at least ``n`` names are present, else the
    missing names."""
    need, names = (cx.arg(arg, scope, path) for arg, path in zip(args, paths, strict=True))
    trace = scope if cx.mode.trace else None
    kleene = cx.mode.kleene
    listed = type(names.value) is list or type(names.value) is tuple
    static = _checks(names.value, trace) if names.const and listed else None
    need_fn, names_fn = need.shared(), names.shared()

    def missing_some(d: Any, c: Context) -> Any:
        count, wanted = need_fn(d, c), names_fn(d, c)
        if kleene and (type(count) is Unknown or type(wanted) is Unknown):
            return UNKNOWN
        if type(wanted) is not list and type(wanted) is not tuple:
            raise RuleTypeError("« missing_some » attend une liste de noms")
        absent = _absent(d, c, static if static is not None else _checks(wanted, trace))
        return [] if len(wanted) - len(absent) >= count else absent

    return Node(missing_some)


# ----------------------------------------------------------------------------- generated code
# Plain-mode reads with a computed name, for :mod:`app.rules.codegen` (same semantics as the
# closures above).


def var_named(data: Any, name: Any, fallback: Any = None) -> Any:
    """``{"var": [<computed name>, default]}``."""
    keys = split_path(name)
    if not keys:
        return data
    found = resolve(data, keys)
    return fallback if found is MISSING else found


def missing_of(data: Any, values: list[Any]) -> list[Any]:
    """``{"missing": [<computed names>…]}`` (as :func:`_absent` reads them)."""
    absent = []
    for name in names_of(values):
        keys = split_path(name)
        if len(keys) == 1 and type(data) is dict:
            found = data.get(keys[0], MISSING)
        else:
            found = resolve(data, keys) if keys else data
        if found is MISSING or found is None or (type(found) is str and not found):
            absent.append(name)
    return absent
