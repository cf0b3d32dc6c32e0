"""JSON encoding of the values stored in an evaluation trace.

Plain JSON values are kept as they are; ``Decimal``, ``date`` and ``datetime`` become tagged objects
(``{"$decimal": "612.50"}``, ``{"$date": "2026-09-01"}``, ``{"$datetime": "…"}``) so that
:func:`decode` restores them exactly. Amounts are stored as plain decimal strings (``"150.00"``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any


def encode(value: Any) -> Any:
    """A JSON-serialisable form of ``value``."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, Mapping):
        return {str(k): encode(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [encode(v) for v in value]
    return str(value)


def decode(value: Any) -> Any:
    """Inverse of :func:`encode`."""
    if isinstance(value, list):
        return [decode(v) for v in value]
    if isinstance(value, dict):
        if len(value) == 1:
            ((tag, text),) = value.items()
            if tag == "$decimal":
                return Decimal(text)
            if tag == "$date":
                return date.fromisoformat(text)
            if tag == "$datetime":
                return datetime.fromisoformat(text)
        return {k: decode(v) for k, v in value.items()}
    return value


def amount_text(amount: Decimal | None) -> str | None:
    """Stored form of an amount (``"150.00"``)."""
    return None if amount is None else str(amount)


def parse_amount(text: Any) -> Decimal | None:
    """Inverse of :func:`amount_text` (also accepts numbers)."""
    if text is None:
        return None
    if isinstance(text, float):
        return Decimal(repr(text))
    return Decimal(str(text))
