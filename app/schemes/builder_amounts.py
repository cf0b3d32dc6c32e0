"""The amount editor's model and its JSON-Logic (pure functions, no database).

An amount is none, a fixed amount (optionally × a variable), or a barème grid (brackets on a
variable, optionally a second dimension with one amount column per value), optionally summed per
item of a repeating group (``sum_of``) and only for the items whose yes/no field is true.
``logic_to_amount`` returns ``None`` for any other shape (edited in the JSON-Logic mode); a long
form barème with default values is read back as the short form.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.schemes.builder_rules import is_number, var_name


@dataclass
class Bracket:
    """One line of a barème: bounds (``None`` = open) and the amount, or amounts per column."""

    lower: Any
    upper: Any
    amounts: dict[str, Any]
    """``{"": amount}`` for a one-dimension grid, ``{column: amount}`` otherwise."""


@dataclass
class Grid:
    """A barème on ``variable`` (and ``column_variable`` for a second dimension)."""

    variable: str
    brackets: list[Bracket]
    inclusive: str = "lower"
    default: Any = 0
    column_variable: str | None = None
    columns: list[str] = field(default_factory=list)


@dataclass
class Amount:
    """What the amount editor shows."""

    mode: str = "none"  # none | fixed | grid
    fixed: Any = None
    multiplier: str | None = None
    grid: Grid | None = None
    per_item: str | None = None  # ``form.enfants``: summed over the group's items
    item_condition: str | None = None  # ``item.scolarise``: only items where it is true


def amount_to_logic(amount: Amount) -> Any:
    """The ``amount`` rule (``None`` for an aid without amount)."""
    if amount.mode == "none":
        return None
    if amount.mode == "fixed":
        inner: Any = amount.fixed
        if amount.multiplier and not amount.per_item:
            inner = {"*": [amount.fixed, {"var": amount.multiplier}]}
    elif amount.mode == "grid" and amount.grid is not None:
        inner = grid_to_logic(amount.grid)
    else:
        raise ValueError(f"unknown amount mode {amount.mode!r}")
    if amount.per_item:
        if amount.item_condition:
            inner = {"if": [{"var": amount.item_condition}, inner, 0]}
        inner = {"sum_of": [{"var": amount.per_item}, inner]}
    return inner


def logic_to_amount(logic: Any) -> Amount | None:
    """The amount editor's model of an ``amount`` rule, ``None`` if it has another shape."""
    if logic is None:
        return Amount("none")
    per_item = condition = None
    if isinstance(logic, Mapping) and set(logic) == {"sum_of"}:
        args = logic["sum_of"]
        if not (isinstance(args, list) and len(args) == 2 and var_name(args[0])):
            return None
        per_item, logic = var_name(args[0]), args[1]
        if isinstance(logic, Mapping) and set(logic) == {"if"}:
            branch = logic["if"]
            if not (isinstance(branch, list) and len(branch) == 3 and branch[2] == 0):
                return None
            condition = var_name(branch[0])
            if condition is None or not condition.startswith("item."):
                return None
            logic = branch[1]
    amount = _inner_amount(logic, per_item is not None)
    if amount is not None:
        amount.per_item, amount.item_condition = per_item, condition
    return amount


def _inner_amount(logic: Any, per_item: bool) -> Amount | None:
    if is_number(logic):
        return Amount("fixed", fixed=logic)
    if not isinstance(logic, Mapping) or len(logic) != 1:
        return None
    if not per_item and set(logic) == {"*"}:
        args = logic["*"]
        if isinstance(args, list) and len(args) == 2 and is_number(args[0]) and var_name(args[1]):
            return Amount("fixed", fixed=args[0], multiplier=var_name(args[1]))
        return None
    grid = logic_to_grid(logic)
    return Amount("grid", grid=grid) if grid is not None else None


def grid_to_logic(grid: Grid) -> dict[str, Any]:
    """The ``bareme`` operation of a grid (short form when the defaults are kept)."""
    two = grid.column_variable is not None
    rows = []
    for bracket in grid.brackets:
        amount = (
            {c: bracket.amounts[c] for c in grid.columns if bracket.amounts.get(c) is not None}
            if two
            else bracket.amounts.get("")
        )
        rows.append([bracket.lower, bracket.upper, amount])
    table: Any = rows
    if grid.inclusive != "lower" or grid.default != 0:
        table = {"brackets": rows}
        if grid.inclusive != "lower":
            table["inclusive"] = grid.inclusive
        if grid.default != 0:
            table["default"] = grid.default
    args: list[Any] = [{"var": grid.variable}, table]
    if two:
        args.append({"var": grid.column_variable})
    return {"bareme": args}


def logic_to_grid(logic: Any) -> Grid | None:
    """The grid of a ``bareme`` operation on variables, ``None`` for any other rule."""
    if not isinstance(logic, Mapping) or set(logic) != {"bareme"}:
        return None
    args = logic["bareme"]
    if not isinstance(args, list) or len(args) not in (2, 3) or var_name(args[0]) is None:
        return None
    column = var_name(args[2]) if len(args) == 3 else None
    if len(args) == 3 and column is None:
        return None
    table = args[1]
    inclusive, default = "lower", 0
    if isinstance(table, Mapping):
        if not set(table) <= {"brackets", "inclusive", "default"}:
            return None
        inclusive = table.get("inclusive", "lower")
        default = table.get("default", 0)
        table = table.get("brackets")
    if not isinstance(table, list) or not table or inclusive not in ("lower", "upper"):
        return None
    if not (default is None or is_number(default)):
        return None
    brackets, columns = [], []
    for row in table:
        if not (isinstance(row, list) and len(row) == 3):
            return None
        lower, upper, amount = row
        if not all(v is None or is_number(v) for v in (lower, upper)):
            return None
        if column is None:
            if not (amount is None or is_number(amount)):
                return None
            amounts = {"": amount}
        else:
            if not isinstance(amount, Mapping) or not all(
                isinstance(k, str) and (v is None or is_number(v)) for k, v in amount.items()
            ):
                return None
            amounts = dict(amount)
            columns.extend(k for k in amount if k not in columns)
        brackets.append(Bracket(lower, upper, amounts))
    return Grid(args[0]["var"], brackets, inclusive, default, column, columns)
