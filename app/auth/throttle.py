"""Login throttling shared by every app process (stored in the database).

An account is locked for the rest of the window after ``login_max_failures`` failures in
``login_window_seconds``; one client address is locked after ``login_max_failures_per_ip``.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import delete, func, or_, select

from app.auth.models import LoginAttempt
from app.core.db import db, utcnow
from app.core.security import fingerprint


@dataclass(frozen=True)
class Keys:
    """Fingerprints identifying the account and the client address of a login attempt."""

    account: str
    address: str


def keys_for(email: str, address: str) -> Keys:
    """Fingerprints of the e-mail (normalised) and client address."""
    return Keys(
        account=fingerprint(email.strip().lower(), "login.account"),
        address=fingerprint(address or "-", "login.address"),
    )


def retry_after(keys: Keys, now: dt.datetime | None = None) -> int:
    """Seconds before a new attempt is allowed (0 when not locked)."""
    settings = current_app.extensions["tremplin.settings"]
    now = now or utcnow()
    since = now - dt.timedelta(seconds=settings.login_window_seconds)
    waits = []
    for column, key, limit in (
        (LoginAttempt.account_key, keys.account, settings.login_max_failures),
        (LoginAttempt.address_key, keys.address, settings.login_max_failures_per_ip),
    ):
        count, oldest = db.session.execute(
            select(func.count(), func.min(LoginAttempt.created_at)).where(
                column == key, LoginAttempt.created_at > since
            )
        ).one()
        if count >= limit and oldest is not None:
            if oldest.tzinfo is None:  # SQLite returns naive UTC datetimes
                oldest = oldest.replace(tzinfo=dt.UTC)
            unlock = oldest + dt.timedelta(seconds=settings.login_window_seconds)
            waits.append(max(1, math.ceil((unlock - now).total_seconds())))
    return max(waits, default=0)


def record_failure(keys: Keys) -> None:
    """Remember a failed attempt."""
    db.session.add(LoginAttempt(account_key=keys.account, address_key=keys.address))
    db.session.flush()


def clear_account(keys: Keys) -> None:
    """Forget an account's failures after a successful login; prune expired rows."""
    settings = current_app.extensions["tremplin.settings"]
    expired = utcnow() - dt.timedelta(seconds=settings.login_window_seconds)
    db.session.execute(
        delete(LoginAttempt).where(
            or_(LoginAttempt.account_key == keys.account, LoginAttempt.created_at < expired)
        )
    )
