"""Amount grids (« barèmes »): the amount of the bracket a value falls in.

A table is written in the rule itself and read at compile time (it is never evaluated):

* short form: ``[[lower, upper, amount], …]``;
* long form: ``{"brackets": [[lower, upper, amount], …], "inclusive": "lower" | "upper",
  "default": amount}``.

Bounds: with ``"inclusive": "lower"`` (the default) a bracket holds ``lower <= value < upper``; with
``"upper"`` it holds ``lower < value <= upper``. ``null`` is an open bound (first bracket's lower,
last bracket's upper only). Brackets are in increasing order and do not overlap; gaps are allowed.
A value in no bracket gets ``default`` (0 unless stated).

Two dimensions: each amount may be an object ``{"college": 100, "lycee": 150}`` keyed by a column;
the third argument of ``bareme`` gives the column (e.g. the child's school level). A column absent
from the bracket's object gets ``default``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from app.rules.errors import RuleSyntaxError
from app.rules.numbers import Number, float_to_decimal, is_number, to_number, to_text

Amount = Number | None | Mapping[str, Number | None]

INCLUSIVE = ("lower", "upper")


@dataclass(frozen=True, slots=True)
class Bracket:
    """One bracket: bounds (``None`` = open) and the amount (or amounts per column)."""

    lower: Number | None
    upper: Number | None
    amount: Amount


@dataclass(frozen=True, slots=True)
class Table:
    """A parsed, checked amount grid."""

    brackets: tuple[Bracket, ...]
    inclusive: str = "lower"
    default: Number | None = 0
    two_dimensional: bool = False
    _uppers: tuple[Number, ...] = field(init=False, repr=False, compare=False)
    """The brackets' upper bounds, without the last one when it is open (for :func:`bisect`)."""
    _lowers: tuple[Number | None, ...] = field(init=False, repr=False, compare=False)
    _amounts: tuple[Amount, ...] = field(init=False, repr=False, compare=False)
    _lookup: Callable[..., Number | None] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        uppers = tuple(b.upper for b in self.brackets if b.upper is not None)
        object.__setattr__(self, "_uppers", uppers)
        object.__setattr__(self, "_lowers", tuple(b.lower for b in self.brackets))
        amounts = tuple(
            dict(b.amount) if isinstance(b.amount, Mapping) else b.amount for b in self.brackets
        )
        object.__setattr__(self, "_amounts", amounts)
        object.__setattr__(self, "_lookup", self._finder())

    def lookup(self, value: Any, column: Any = None) -> Number | None:
        """The amount for ``value`` (and ``column`` for a two-dimensional table)."""
        return self._lookup(value, column)

    def finder(self) -> Callable[..., Number | None]:
        """:meth:`lookup` as a function of its own (the table's parts bound once)."""
        return self._lookup

    def _finder(self) -> Callable[..., Number | None]:
        """Build :meth:`lookup`'s function.

        Brackets are increasing and disjoint: the only candidate is the first bracket whose upper
        bound is above ``value`` (or reaches it, upper bounds included), found by bisection; the
        value is in it if it is above (or reaches) its lower bound."""
        uppers, lowers, amounts, default = self._uppers, self._lowers, self._amounts, self.default
        # The bounds as decimals too: a decimal compares faster with decimals (and the same).
        decimal_uppers = tuple(map(Decimal, uppers))
        decimal_lowers = tuple(None if lower is None else Decimal(lower) for lower in lowers)
        count = len(lowers)
        upper_included = self.inclusive == "upper"
        search = bisect_left if upper_included else bisect_right

        def lookup(value: Any, column: Any = None) -> Number | None:
            number = value if type(value) is int or type(value) is Decimal else to_number(value)
            decimal = type(number) is Decimal
            index = search(decimal_uppers if decimal else uppers, number)
            if index == count:
                return default
            lower = (decimal_lowers if decimal else lowers)[index]
            if lower is not None and (number <= lower if upper_included else number < lower):
                return default
            amount = amounts[index]
            if type(amount) is dict:
                return amount.get(column if type(column) is str else to_text(column), default)
            return amount

        return lookup


def _number(value: Any) -> Number:
    return float_to_decimal(value) if isinstance(value, float) else to_number(value)


