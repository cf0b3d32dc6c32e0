"""Creating and updating collectivités (services flush, callers commit)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from app.audit.services import record
from app.core.db import db
from app.core.errors import DomainError
from app.tenants.models import Tenant, TenantKind
from app.tenants.validation import clean_cog, clean_siret, clean_slug

EDITABLE = ("name", "kind", "siret", "cog_code", "contact_email")


class DuplicateTenant(DomainError):
    """Another collectivité already uses this slug or SIRET."""


def create_tenant(
    *,
    slug: str,
    name: str,
    kind: TenantKind | str,
    siret: str,
    cog_code: str,
    contact_email: str,
    actor: Any = None,
) -> Tenant:
    """Create a collectivité after validating its identifiers."""
    tenant = Tenant(
        slug=clean_slug(slug),
        name=name.strip(),
        kind=TenantKind(kind),
        siret=clean_siret(siret),
        cog_code=clean_cog(cog_code),
        contact_email=contact_email.strip().lower(),
    )
    _ensure_unique(tenant)
    db.session.add(tenant)
    db.session.flush()
    record("tenant.created", tenant_id=tenant.id, actor=actor, obj=tenant)
    return tenant


def update_tenant(tenant: Tenant, changes: dict[str, Any], *, actor: Any) -> list[str]:
    """Apply ``changes`` (only editable fields); returns the names of the fields that changed."""
    cleaners = {
        "siret": clean_siret,
        "cog_code": clean_cog,
        "kind": TenantKind,
        "name": str.strip,
        "contact_email": lambda v: v.strip().lower(),
    }
    changed = []
    for name in EDITABLE:
        if name not in changes:
            continue
        value = cleaners[name](changes[name])
        if getattr(tenant, name) != value:
            setattr(tenant, name, value)
            changed.append(name)
    if changed:
        _ensure_unique(tenant)
        db.session.flush()
        record("tenant.updated", tenant_id=tenant.id, actor=actor, obj=tenant, fields=changed)
    return changed


def list_tenants() -> list[Tenant]:
    """Every collectivité, by name (platform operator screens and CLI)."""
    return list(db.session.scalars(select(Tenant).order_by(func.lower(Tenant.name))))


def _ensure_unique(tenant: Tenant) -> None:
    with db.session.no_autoflush:
        clash = db.session.scalar(
            select(Tenant).where(
                (Tenant.slug == tenant.slug) | (Tenant.siret == tenant.siret),
                Tenant.id != (tenant.id or -1),
            )
        )
    if clash is not None:
        field = "identifiant" if clash.slug == tenant.slug else "SIRET"
        raise DuplicateTenant(f"Une autre collectivité utilise déjà ce {field}.")
