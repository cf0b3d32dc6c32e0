"""What people type → typed JSON values, and back.

Every parser is total: it returns ``(value, ok)``. When the text cannot be understood (``"douze"``
in a number field, ``31/02/2024`` in a date field) ``ok`` is false and ``value`` is the cleaned text
itself, so that the converted answers still say what was typed and the JSON Schema rejects them
(a string where a number is expected, a date that is not a ``date``). The server therefore accepts
exactly what the schema accepts, and nothing typed is lost.

Numbers are JSON numbers: an ``int`` when the value is integral, else the ``float`` whose shortest
representation is the decimal that was typed (at most :data:`MAX_DIGITS` significant digits, so the
round trip ``Decimal(repr(x))`` gives back exactly what the person typed — this is what the rules
engine does with floats).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Final

MAX_DIGITS: Final = 15
"""Significant digits a number may have (a binary float keeps 15 decimal digits exactly)."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_SINGLE_LINE = re.compile(r"[\x00-\x1f\x7f]")
_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?", re.ASCII)
_NUMBER_SPACES = re.compile(r"[ \u00a0\u202f]")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)
_FRENCH_DATE = re.compile(r"([0-9]{1,2})[/.\- ]([0-9]{1,2})[/.\- ]([0-9]{4})", re.ASCII)


def clean_text(raw: str, *, multiline: bool = False) -> str:
    """Trimmed text without control characters; line breaks normalised to ``\\n``.

    Control characters are removed because they are never typed on purpose and some stores reject
    them (PostgreSQL ``jsonb`` refuses ``\\u0000``).
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = (_CONTROL if multiline else _CONTROL_SINGLE_LINE).sub("", text)
    return text.strip()


def parse_number(text: str) -> tuple[int | float | str, bool]:
    """``"1 234,50"`` → ``1234.5``; ``"12"`` or ``"12,0"`` → ``12``; else the text, not ok."""
    compact = _NUMBER_SPACES.sub("", text)
    if not _NUMBER.fullmatch(compact):
        return text, False
    value = Decimal(compact.replace(",", "."))
    digits = value.as_tuple().digits
    if len("".join(map(str, digits)).lstrip("0")) > MAX_DIGITS:
        return text, False
    if value == value.to_integral_value():
        return int(value), True
    return float(value), True


def parse_date(text: str) -> tuple[str, bool]:
    """ISO ``2015-09-15`` (sent by ``<input type=date>``) or ``15/09/2015`` typed by hand → ISO."""
    match = _ISO_DATE.fullmatch(text)
    if match:
        year, month, day = match.groups()
    else:
        match = _FRENCH_DATE.fullmatch(text)
        if not match:
            return text, False
        day, month, year = match.groups()
    try:
        return dt.date(int(year), int(month), int(day)).isoformat(), True
    except ValueError:
        return text, False


def split_names(text: str) -> list[str]:
    """First names typed in one input: separated by spaces or commas (``Jean-Pierre`` stays one)."""
    return [part for part in re.split(r"[\s,]+", text) if part]


def format_number(value: int | float) -> str:
    """French display: ``1234.5`` → ``1 234,5`` (narrow no-break space as thousands separator)."""
    text = f"{value:,}" if isinstance(value, int) else format(Decimal(repr(value)), ",f")
    return text.replace(",", "\u202f").replace(".", ",")


def format_number_input(value: int | float) -> str:
    """What to put back in a number input: ``1234.5`` → ``1234,5`` (no grouping)."""
    if isinstance(value, float):
        return format(Decimal(repr(value)), "f").replace(".", ",")
    return str(value)


def format_date(iso: str) -> str:
    """``2015-09-15`` → ``15/09/2015``; anything else unchanged."""
    match = _ISO_DATE.fullmatch(iso)
    if not match:
        return iso
    year, month, day = match.groups()
    return f"{day}/{month}/{year}"
