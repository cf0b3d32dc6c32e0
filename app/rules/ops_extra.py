"""Tremplin's operations for aid rules: dates, ages, rounding and amount grids.

* ``{"today": []}`` → the evaluation date, ISO text (``"2026-09-01"``);
* ``{"age": [birthdate, at?]}`` → age in whole years at ``at`` (default: today);
* ``{"date_add": [date, n, unit]}`` → ISO date shifted by ``n`` ``days``/``weeks``/``months``/
  ``years`` (end of month clamped);
* ``{"round": [x, digits?]}`` → rounded half away from zero (money: ``digits`` = 2);
* ``{"bareme": [value, table, column?]}`` → the amount of the bracket ``value`` falls in (see
  :mod:`app.rules.bareme`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from app.rules import dates
from app.rules.bareme import parse_table
from app.rules.errors import ArityError, RuleError, RuleSyntaxError, RuleValueError
from app.rules.nodes import Compiler, Context, Node, Scope, const_node, eager
from app.rules.numbers import DECIMAL_CONTEXT, Number, round_half_up, to_number
from app.rules.values import NO_ARG

MAX_ROUND_DIGITS = 10
fromisoformat = date.fromisoformat


def today(c: Context) -> str:
    """``today``."""
    return dates.iso(c.today())


def age(c: Context, birthdate: Any, at: Any = NO_ARG) -> int:
    """``age``."""
    reference = c.today() if at is NO_ARG else dates.to_date(at)
    return dates.age_at(dates.to_date(birthdate), reference)


def birth_date(value: Any) -> date:
    """A birth date read for ``age``: an ISO date string parsed directly (the common case), any
    other value through :func:`dates.to_date` (which raises the usual errors)."""
    if type(value) is str and len(value) == 10:
        try:
            return fromisoformat(value)
        except ValueError:
            pass
    return dates.to_date(value)


def age_on(birthdate: Any, reference: date) -> int:
    """``age`` at a known date (a literal ``at``, read at compile time)."""
    birth = birth_date(birthdate)
    before = (reference.month, reference.day) < (birth.month, birth.day)
    return reference.year - birth.year - before


def age_today(birthdate: Any, c: Context) -> int:
    """``age`` at the evaluation date."""
    return age_on(birthdate, c.today())


def date_add(start: Any, amount: Any, unit: Any) -> str:
    """``date_add``."""
    if unit not in dates.UNITS:
        raise RuleValueError(f"Unité de durée inconnue : « {unit} »")
    count = dates.whole_number(amount, "date_add")
    return dates.iso(dates.shift(dates.to_date(start), count, unit))


def round_places(digits: Any) -> int:
    """``round``'s number of decimal places, checked."""
    places = dates.whole_number(digits, "round")
    if abs(places) > MAX_ROUND_DIGITS:
        raise RuleValueError(f"« round » : au plus {MAX_ROUND_DIGITS} décimales")
    return places


def round_(value: Any, digits: Any = 0) -> Number:
    """``round``."""
    places = round_places(digits)  # checked first: its error wins
    return round_half_up(to_number(value), places)


def rounder(digits: Any) -> Callable[[Any], Number] | None:
    """``round`` to a literal number of places (checked at compile time), or ``None`` if that
    number is invalid (the error is then raised at evaluation)."""
    try:
        places = round_places(digits)
    except RuleError:
        return None

    def round_to(value: Any) -> Number:
        if type(value) is Decimal and places > 0:  # the commonest case, as round_half_up does
            return value.quantize(exponent, ROUND_HALF_UP, DECIMAL_CONTEXT)
        if type(value) is not int and type(value) is not Decimal:
            value = to_number(value)
        return round_half_up(value, places)

    exponent = Decimal(1).scaleb(-places)
    return round_to


def age_rule(at: Any) -> Callable[[Any], int] | None:
    """``age`` at a literal date (read at compile time), or ``None`` if it is not a date (the error
    is then raised at evaluation)."""
    try:
        reference = dates.to_date(at)
    except RuleError:
        return None
    year, day = reference.year, (reference.month, reference.day)

    def age_at_reference(birthdate: Any) -> int:
        birth = birth_date(birthdate)
        return year - birth.year - (day < (birth.month, birth.day))

    return age_at_reference


def build_today(cx: Compiler, args: list[Any], paths: list[str], scope: Scope) -> Node:
    """``{"today": []}``."""
    cx.note_today()
    return eager(today, [], cx.mode, ctx=True)


def build_age(cx: Compiler, args: list[Any], paths: list[str], scope: Scope) -> Node:
    """``{"age": [birthdate, at?]}``."""
    if len(args) == 1:
        cx.note_today()
    nodes = [cx.arg(arg, scope, path) for arg, path in zip(args, paths, strict=True)]
    fixed = age_rule(nodes[1].value) if len(nodes) == 2 and nodes[1].const else None
    if fixed is not None:
        return eager(fixed, nodes[:1], cx.mode)
    return eager(age, nodes, cx.mode, ctx=True)


def build_date_add(cx: Compiler, args: list[Any], paths: list[str], scope: Scope) -> Node:
    """``{"date_add": [date, n, unit]}``; a literal unit is checked at compile time."""
    nodes = [cx.arg(arg, scope, path) for arg, path in zip(args, paths, strict=True)]
    if nodes[2].const and nodes[2].value not in dates.UNITS:
        units = ", ".join(dates.UNITS)
        raise RuleSyntaxError(f"Unité de durée inconnue (attendu : {units})", path=paths[2])
    return eager(date_add, nodes, cx.mode)


def build_round(cx: Compiler, args: list[Any], paths: list[str], scope: Scope) -> Node:
    """``{"round": [x, digits?]}``."""
    nodes = [cx.arg(arg, scope, path) for arg, path in zip(args, paths, strict=True)]
    digits = nodes[1] if len(nodes) == 2 else const_node(0)
    fixed = rounder(digits.value) if digits.const else None
    if fixed is not None:
        return eager(fixed, nodes[:1], cx.mode)
    return eager(round_, nodes, cx.mode)


def build_bareme(cx: Compiler, args: list[Any], paths: list[str], scope: Scope) -> Node:
    """``{"bareme": [value, table, column?]}``; the table is read at compile time."""
    table = parse_table(args[1], paths[1])
    if table.two_dimensional and len(args) < 3:
        raise ArityError(
            "Barème à deux dimensions : indiquer la colonne (3ᵉ argument)", path=paths[0]
        )
    if not table.two_dimensional and len(args) == 3:
        raise ArityError("Barème à une dimension : pas de colonne (3ᵉ argument)", path=paths[2])
    nodes = [cx.arg(args[0], scope, paths[0])]
    if len(args) == 3:
        nodes.append(cx.arg(args[2], scope, paths[2]))
    return eager(table.finder(), nodes, cx.mode)
