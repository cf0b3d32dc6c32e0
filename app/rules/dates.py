"""Dates in rules: ISO texts (``"2026-09-01"``) in and out, whole-year ages, shifts.

Rules never call ``date.today()``: the evaluation context carries "today" (injectable for tests and
simulations; by default the current date in Europe/Paris, the collectivités' legal time).
"""

from __future__ import annotations

import calendar
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from app.rules.errors import RuleTypeError, RuleValueError
from app.rules.numbers import describe, is_number, to_number

PARIS = "Europe/Paris"

UNITS = ("days", "weeks", "months", "years")
"""Units accepted by ``date_add``."""


def paris_today() -> date:
    """Today's date in Europe/Paris."""
    return datetime.now(ZoneInfo(PARIS)).date()


def to_date(value: Any) -> date:
    """A date from an ISO text (``YYYY-MM-DD``, a time part is ignored) or a date object."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if len(text) > 10 and text[10] in "T ":
            text = text[:10]
        try:
            return date.fromisoformat(text) if len(text) == 10 else _bad_date(value)
        except ValueError:
            return _bad_date(value)
    raise RuleTypeError(f"{describe(value)} n'est pas une date")


def _bad_date(value: str) -> date:
    raise RuleValueError(f"{describe(value)} n'est pas une date au format AAAA-MM-JJ")


def iso(value: date) -> str:
    """ISO text of a date."""
    return value.isoformat()


def age_at(birth: date, at: date) -> int:
    """Age in whole years at ``at``. Born on 29 February: one year older on 1 March in common
    years."""
    return at.year - birth.year - ((at.month, at.day) < (birth.month, birth.day))


def whole_number(value: Any, what: str) -> int:
    """An integer argument (``3``, ``"3"``, ``3.0``), or a :class:`RuleValueError`."""
    if isinstance(value, bool) or not (is_number(value) or isinstance(value, str)):
        raise RuleTypeError(f"{what} : {describe(value)} n'est pas un nombre entier")
    number = to_number(value)
    if number != int(number):
        raise RuleValueError(f"{what} : {describe(value)} n'est pas un nombre entier")
    return int(number)


def shift(start: date, amount: int, unit: str) -> date:
    """``start`` shifted by ``amount`` units; months/years clamp to the end of the month
    (31 January + 1 month = 28 or 29 February)."""
    if unit == "days":
        return date.fromordinal(start.toordinal() + amount)
    if unit == "weeks":
        return date.fromordinal(start.toordinal() + 7 * amount)
    months = amount if unit == "months" else 12 * amount
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    if not 1 <= year <= 9999:
        raise RuleValueError("Date hors limites")
    day = min(start.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day)
