"""French formatting of dates and amounts for pages, e-mails and PDFs (Paris time)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


def format_datetime(value: dt.datetime | None, fmt: str = "%d/%m/%Y à %H:%M") -> str:
    """French date-time in Paris time (naive values are taken as UTC)."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(PARIS).strftime(fmt)


def format_date(value: dt.date | None) -> str:
    """``01/09/2026``."""
    return value.strftime("%d/%m/%Y") if value else ""


def format_money(value: Decimal | int | float | None) -> str:
    """``1 225,50 €`` (no decimals when whole: ``150 €``)."""
    if value is None:
        return ""
    amount = Decimal(str(value)).quantize(Decimal("0.01"))
    whole = amount == amount.to_integral_value()
    text = f"{amount:,.0f}" if whole else f"{amount:,.2f}"
    return text.replace(",", "\u202f").replace(".", ",") + "\u00a0€"


def paris_today() -> dt.date:
    """Today's date in France."""
    return dt.datetime.now(PARIS).date()
