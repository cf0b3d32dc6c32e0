"""French formatting of values for explanations: 612 €, 1 225,50 €, 01/09/2026, oui/non.

Thousands are separated by a narrow no-break space (U+202F) and units by a no-break space (U+00A0),
as French typography (and CLDR's ``fr`` locale) does, so that amounts never break across lines.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from app.rules.numbers import is_number, to_number

THOUSANDS = "\u202f"
UNIT = "\u00a0"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ].*)?$")


def format_number(value: Any, *, decimals: int | None = None) -> str:
    """``1225.5`` → ``1 225,5``; ``decimals`` fixes the number of decimal places."""
    number = to_number(value)
    if decimals is not None:
        number = Decimal(number).quantize(Decimal(1).scaleb(-decimals))
    sign = "-" if number < 0 else ""
    text = format(abs(number), "f") if isinstance(number, Decimal) else str(abs(number))
    whole, _, fraction = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    result = sign + THOUSANDS.join(groups)
    return f"{result},{fraction}" if fraction else result


def format_money(value: Any) -> str:
    """``612`` → ``612 €``; ``1225.5`` → ``1 225,50 €`` (cents shown only when not whole)."""
    number = to_number(value)
    whole = number == int(number)
    return f"{format_number(number, decimals=0 if whole else 2)}{UNIT}€"


def format_date(value: Any) -> str:
    """``2026-09-01`` or a date → ``01/09/2026``."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return value.strftime("%d/%m/%Y")


def is_iso_date(value: Any) -> bool:
    """Whether ``value`` is an ISO date text (or a date)."""
    if isinstance(value, date):
        return True
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        return False
    try:
        date.fromisoformat(value[:10])
    except ValueError:
        return False
    return True


def format_value(value: Any, spec: Mapping[str, Any] | None = None) -> str:
    """French text of a value, using the variable catalogue's ``type``, ``unit`` and ``labels``
    (the titles of a choice's values: « Collège » for ``college``) if given."""
    spec = spec or {}
    kind, unit = spec.get("type"), spec.get("unit")
    if value is None:
        return "donnée manquante"
    labels = spec.get("labels") or {}
    if labels and not isinstance(value, bool):
        if isinstance(value, str | int) and str(value) in labels:
            return str(labels[str(value)])
        if isinstance(value, list | tuple) and value and all(str(v) in labels for v in value):
            return ", ".join(str(labels[str(v)]) for v in value)
    if isinstance(value, bool) or kind == "boolean":
        return "oui" if value else "non"
    if kind == "money" and is_number(value):
        return format_money(value)
    if kind == "date" or (kind is None and is_iso_date(value)):
        try:
            return format_date(value)
        except (ValueError, TypeError):
            return str(value)
    if is_number(value):
        text = format_number(value)
        return f"{text}{UNIT}{unit}" if unit else text
    if isinstance(value, list | tuple):
        if all(isinstance(v, str | int | float | Decimal) for v in value):
            return ", ".join(format_value(v) for v in value) or "aucun"
        return f"{len(value)} élément{'s' if len(value) > 1 else ''}"
    if isinstance(value, Mapping):
        return "…"
    return str(value)
