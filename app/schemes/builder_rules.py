"""The rule builder's conditions and their JSON-Logic (pure functions, no database).

A **condition** — a criterion's rule or a field's display condition — is groups of rows
« variable — opérateur — valeur »: every group is true when all (``and``) or one (``or``) of its
rows are, the condition when all or one of its groups are. A group of one row is written as that
row, a condition of one group as that group.

``condition_to_logic`` writes the JSON-Logic; ``logic_to_condition`` reads it back, or returns
``None`` when the rule has another shape (the builder then shows it read-only, to be edited in
JSON). A condition read from JSON-Logic and written again gives an equivalent rule in the
builder's canonical form (``{"and": [row]}`` becomes ``row``). Amounts: :mod:`builder_amounts`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final

from app.schemes.builder_values import (
    TYPE_LABELS,
    BuilderError,
    format_value,
    parse_value,
)

COMPARISONS: Final = ("==", "!=", "<", "<=", ">", ">=")
OPERATORS: Final[dict[str, str]] = {
    "==": "est égal à",
    "!=": "est différent de",
    "<": "est inférieur à",
    "<=": "est inférieur ou égal à",
    ">": "est supérieur à",
    ">=": "est supérieur ou égal à",
    "entre": "est compris entre (bornes incluses)",
    "parmi": "fait partie de",
    "contient": "contient",
    "vrai": "est « oui »",
    "faux": "est « non »",
    "age": "correspond à un âge (en années) compris entre",
}
BY_TYPE: Final[dict[str, tuple[str, ...]]] = {
    "integer": ("==", "!=", "<", "<=", ">", ">=", "entre", "parmi"),
    "number": ("==", "!=", "<", "<=", ">", ">=", "entre"),
    "money": ("==", "!=", "<", "<=", ">", ">=", "entre"),
    "date": ("==", "!=", "<", "<=", ">", ">=", "entre", "age"),
    "string": ("==", "!=", "parmi"),
    "boolean": ("vrai", "faux"),
    "array": ("contient",),
}
NO_VALUE: Final = ("vrai", "faux")
MODES: Final = {"and": "toutes", "or": "au moins une"}


def operators_for(kind: str) -> tuple[str, ...]:
    """Operators offered for a variable of type ``kind``."""
    return BY_TYPE.get(kind, ())


# Conditions ---------------------------------------------------------------------------------------


@dataclass
class Row:
    """« variable — opérateur — valeur » (``value2``: upper bound of « entre » and « âge »;
    ``at``: the date at which an age is reckoned, today when ``None``)."""

    variable: str
    operator: str
    value: Any = None
    value2: Any = None
    at: str | None = None


@dataclass
class Group:
    """Rows that must all (``and``) or at least one (``or``) hold."""

    mode: str = "and"
    rows: list[Row] = field(default_factory=list)


@dataclass
class Condition:
    """Groups that must all (``and``) or at least one (``or``) hold."""

    mode: str = "and"
    groups: list[Group] = field(default_factory=list)


def row_to_logic(row: Row) -> dict[str, Any]:
    """The JSON-Logic of one row."""
    var = {"var": row.variable}
    if row.operator in COMPARISONS:
        return {row.operator: [var, row.value]}
    if row.operator == "entre":
        return {"<=": [row.value, var, row.value2]}
    if row.operator == "parmi":
        return {"in": [var, list(row.value)]}
    if row.operator == "contient":
        return {"in": [row.value, var]}
    if row.operator in NO_VALUE:
        return {"==": [var, row.operator == "vrai"]}
    if row.operator == "age":
        age = {"age": [var, row.at] if row.at else [var]}
        return {"<=": [row.value, age, row.value2]}
    raise ValueError(f"unknown operator {row.operator!r}")


def logic_to_row(logic: Any) -> Row | None:
    """The row of a JSON-Logic rule, ``None`` if it is not one."""
    if not isinstance(logic, Mapping) or len(logic) != 1:
        return None
    ((op, args),) = logic.items()
    if not isinstance(args, list):
        return None
    if op in COMPARISONS and len(args) == 2:
        name = var_name(args[0])
        if name is None or not _constant(args[1]):
            return None
        if op == "==" and isinstance(args[1], bool):
            return Row(name, "vrai" if args[1] else "faux")
        return Row(name, op, args[1])
    if op == "<=" and len(args) == 3 and _age(args[1]) is not None:
        name, at = _age(args[1])  # type: ignore[misc]
        if not (is_number(args[0]) and is_number(args[2])):
            return None
        return Row(name, "age", args[0], args[2], at)
    if op == "<=" and len(args) == 3:
        name = var_name(args[1])
        if name is None or not (_constant(args[0]) and _constant(args[2])):
            return None
        return Row(name, "entre", args[0], args[2])
    if op == "in" and len(args) == 2:
        name = var_name(args[0])
        if name is not None and isinstance(args[1], list) and all(map(_scalar, args[1])):
            return Row(name, "parmi", list(args[1])) if args[1] else None
        name = var_name(args[1])
        if name is not None and _scalar(args[0]) and args[0] is not None:
            return Row(name, "contient", args[0])
    return None


def condition_to_logic(condition: Condition) -> dict[str, Any]:
    """The JSON-Logic of a condition (one row is written as that row)."""
    groups = [_group_logic(group) for group in condition.groups if group.rows]
    if not groups:
        raise ValueError("a condition needs at least one row")
    return groups[0] if len(groups) == 1 else {condition.mode: groups}


def _group_logic(group: Group) -> dict[str, Any]:
    rows = [row_to_logic(row) for row in group.rows]
    return rows[0] if len(rows) == 1 else {group.mode: rows}


def logic_to_condition(logic: Any) -> Condition | None:
    """The condition of a JSON-Logic rule, ``None`` when the row editor cannot show it."""
    row = logic_to_row(logic)
    if row is not None:
        return Condition("and", [Group("and", [row])])
    mode = _mode(logic)
    if mode is None:
        return None
    groups = []
    for item in logic[mode]:
        group = _logic_to_group(item)
        if group is None:
            return None
        groups.append(group)
    if all(len(g.rows) == 1 for g in groups):  # one level: a single group of rows
        return Condition("and", [Group(mode, [g.rows[0] for g in groups])])
    return Condition(mode, groups)


def _logic_to_group(logic: Any) -> Group | None:
    row = logic_to_row(logic)
    if row is not None:
        return Group("and", [row])
    mode = _mode(logic)
    if mode is None:
        return None
    rows = [logic_to_row(item) for item in logic[mode]]
    if any(r is None for r in rows):
        return None
    return Group(mode, rows)  # type: ignore[arg-type]


def _mode(logic: Any) -> str | None:
    if isinstance(logic, Mapping) and len(logic) == 1:
        ((op, args),) = logic.items()
        if op in MODES and isinstance(args, list) and args:
            return str(op)
    return None


def var_name(value: Any) -> str | None:
    """``x`` for ``{"var": "x"}`` (a variable read without default), else ``None``."""
    if isinstance(value, Mapping) and set(value) == {"var"} and isinstance(value["var"], str):
        return value["var"] or None
    return None


def _age(value: Any) -> tuple[str, str | None] | None:
    """(variable, date) of ``{"age": [{"var": v}, "2026-09-01"?]}``."""
    if not (isinstance(value, Mapping) and set(value) == {"age"}):
        return None
    args = value["age"]
    if not isinstance(args, list) or len(args) not in (1, 2) or var_name(args[0]) is None:
        return None
    if len(args) == 2 and not isinstance(args[1], str):
        return None
    return var_name(args[0]), (args[1] if len(args) == 2 else None)  # type: ignore[return-value]


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool | Decimal)


def _constant(value: Any) -> bool:
    return _scalar(value) and value is not None


def is_number(value: Any) -> bool:
    """A JSON number (not a boolean)."""
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


# Reading what the admin typed ---------------------------------------------------------------------


def read_row(
    variable: str,
    operator: str,
    value: str,
    value2: str,
    kinds: Mapping[str, str],
    at: str = "",
) -> Row:
    """A row from the editor's inputs; :class:`BuilderError` keyed by input name otherwise."""
    if variable not in kinds:
        raise BuilderError({"variable": "Choisissez une donnée dans la liste."})
    kind = kinds[variable]
    if operator not in operators_for(kind):
        raise BuilderError(
            {
                "operator": "Cette comparaison ne s'applique pas à une donnée de type "
                f"{TYPE_LABELS.get(kind, kind)}."
            }
        )
    if operator in NO_VALUE:
        return Row(variable, operator)
    if operator == "parmi":
        items = [part for part in str(value).split(";") if part.strip()]
        if not items:
            raise BuilderError({"value": "Saisissez au moins une valeur."})
        return Row(variable, operator, [_typed(item, kind, "value") for item in items])
    if operator == "contient":
        return Row(variable, operator, _typed(value, "string", "value"))
    if operator == "age":
        kind = "integer"
        when = _typed(at, "date", "at") if str(at or "").strip() else None
    first = _typed(value, kind, "value")
    if operator not in ("entre", "age"):
        return Row(variable, operator, first)
    second = _typed(value2, kind, "value2")
    if second < first:
        raise BuilderError({"value2": "La seconde borne doit être supérieure à la première."})
    return Row(variable, operator, first, second, when if operator == "age" else None)


