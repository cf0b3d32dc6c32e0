"""Drafts, applications, attachments and per-collectivité reference sequences."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import Any

from sqlalchemy import ForeignKey, LargeBinary, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import TimestampMixin, db, str_enum, utcnow
from app.core.tenancy import TenantScoped
from app.schemes.models import Scheme, SchemeVersion


class ApplicationState(enum.StrEnum):
    """Where an application stands."""

    VERIFYING = "verifying"
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    TO_REVIEW = "to_review"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


STATE_LABELS = {
    ApplicationState.VERIFYING: "Vérification en cours",
    ApplicationState.ELIGIBLE: "Éligible",
    ApplicationState.INELIGIBLE: "Non éligible",
    ApplicationState.TO_REVIEW: "En cours d'examen par un agent",
}


class Channel(enum.StrEnum):
    """How the application arrived."""

    WEB = "web"
    API = "api"


class Draft(TenantScoped, TimestampMixin, db.Model):
    """Answers saved step by step, resumable through a secret link until ``expires_at``."""

    __tablename__ = "drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("schemes.id", ondelete="CASCADE"), index=True)
    scheme_version_id: Mapped[int] = mapped_column(
        ForeignKey("scheme_versions.id", ondelete="CASCADE")
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    step: Mapped[str] = mapped_column(String(80), default="")
    email: Mapped[str | None] = mapped_column(String(254))
    expires_at: Mapped[dt.datetime] = mapped_column(index=True)
    submitted_application_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id", ondelete="SET NULL")
    )

    scheme: Mapped[Scheme] = relationship()
    version: Mapped[SchemeVersion] = relationship()

    def is_expired(self, now: dt.datetime | None = None) -> bool:
        expires = self.expires_at
        if expires.tzinfo is None:
            expires = expires.replace(tzinfo=dt.UTC)
        return expires <= (now or utcnow())


class Application(TenantScoped, TimestampMixin, db.Model):
    """A submitted application and everything needed to explain its decision.

    Only the data-source fields the rules read are kept (``source_values``), with their provenance;
    no paper proof is needed when the data came from an administration.
    """

    __tablename__ = "applications"
    __table_args__ = (
        UniqueConstraint("tenant_id", "reference"),
        UniqueConstraint("tenant_id", "idempotency_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(32))
    scheme_id: Mapped[int] = mapped_column(ForeignKey("schemes.id", ondelete="CASCADE"), index=True)
    scheme_version_id: Mapped[int] = mapped_column(
        ForeignKey("scheme_versions.id", ondelete="RESTRICT"), index=True
    )
    state: Mapped[ApplicationState] = mapped_column(
        str_enum(ApplicationState, "application_state"),
        default=ApplicationState.VERIFYING,
        index=True,
    )
    channel: Mapped[Channel] = mapped_column(
        str_enum(Channel, "channel", length=10),
        default=Channel.WEB,
    )
    amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    source_values: Mapped[dict[str, Any]] = mapped_column(default=dict)
    provenance: Mapped[dict[str, Any]] = mapped_column(default=dict)
    source_errors: Mapped[dict[str, Any]] = mapped_column(default=dict)
    evaluation: Mapped[dict[str, Any]] = mapped_column(default=dict)
    idempotency_key: Mapped[str | None] = mapped_column(String(64))
    status_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    contact_email: Mapped[str | None] = mapped_column(String(254))
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    submitted_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[dt.datetime | None]
    erased_at: Mapped[dt.datetime | None]

    scheme: Mapped[Scheme] = relationship()
    version: Mapped[SchemeVersion] = relationship()
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="application", cascade="all, delete-orphan"
    )

    @property
    def is_decided(self) -> bool:
        return self.state is not ApplicationState.VERIFYING

    def __repr__(self) -> str:
        return f"<Application {self.reference}>"


class Attachment(TenantScoped, db.Model):
    """A file uploaded as a manual proof (fallback when no API can answer)."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int | None] = mapped_column(
        ForeignKey("drafts.id", ondelete="CASCADE"), index=True
    )
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    token: Mapped[str] = mapped_column(String(64), unique=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    application: Mapped[Application | None] = relationship(back_populates="attachments")


class ReferenceSequence(db.Model):
    """Last reference number issued per collectivité and year (readable references)."""

    __tablename__ = "reference_sequences"

    tenant_id: Mapped[int] = mapped_column(
        ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    year: Mapped[int] = mapped_column(primary_key=True)
    last_value: Mapped[int] = mapped_column(default=0)
