"""Values typed by an admin in the builders, read and written the French way (pure functions).

Numbers accept a decimal comma and spaces (« 1 200,50 ») and become JSON numbers (``int`` when
integral, else the ``float`` whose shortest writing is what was typed); dates accept
``JJ/MM/AAAA`` and ``AAAA-MM-JJ`` and become ISO texts.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any


class BuilderError(ValueError):
    """The admin's input cannot be applied: ``errors`` maps an input name to a French message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = dict(errors)


NUMBER = re.compile(r"^-?[0-9]+(?:[.,][0-9]+)?$")
TYPE_LABELS = {
    "integer": "nombre entier",
    "number": "nombre",
    "money": "montant en euros",
    "string": "texte",
    "date": "date",
    "boolean": "oui / non",
    "array": "liste",
    "object": "groupe",
}
NUMERIC = ("integer", "number", "money")


def parse_number(text: str) -> int | float:
    """« 1 200,50 » → 1200.5; « 12,00 » → 12; a French message otherwise."""
    clean = re.sub(r"[\s\u00a0\u202f]", "", str(text))
    if not NUMBER.match(clean):
        raise ValueError("Saisissez un nombre, par exemple 1200 ou 12,50.")
    value = Decimal(clean.replace(",", "."))
    if len(value.as_tuple().digits) > 15:
        raise ValueError("Saisissez au plus 15 chiffres.")
    return int(value) if value == value.to_integral_value() else float(value)


def parse_date(text: str) -> str:
    """« 03/12/1989 » or « 1989-12-03 » → ``"1989-12-03"``."""
    clean = str(text).strip()
    try:
        if re.match(r"^\d{1,2}/\d{1,2}/\d{4}$", clean):
            day, month, year = (int(p) for p in clean.split("/"))
            return dt.date(year, month, day).isoformat()
        return dt.date.fromisoformat(clean).isoformat()
    except ValueError:
        raise ValueError("Saisissez une date valide, par exemple 01/09/2026.") from None


def parse_value(text: str, kind: str) -> Any:
    """A typed value from text, for a variable of type ``kind``."""
    text = str(text).strip()
    if kind in NUMERIC:
        number = parse_number(text)
        if kind == "integer" and not isinstance(number, int):
            raise ValueError("Saisissez un nombre entier.")
        return number
    if kind == "date":
        return parse_date(text)
    if kind == "boolean":
        lowered = text.lower()
        if lowered in ("oui", "vrai", "true", "1"):
            return True
        if lowered in ("non", "faux", "false", "0"):
            return False
        raise ValueError("Saisissez « oui » ou « non ».")
    if not text:
        raise ValueError("Saisissez une valeur.")
    return text


def format_number(value: Any) -> str:
    """1200.5 → « 1200,5 »; 12 → « 12 »."""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        try:
            number = Decimal(repr(value)) if isinstance(value, float) else value
        except InvalidOperation:  # pragma: no cover - repr of a float is always a decimal
            return str(value)
        text = format(number.normalize(), "f")
        return text.replace(".", ",")
    return str(value)


def format_value(value: Any, kind: str = "string") -> str:
    """What an input shows for a stored value."""
    if value is None:
        return ""
    if kind == "date" and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return format_number(value)


def slug(text: str, separator: str, fallback: str) -> str:
    """ASCII lower-case identifier from French text: « Quotient familial » → ``quotient_familial``
    (``separator`` between words, ``fallback`` prefixed when it would not start with a letter)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    result = separator.join(words)
    if not result or not result[0].isalpha():
        result = f"{fallback}{separator}{result}" if result else fallback
    return result


def unique(base: str, taken: set[str] | Any, separator: str) -> str:
    """``base``, or ``base_2``, ``base_3``… the first not in ``taken``."""
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}{separator}{n}"
    return candidate
