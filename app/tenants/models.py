"""The collectivité (tenant) model."""

from __future__ import annotations

import enum

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import TimestampMixin, db, str_enum


class TenantKind(enum.StrEnum):
    """Kinds of collectivités that run school-aid schemes."""

    COMMUNE = "commune"
    EPCI = "epci"
    DEPARTEMENT = "departement"
    REGION = "region"
    AUTRE = "autre"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS = {
    TenantKind.COMMUNE: "Commune",
    TenantKind.EPCI: "EPCI (intercommunalité)",
    TenantKind.DEPARTEMENT: "Département",
    TenantKind.REGION: "Région",
    TenantKind.AUTRE: "Autre organisme public",
}


class Tenant(TimestampMixin, db.Model):
    """A collectivité: the unit of isolation for every scheme, application and setting."""

    __tablename__ = "tenants"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(63), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[TenantKind] = mapped_column(str_enum(TenantKind, "tenant_kind"))
    siret: Mapped[str] = mapped_column(String(14), unique=True)
    cog_code: Mapped[str] = mapped_column(String(5))
    contact_email: Mapped[str] = mapped_column(String(254))
    is_active: Mapped[bool] = mapped_column(default=True)

    def __repr__(self) -> str:
        return f"<Tenant {self.slug}>"