def row_texts(row: Row, kind: str) -> dict[str, str]:
    """What the value inputs (``value``, ``value2``, ``at``) show for a row."""
    if row.operator == "parmi":
        return {
            "value": "; ".join(format_value(v, kind) for v in row.value),
            "value2": "",
            "at": "",
        }
    if row.operator == "age":
        kind = "integer"
    return {
        "value": format_value(row.value, kind),
        "value2": format_value(row.value2, kind),
        "at": format_value(row.at, "date"),
    }


def _typed(text: str, kind: str, name: str) -> Any:
    if not str(text or "").strip():
        raise BuilderError({name: "Saisissez une valeur."})
    try:
        return parse_value(text, kind)
    except ValueError as error:
        raise BuilderError({name: str(error)}) from None


# Describing rules in French -----------------------------------------------------------------------


def describe_row(row: Row, labels: Mapping[str, str], kinds: Mapping[str, str]) -> str:
    """« Quotient familial (en euros) est inférieur ou égal à 800 »."""
    label = labels.get(row.variable, row.variable)
    kind = kinds.get(row.variable, "string")
    phrase = OPERATORS.get(row.operator, row.operator)
    if row.operator in NO_VALUE:
        return f"{label} {phrase}"
    if row.operator == "entre":
        return (
            f"{label} est compris entre {format_value(row.value, kind)} "
            f"et {format_value(row.value2, kind)}"
        )
    if row.operator == "parmi":
        return f"{label} {phrase} : {', '.join(format_value(v, kind) for v in row.value)}"
    if row.operator == "age":
        when = f" au {format_value(row.at, 'date')}" if row.at else " aujourd'hui"
        return f"{label} : âge{when} compris entre {row.value} et {row.value2} ans"
    return f"{label} {phrase} {format_value(row.value, kind)}"


def describe_condition(
    condition: Condition, labels: Mapping[str, str], kinds: Mapping[str, str]
) -> str:
    """The condition as one French sentence, groups in parentheses."""
    words = {"and": " et ", "or": " ou "}

    def group_text(group: Group) -> str:
        text = words[group.mode].join(describe_row(r, labels, kinds) for r in group.rows)
        return f"({text})" if len(group.rows) > 1 and len(condition.groups) > 1 else text

    return words[condition.mode].join(group_text(g) for g in condition.groups)
