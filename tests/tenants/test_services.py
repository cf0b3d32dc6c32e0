import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.core.db import db
from app.tenants.models import TenantKind
from app.tenants.services import DuplicateTenant, create_tenant, update_tenant
from app.tenants.validation import InvalidIdentifier


def test_create_tenant_validates_and_audits(db_session):
    tenant = create_tenant(
        slug="Ville-Test",
        name=" Ville de Test ",
        kind="commune",
        siret="130 025 265 00013",
        cog_code="33063",
        contact_email="Contact@Ville.fr",
    )
    assert (tenant.slug, tenant.name, tenant.siret) == (
        "ville-test",
        "Ville de Test",
        "13002526500013",
    )
    assert tenant.kind is TenantKind.COMMUNE
    assert tenant.contact_email == "contact@ville.fr"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "tenant.created"))
    assert event.tenant_id == tenant.id


def test_create_tenant_refuses_bad_siret(db_session):
    with pytest.raises(InvalidIdentifier):
        create_tenant(
            slug="x",
            name="X",
            kind="commune",
            siret="13002526500014",
            cog_code="33063",
            contact_email="a@b.fr",
        )


def test_duplicate_slug_or_siret_is_refused(create_tenant):
    first = create_tenant(slug="dup")
    with pytest.raises(DuplicateTenant, match="identifiant"):
        create_tenant(slug="dup")
    with pytest.raises(DuplicateTenant, match="SIRET"):
        create_tenant(siret=first.siret)


def test_update_records_changed_field_names_only(create_tenant):
    tenant = create_tenant()
    changed = update_tenant(
        tenant, {"name": "Nouveau nom", "cog_code": tenant.cog_code}, actor=None
    )
    assert changed == ["name"]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "tenant.updated"))
    assert event.details == {"fields": ["name"]}
    assert "Nouveau nom" not in str(event.details)
    assert update_tenant(tenant, {"name": "Nouveau nom"}, actor=None) == []
