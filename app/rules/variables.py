"""Which data a rule reads: the dotted ``var`` paths (the scheme builder checks that each exists;
the submission pipeline keeps only the data-source fields the rules use).

Paths are those of the rule's top-level data (``form.enfants``, ``sources.qf.quotient_familial``),
including names inside ``missing``/``missing_some`` and the values of ``bareme``. Inside ``map``,
``filter``, ``all``… the inner rule reads the items: with ``item_paths=True`` these reads are
reported as ``<list path>.*.<field>`` (``form.enfants.*.niveau``) when the list is a variable.
Inside ``sum_of``/``count_of``, ``item.<field>`` reads the item and any other name the top-level
data.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.rules.operations import TABLE_ARGUMENTS
from app.rules.paths import split_path

_CLASSIC_SCOPED = frozenset({"map", "filter", "reduce", "all", "some", "none"})
_CHAIN_SCOPED = frozenset({"sum_of", "count_of"})


def variables_of(logic: Any, *, item_paths: bool = False) -> set[str]:
    """The dotted variable paths ``logic`` can read from its data (literal names only)."""
    found: set[str] = set()
    _collect(logic, "", found, item_paths)
    return found


def _literal_names(raw: Any) -> list[Any]:
    names = raw if isinstance(raw, list | tuple) else [raw]
    if names and isinstance(names[0], list | tuple):
        names = names[0]
    return [name for name in names if isinstance(name, str | int)]


def _collect(logic: Any, prefix: str | None, found: set[str], item_paths: bool) -> None:
    """Walk ``logic``; ``prefix`` is where the current data comes from: ``""`` for the top level,
    ``"form.enfants.*"`` for items of a known list, ``None`` for unknown items."""
    if isinstance(logic, list | tuple):
        for item in logic:
            _collect(item, prefix, found, item_paths)
        return
    if not isinstance(logic, Mapping) or len(logic) != 1:
        return
    ((name, raw),) = logic.items()
    args = list(raw) if isinstance(raw, list | tuple) else [raw]
    if name == "var":
        if args and isinstance(args[0], str | int) and not isinstance(args[0], bool):
            _add(found, prefix, ".".join(split_path(args[0])), item_paths)
        for arg in args:
            _collect(arg, prefix, found, item_paths)
        return
    if name in ("missing", "missing_some"):
        for variable in _literal_names(raw if name == "missing" else args[-1] if args else []):
            _add(found, prefix, ".".join(split_path(variable)), item_paths)
    if name in _CLASSIC_SCOPED or name in _CHAIN_SCOPED:
        _scoped(name, args, prefix, found, item_paths)
        return
    table_at = TABLE_ARGUMENTS.get(name)
    for index, arg in enumerate(args):
        if index != table_at:
            _collect(arg, prefix, found, item_paths)


def _scoped(name: str, args: list[Any], prefix: str | None, found: set[str], item_paths: bool):
    if not args:
        return
    _collect(args[0], prefix, found, item_paths)
    for extra in args[2:]:  # reduce's initial value reads the surrounding data
        _collect(extra, prefix, found, item_paths)
    if len(args) < 2:
        return
    source = args[0]
    list_path = None
    if isinstance(source, Mapping) and len(source) == 1 and "var" in source:
        names = source["var"] if isinstance(source["var"], list) else [source["var"]]
        if names and isinstance(names[0], str) and names[0] and prefix is not None:
            list_path = _join(prefix, names[0]) + ".*"
    if name in _CHAIN_SCOPED:
        _collect_chain(args[1], prefix, list_path, found, item_paths)
    elif name == "reduce":
        _collect(args[1], None, found, item_paths)
        if list_path:
            _collect_reduce(args[1], list_path, found, item_paths)
    else:
        _collect(args[1], list_path, found, item_paths)


def _collect_reduce(logic: Any, list_path: str, found: set[str], item_paths: bool) -> None:
    # Inside reduce, {"var": "current.x"} is the item's field x.
    for path in variables_of(logic):
        if path == "current" or path.startswith("current."):
            _add(found, list_path, path[len("current.") :], item_paths)


def _collect_chain(
    logic: Any, outer: str | None, list_path: str | None, found: set[str], item_paths: bool
) -> None:
    for path in variables_of(logic, item_paths=item_paths):
        if path == "item" or path.startswith("item."):
            _add(found, list_path, path[len("item.") :] if path != "item" else "", item_paths)
        else:
            _add(found, outer, path, item_paths)


def _join(prefix: str, path: str) -> str:
    return f"{prefix}.{path}" if prefix and path else prefix or path


def _add(found: set[str], prefix: str | None, path: str, item_paths: bool) -> None:
    if prefix is None:
        return
    if prefix == "":
        if path:
            found.add(path)
    elif item_paths and path:
        found.add(_join(prefix, path))


def document_variables(document: Mapping[str, Any], *, item_paths: bool = False) -> set[str]:
    """Variables read by a rules document's criteria, amount and display conditions (the
    combinator reads criteria, not data)."""
    found: set[str] = set()
    for criterion in document.get("criteria") or []:
        if isinstance(criterion, Mapping):
            found |= variables_of(criterion.get("logic"), item_paths=item_paths)
    found |= variables_of(document.get("amount"), item_paths=item_paths)
    for logic in (document.get("display_conditions") or {}).values():
        found |= variables_of(logic, item_paths=item_paths)
    return found
