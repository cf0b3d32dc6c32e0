"""Type compatibility of rules with the variables they read (a publication precondition).

Every comparison of a variable with constants (``<``, ``<=``, ``>``, ``>=``, ``==``, ``!=``,
« between », ``in``) is checked against the variable's type in the scheme's catalogue: numbers
against numeric variables, ISO dates against date variables, booleans against yes/no answers, and
the values of a choice against its allowed values. Anything more complex is left to golden tests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from app.rules.explain import simple_comparison
from app.schemes.variables import SchemeVariable

NUMERIC = {"integer", "number", "money"}
ORDERING = {"<", "<=", ">", ">=", "between<", "between<="}
COMPARISONS = {"==", "!=", "===", "!==", "<", "<=", ">", ">=", "in"}
TYPE_NAMES = {
    "integer": "nombre entier",
    "number": "nombre",
    "money": "montant",
    "date": "date",
    "boolean": "oui/non",
    "string": "texte",
    "array": "liste",
    "object": "groupe de champs",
}


def type_problems(logic: Any, variables: Mapping[str, SchemeVariable]) -> list[str]:
    """French descriptions of the comparisons of ``logic`` whose types do not match."""
    problems = []
    for node in _nodes(logic):
        if not (isinstance(node, Mapping) and len(node) == 1 and next(iter(node)) in COMPARISONS):
            continue  # a bare {"var": …} is a truthiness test, valid for any type
        comparison = simple_comparison(node)
        if comparison is None or comparison.path not in variables:
            continue
        variable = variables[comparison.path]
        for constant in comparison.constants:
            problem = _mismatch(variable, comparison.op, constant)
            if problem:
                problems.append(f"« {variable.label} » ({comparison.path}) : {problem}")
                break  # one message per comparison
    return problems


def _mismatch(variable: SchemeVariable, op: str, constant: Any) -> str | None:
    kind = variable.kind
    name = TYPE_NAMES.get(kind, kind)
    if constant is None:
        return None
    if op in ORDERING:
        if kind in NUMERIC and _is_number(constant):
            return None
        if kind == "date" and _is_date(constant):
            return None
        if kind == "string" and isinstance(constant, str) and not variable.choices:
            return None
        return f"une donnée de type {name} ne peut pas être comparée à {constant!r}"
    if variable.choices and op in ("==", "!=", "in"):
        if constant in variable.choices or str(constant) in map(str, variable.choices):
            return None
        allowed = ", ".join(map(str, variable.choices))
        return f"{constant!r} n'est pas une des valeurs possibles ({allowed})"
    if isinstance(constant, bool):
        return None if kind == "boolean" else f"une donnée de type {name} n'est pas un oui/non"
    if _is_number(constant) and kind not in NUMERIC and kind != "string":
        return f"une donnée de type {name} ne peut pas être égale à un nombre"
    if isinstance(constant, str) and kind in NUMERIC | {"boolean"}:
        return f"une donnée de type {name} ne peut pas être égale au texte {constant!r}"
    return None


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_date(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        dt.date.fromisoformat(value[:10])
    except ValueError:
        return False
    return True


def _nodes(logic: Any) -> Iterator[Any]:
    yield logic
    if isinstance(logic, Mapping):
        for value in logic.values():
            yield from _nodes(value)
    elif isinstance(logic, list):
        for value in logic:
            yield from _nodes(value)