def table_problems(raw: Any) -> list[tuple[str, str]]:
    """Every problem of a raw table, as (JSON pointer relative to the table, French message)."""
    problems: list[tuple[str, str]] = []
    brackets, prefix = raw, ""
    if isinstance(raw, Mapping):
        brackets, prefix = raw.get("brackets"), "/brackets"
        unknown = sorted(set(raw) - {"brackets", "inclusive", "default"})
        problems += [(f"/{key}", f"Clé inconnue dans le barème : « {key} »") for key in unknown]
        if raw.get("inclusive", "lower") not in INCLUSIVE:
            problems.append(("/inclusive", "« inclusive » vaut « lower » ou « upper »"))
        if not _amount_ok(raw.get("default", 0)):
            problems.append(("/default", "Le montant par défaut doit être un nombre ou null"))
    if not isinstance(brackets, list) or not brackets:
        return [*problems, (prefix, "Le barème doit contenir une liste non vide de tranches")]
    previous_upper: Any = None
    dimensions = set()
    for index, bracket in enumerate(brackets):
        where = f"{prefix}/{index}"
        if not isinstance(bracket, list) or len(bracket) != 3:
            problems.append((where, "Une tranche s'écrit [borne basse, borne haute, montant]"))
            continue
        lower, upper, amount = bracket
        bounds_ok = True
        for position, bound in ((0, lower), (1, upper)):
            if bound is not None and not is_number(bound):
                problems.append((f"{where}/{position}", "Une borne doit être un nombre ou null"))
                bounds_ok = False
        if bounds_ok:
            problems += _order_problems(where, index, len(brackets), lower, upper, previous_upper)
        previous_upper = upper if bounds_ok else None
        if isinstance(amount, Mapping):
            dimensions.add(2)
            for column, value in amount.items():
                if not _amount_ok(value):
                    problems.append(
                        (f"{where}/2/{column}", "Le montant doit être un nombre ou null")
                    )
        else:
            dimensions.add(1)
            if not _amount_ok(amount):
                problems.append((f"{where}/2", "Le montant doit être un nombre ou null"))
    if len(dimensions) > 1:
        problems.append(
            (
                prefix,
                "Toutes les tranches doivent avoir un montant simple, ou toutes "
                "un montant par colonne",
            )
        )
    return problems


def _amount_ok(value: Any) -> bool:
    return value is None or is_number(value)


def _order_problems(
    where: str, index: int, count: int, lower: Any, upper: Any, previous_upper: Any
) -> list[tuple[str, str]]:
    problems = []
    if lower is None and index > 0:
        problems.append((f"{where}/0", "Seule la première tranche peut être ouverte vers le bas"))
    if upper is None and index < count - 1:
        problems.append((f"{where}/1", "Seule la dernière tranche peut être ouverte vers le haut"))
    if lower is not None and upper is not None and not _number(lower) < _number(upper):
        problems.append((where, "La borne basse doit être inférieure à la borne haute"))
    overlaps = index > 0 and lower is not None and previous_upper is not None
    if overlaps and _number(lower) < _number(previous_upper):
        problems.append((f"{where}/0", "Les tranches doivent être croissantes et disjointes"))
    return problems


def parse_table(raw: Any, path: str = "") -> Table:
    """A :class:`Table` from its JSON form; raises :class:`RuleSyntaxError` on the first problem."""
    problems = table_problems(raw)
    if problems:
        where, message = problems[0]
        raise RuleSyntaxError(message, path=path + where)
    options = raw if isinstance(raw, Mapping) else {}
    brackets = options.get("brackets", raw)
    default = options.get("default", 0)
    parsed = tuple(
        Bracket(
            None if lower is None else _number(lower),
            None if upper is None else _number(upper),
            _parse_amount(amount),
        )
        for lower, upper, amount in brackets
    )
    return Table(
        brackets=parsed,
        inclusive=options.get("inclusive", "lower"),
        default=None if default is None else _number(default),
        two_dimensional=isinstance(brackets[0][2], Mapping),
    )


def _parse_amount(amount: Any) -> Amount:
    if isinstance(amount, Mapping):
        return {str(k): None if v is None else _number(v) for k, v in amount.items()}
    return None if amount is None else _number(amount)
