"""Golden tests (« cas de test ») as the builder edits and runs them (pure functions).

A persona is ``{name, today?, form, sources, expected}`` (``docs/rules.md``). The editor shows one
input per value the rules read (``form.nombre_enfants``, ``sources.qf.quotient_familial.valeur``);
answers it cannot show as one input (a repeating group's items…) stay in JSON.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app import rules
from app.schemes.variables import SchemeVariable, builder_variables

SCALAR_TYPES = ("integer", "number", "string", "date", "boolean")


def read_variables(
    rules_document: Mapping[str, Any], variables: Sequence[SchemeVariable]
) -> list[SchemeVariable]:
    """The catalogue's scalar variables the criteria and the amount read, in catalogue order."""
    read: set[str] = set()
    for criterion in rules_document.get("criteria") or ():
        read |= set(rules.variables_of(criterion.get("logic")))
    read |= set(rules.variables_of(rules_document.get("amount")))
    return [v for v in variables if v.path in read and v.type in SCALAR_TYPES]


def _tokens(path: str) -> list[str]:
    head, _, rest = path.partition(".")
    return [head, *rest.split(".")] if rest else [head]


def get_path(persona: Mapping[str, Any], path: str) -> Any:
    """The value at ``form.x.y`` / ``sources.alias.x`` in a persona (``None`` when absent)."""
    current: Any = persona
    for token in _tokens(path):
        if not isinstance(current, Mapping) or token not in current:
            return None
        current = current[token]
    return current


def set_path(persona: dict[str, Any], path: str, value: Any) -> None:
    """Set (or, for ``None``, remove) the value at ``path``, pruning emptied objects."""
    tokens = _tokens(path)
    if value is None:
        _drop(persona, tokens)
        return
    current = persona
    for token in tokens[:-1]:
        if not isinstance(current.get(token), dict):
            current[token] = {}
        current = current[token]
    current[tokens[-1]] = value


def _drop(target: dict[str, Any], tokens: list[str]) -> None:
    head = tokens[0]
    if head not in target:
        return
    if len(tokens) == 1:
        del target[head]
    elif isinstance(target[head], dict):
        _drop(target[head], tokens[1:])
        if not target[head] and head not in ("form", "sources"):
            del target[head]


def without(persona: Mapping[str, Any], paths: Sequence[str]) -> dict[str, Any]:
    """A copy of the persona without ``paths`` (what the JSON inputs show)."""
    rest = copy.deepcopy(dict(persona))
    for path in paths:
        set_path(rest, path, None)
    return rest


@dataclass(frozen=True)
class Verdict:
    """One persona's result, readable."""

    name: str
    passed: bool
    differences: tuple[str, ...]
    explanation: tuple[str, ...]


def run(bundle: Mapping[str, Any]) -> list[Verdict] | None:
    """Every persona's verdict with the explanation; ``None`` when the rules are not valid."""
    if rules.validate_rules(bundle["rules"]):
        return None
    names = {v.path: v.as_catalogue_entry() for v in builder_variables(bundle)}
    report = rules.run_golden_tests(bundle["rules"], bundle.get("tests") or [])
    return [
        Verdict(
            r.name,
            r.passed,
            r.differences,
            tuple(rules.explain(r.evaluation, names)),
        )
        for r in report.results
    ]
