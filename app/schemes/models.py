"""Schemes and their versions.

A scheme's live metadata (title, dates, budget…) sits on :class:`Scheme`; what decides an
application — form, data-source mapping, rules, benefit, golden tests — sits in a
:class:`SchemeVersion`'s ``content`` (the scheme bundle document). A version is editable while it is
a draft and immutable once published; every application keeps the version it was decided under.
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ForeignKey,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    and_,
    event,
    inspect,
)
from sqlalchemy.orm import Mapped, foreign, mapped_column, relationship

from app.core.db import TimestampMixin, db, str_enum
from app.core.tenancy import TenantScoped


class BenefitKind(enum.StrEnum):
    """What the scheme grants."""

    CASH = "cash"
    VOUCHER = "voucher"
    EQUIPMENT = "equipment"

    @property
    def label(self) -> str:
        return {"cash": "Aide financière", "voucher": "Bon d'achat", "equipment": "Équipement"}[
            self.value
        ]


class VersionState(enum.StrEnum):
    """Life of a scheme version."""

    DRAFT = "draft"
    PUBLISHED = "published"
    SUPERSEDED = "superseded"

    @property
    def label(self) -> str:
        return {"draft": "Brouillon", "published": "Publiée", "superseded": "Remplacée"}[self.value]


AUDIENCES = {
    "ecoliers": "Écoliers",
    "collegiens": "Collégiens",
    "lyceens": "Lycéens",
    "apprentis": "Apprentis",
    "etudiants": "Étudiants",
    "familles": "Familles",
}


class Scheme(TenantScoped, TimestampMixin, db.Model):
    """A dispositif offered by a collectivité."""

    __tablename__ = "schemes"
    __table_args__ = (UniqueConstraint("tenant_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    audience: Mapped[list[Any]] = mapped_column(default=list)
    opens_at: Mapped[dt.date | None]
    closes_at: Mapped[dt.date | None]
    benefit_kind: Mapped[BenefitKind] = mapped_column(str_enum(BenefitKind, "benefit_kind"))
    budget_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    retention_months: Mapped[int] = mapped_column(default=24)
    closed_at: Mapped[dt.datetime | None]

    versions: Mapped[list[SchemeVersion]] = relationship(
        back_populates="scheme",
        order_by="SchemeVersion.number",
        cascade="all, delete-orphan",
    )
    published_version: Mapped[SchemeVersion | None] = relationship(
        primaryjoin=lambda: and_(
            Scheme.id == foreign(SchemeVersion.scheme_id),
            SchemeVersion.state == VersionState.PUBLISHED,
        ),
        viewonly=True,
        uselist=False,
    )
    draft_version: Mapped[SchemeVersion | None] = relationship(
        primaryjoin=lambda: and_(
            Scheme.id == foreign(SchemeVersion.scheme_id),
            SchemeVersion.state == VersionState.DRAFT,
        ),
        viewonly=True,
        uselist=False,
    )

    def is_open(self, today: dt.date) -> bool:
        """Accepting applications: published, not closed, within its dates."""
        return (
            self.published_version is not None
            and self.closed_at is None
            and (self.opens_at is None or self.opens_at <= today)
            and (self.closes_at is None or today <= self.closes_at)
        )

    def __repr__(self) -> str:
        return f"<Scheme {self.slug}>"


class SchemeVersion(TenantScoped, TimestampMixin, db.Model):
    """One version of a scheme's decisive content (the bundle document)."""

    __tablename__ = "scheme_versions"
    __table_args__ = (UniqueConstraint("scheme_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("schemes.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    state: Mapped[VersionState] = mapped_column(
        str_enum(VersionState, "version_state"), default=VersionState.DRAFT
    )
    content: Mapped[dict[str, Any]] = mapped_column(default=dict)
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    published_at: Mapped[dt.datetime | None]
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    scheme: Mapped[Scheme] = relationship(back_populates="versions")

    @property
    def is_editable(self) -> bool:
        return self.state is VersionState.DRAFT

    @property
    def form_key(self) -> tuple[int, str]:
        """Cache key of this version's generated form (classes, specs, validators).

        The id alone is not enough: a database may hand the same id out again (SQLite reuses
        the highest rowid after a rollback or a deletion; tests roll back every transaction),
        and a cached form would then validate answers against another version's form.
        """
        return (self.id, self.content_hash)

    def __repr__(self) -> str:
        return f"<SchemeVersion {self.scheme_id}#{self.number} {self.state.value}>"


class ImmutableVersionError(RuntimeError):
    """A published or superseded version's content was about to change."""


@event.listens_for(SchemeVersion, "before_update")
def _refuse_changes_to_published_content(_mapper: Any, _connection: Any, version: Any) -> None:
    """Published content is immutable: only the state may move from published to superseded."""
    history = inspect(version).attrs.content.history
    state_history = inspect(version).attrs.state.history
    was_draft = VersionState.DRAFT in (state_history.deleted or ()) or (
        not state_history.has_changes() and version.state is VersionState.DRAFT
    )
    if history.has_changes() and not was_draft:
        raise ImmutableVersionError(f"version {version.id} is {version.state.value}: read-only")
