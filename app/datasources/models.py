"""Habilitations (a collectivité's right to call a provider) and the cache of fetched values."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import TimestampMixin, db, str_enum, utcnow
from app.core.tenancy import TenantScoped

PARIS = ZoneInfo("Europe/Paris")


def paris_today() -> dt.date:
    """Today in France (validity dates are French calendar days)."""
    return dt.datetime.now(PARIS).date()


class HabilitationStatus(enum.StrEnum):
    """Life cycle of a habilitation; only ``active`` ones (within their dates) are used."""

    DRAFT = "draft"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    REVOKED = "revoked"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    HabilitationStatus.DRAFT: "En préparation",
    HabilitationStatus.ACTIVE: "Active",
    HabilitationStatus.SUSPENDED: "Suspendue",
    HabilitationStatus.REVOKED: "Révoquée",
}


class Habilitation(TenantScoped, TimestampMixin, db.Model):
    """The DataPass habilitation of a collectivité for one provider, and its credentials.

    ``config`` holds the provider's non-secret settings (URLs, client id…); the secret ones
    (token, client secret) are in ``secrets_encrypted``, a Fernet-encrypted JSON object that is
    never rendered back, only replaced.
    """

    __tablename__ = "habilitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    provider: Mapped[str] = mapped_column(String(60), index=True)
    status: Mapped[HabilitationStatus] = mapped_column(
        str_enum(HabilitationStatus, "habilitation_status"),
        default=HabilitationStatus.DRAFT,
    )
    recipient_siret: Mapped[str] = mapped_column(String(14))
    datapass_reference: Mapped[str] = mapped_column(String(100), default="")
    project_name: Mapped[str] = mapped_column(String(200))
    project_description: Mapped[str] = mapped_column(Text, default="")
    legal_basis_text: Mapped[str] = mapped_column(Text, default="")
    legal_basis_reference: Mapped[str] = mapped_column(String(300), default="")
    controller_name: Mapped[str] = mapped_column(String(200), default="")
    controller_email: Mapped[str] = mapped_column(String(254), default="")
    technical_contact_name: Mapped[str] = mapped_column(String(200), default="")
    technical_contact_email: Mapped[str] = mapped_column(String(254), default="")
    dpo_name: Mapped[str] = mapped_column(String(200), default="")
    dpo_email: Mapped[str] = mapped_column(String(254), default="")
    config: Mapped[dict[str, Any]] = mapped_column(default=dict)
    secrets_encrypted: Mapped[str] = mapped_column(Text, default="")
    secret_updated_at: Mapped[dt.datetime | None]
    scopes: Mapped[list[Any]] = mapped_column(default=list)
    scopes_checked_at: Mapped[dt.datetime | None]
    valid_from: Mapped[dt.date | None]
    valid_until: Mapped[dt.date | None]
    last_check_at: Mapped[dt.datetime | None]
    last_check_ok: Mapped[bool | None]
    last_check_message: Mapped[str] = mapped_column(String(500), default="")

    def is_active(self, today: dt.date | None = None) -> bool:
        """Active status, within its validity dates, with credentials."""
        today = today or paris_today()
        return (
            self.status == HabilitationStatus.ACTIVE
            and bool(self.secrets_encrypted)
            and (self.valid_from is None or self.valid_from <= today)
            and (self.valid_until is None or today <= self.valid_until)
        )

    def __repr__(self) -> str:
        return f"<Habilitation {self.id} {self.provider}>"


class CachedValue(TenantScoped, db.Model):
    """A fetched value (or a recent "not found") reused instead of calling the provider again.

    ``key`` is a keyed digest of the inputs (no personal data in clear); ``payload`` is encrypted.
    """

    __tablename__ = "datasource_cache"
    __table_args__ = (UniqueConstraint("tenant_id", "source_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[str] = mapped_column(String(100))
    key: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(20))
    payload: Mapped[str] = mapped_column(Text, default="")
    fetched_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(index=True)
