"""Habilitations: secrets encrypted at rest and never readable in a dump, validation with French
messages, audit, gating (status, dates, scopes) and « tester la connexion »."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select, text

from app.audit.models import AuditEvent
from app.core.db import db
from app.datasources import habilitations as services
from app.datasources.habilitations import HabilitationInvalid
from app.datasources.models import Habilitation, HabilitationStatus
from app.datasources.runtime import decrypted_secrets
from plugins.sandboxes.api_particulier import DEMO_TOKEN, mint
from plugins.sandboxes.impot_particulier import DEMO_CLIENT_SECRET

QF = "api_particulier.quotient_familial"


def dump() -> str:
    """Every row of the table, as a database dump would show it."""
    return repr(db.session.execute(text("SELECT * FROM habilitations")).all())


def audit(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_secrets_are_encrypted_at_rest(
    dummy_tenant: Any, create_habilitation: Any, app_ctx: None
) -> None:
    particulier = create_habilitation(dummy_tenant)
    create_habilitation(dummy_tenant, "impot_particulier")
    db.session.flush()
    raw = dump()
    assert DEMO_TOKEN not in raw
    assert DEMO_TOKEN[20:60] not in raw
    assert DEMO_CLIENT_SECRET not in raw
    assert "tremplin-bac-a-sable" in raw  # the client id is not a secret
    assert decrypted_secrets(particulier) == {"token": DEMO_TOKEN}
    assert particulier.config == {"base_url": particulier.config["base_url"]}
    (event,) = [
        e for e in audit("datasource.habilitation.created") if e.object_id == str(particulier.id)
    ]
    assert DEMO_TOKEN not in repr(event.details)


def test_replacing_a_secret(dummy_tenant: Any, create_habilitation: Any, app_ctx: None) -> None:
    item = create_habilitation(dummy_tenant)
    before = item.secrets_encrypted
    new_token = mint(["cnaf_quotient_familial"])
    services.replace_secrets(item, {"token": new_token}, actor=None)
    assert item.secrets_encrypted != before
    assert decrypted_secrets(item) == {"token": new_token}
    assert new_token not in dump()
    (event,) = audit("datasource.habilitation.secret_replaced")
    assert event.details == {"fields": ["token"]}
    with pytest.raises(HabilitationInvalid) as raised:
        services.replace_secrets(item, {"token": "  "}, actor=None)
    assert raised.value.field_errors == {"token": "Saisissez la nouvelle valeur."}
    with pytest.raises(HabilitationInvalid) as raised:
        services.replace_secrets(item, {"token": "court"}, actor=None)
    assert "config.token" in raised.value.field_errors


def test_validation_messages_are_french(dummy_tenant: Any, app_ctx: None) -> None:
    fields = {
        "project_name": "",
        "recipient_siret": "123",
        "status": "active",
        "valid_from": dt.date(2026, 1, 1),
        "valid_until": dt.date(2025, 1, 1),
    }
    with pytest.raises(HabilitationInvalid) as raised:
        services.create_habilitation(
            dummy_tenant, "api_particulier", fields, {"base_url": "x"}, {}, actor=None
        )
    errors = raised.value.field_errors
    assert errors["project_name"] == "Indiquez le nom du projet déclaré dans DataPass."
    assert "SIRET" in errors["recipient_siret"]
    assert errors["valid_until"] == "La fin de validité doit suivre le début de validité."
    fields.update(project_name="P", recipient_siret="", valid_until=None)
    with pytest.raises(HabilitationInvalid) as raised:
        services.create_habilitation(
            dummy_tenant, "api_particulier", fields, {"base_url": "x"}, {}, actor=None
        )
    assert raised.value.field_errors == {
        "config.base_url": "Saisissez une adresse web complète (https://…).",
        "config.token": "Ce champ est obligatoire.",
    }


def test_recipient_defaults_to_the_collectivite(
    dummy_tenant: Any, app_ctx: None, sandboxes: Any
) -> None:
    config, secrets = sandboxes.config("demo")
    item = services.create_habilitation(
        dummy_tenant, "demo", {"project_name": "P"}, config, secrets, actor=None
    )
    assert item.recipient_siret == dummy_tenant.siret
    assert item.status == HabilitationStatus.DRAFT


def test_update_records_changed_field_names(
    dummy_tenant: Any, create_habilitation: Any, app_ctx: None
) -> None:
    item = create_habilitation(dummy_tenant)
    fields = {"project_name": "Nouveau nom", "status": "suspended", "scopes": ["a", " b ", ""]}
    changed = services.update_habilitation(
        item, fields, {"base_url": "https://particulier.api.gouv.fr"}, actor=None
    )
    assert sorted(changed) == ["config", "project_name", "scopes", "status"]
    assert item.scopes == ["a", "b"]
    assert decrypted_secrets(item) == {"token": DEMO_TOKEN}
    assert audit("datasource.habilitation.updated")[0].details == {"fields": changed}
    assert services.update_habilitation(item, fields, item.config, actor=None) == []


@pytest.mark.parametrize(
    ("changes", "active"),
    [
        ({}, True),
        ({"status": HabilitationStatus.DRAFT}, False),
        ({"status": HabilitationStatus.SUSPENDED}, False),
        ({"status": HabilitationStatus.REVOKED}, False),
        ({"valid_from": dt.date(2099, 1, 1)}, False),
        ({"valid_until": dt.date(2020, 6, 1)}, False),
        ({"valid_until": dt.date(2099, 1, 1)}, True),
        ({"secrets_encrypted": ""}, False),
    ],
)
def test_is_active(changes: dict[str, Any], active: bool) -> None:
    item = Habilitation(
        status=HabilitationStatus.ACTIVE, secrets_encrypted="x", valid_from=dt.date(2020, 1, 1)
    )
    for name, value in changes.items():
        setattr(item, name, value)
    assert item.is_active(dt.date(2026, 11, 27)) is active


def test_missing_habilitations(dummy_tenant: Any, create_habilitation: Any, app_ctx: None) -> None:
    ids = [QF, "impot_particulier.situation_ir", "inexistant.source"]
    reasons = services.missing_habilitations(dummy_tenant, ids)
    assert reasons == [
        "« Quotient familial CAF/MSA » : aucune habilitation API Particulier n'est enregistrée.",
        "« Revenu fiscal de référence et situation du foyer fiscal » : aucune habilitation "
        "API Impôt particulier (DGFiP) n'est enregistrée.",
        "La source de données « inexistant.source » n'est pas disponible sur la plateforme.",
    ]
    create_habilitation(dummy_tenant, status="draft")
    assert "n'est pas active" in services.missing_habilitations(dummy_tenant, [QF])[0]
    create_habilitation(dummy_tenant, scopes=["revenu_solidarite_active"])
    assert "(cnaf_quotient_familial)" in services.missing_habilitations(dummy_tenant, [QF])[0]
    create_habilitation(dummy_tenant)
    assert services.missing_habilitations(dummy_tenant, [QF, QF, "api_particulier.rsa"]) == []


def test_test_connection_and_scopes(
    dummy_tenant: Any, create_habilitation: Any, app_ctx: None, api_particulier_sandbox: Any
) -> None:
    item = create_habilitation(
        dummy_tenant, scopes=[], secrets={"token": mint(["cnaf_quotient_familial", "cnaf_enfants"])}
    )
    result = services.test_connection(item, actor=None)
    assert result.ok
    assert item.last_check_ok
    assert item.last_check_at is not None
    assert item.scopes == []
    services.refresh_scopes(item, actor=None)
    assert item.scopes == ["cnaf_enfants", "cnaf_quotient_familial"]
    assert item.scopes_checked_at
    (event,) = audit("datasource.habilitation.scopes_refreshed")
    assert event.details == {"added": ["cnaf_enfants", "cnaf_quotient_familial"], "removed": []}
    services.replace_secrets(item, {"token": "x" * 40}, actor=None)
    refused = services.test_connection(item, actor=None)
    assert not refused.ok
    assert item.last_check_ok is False
    assert "refusé" in item.last_check_message
    api_particulier_sandbox.app.extensions["sandbox"].faults.push("503")
    down = services.test_connection(item, actor=None)
    assert not down.ok
    assert "indisponible" in down.message


def test_dgfip_check_has_no_introspection(
    dummy_tenant: Any, create_habilitation: Any, app_ctx: None, impot_particulier_sandbox: Any
) -> None:
    item = create_habilitation(dummy_tenant, "impot_particulier", scopes=["dgfip_rfr"])
    result = services.refresh_scopes(item, actor=None)
    assert result.ok
    assert result.scopes is None
    assert item.scopes == ["dgfip_rfr"]
    services.replace_secrets(item, {"client_secret": "faux"}, actor=None)
    assert not services.test_connection(item, actor=None).ok


def test_undecryptable_secrets_are_a_configuration_problem(
    dummy_tenant: Any, create_habilitation: Any, app_ctx: None, api_particulier_sandbox: Any
) -> None:
    from app.datasources import service
    from app.datasources.errors import ConfigurationError

    item = create_habilitation(dummy_tenant)
    item.secrets_encrypted = (
        "gAAAAAB-not-decryptable"  # e.g. after a key rotation without the old key
    )
    result = services.test_connection(item, actor=None)
    assert not result.ok
    assert "déchiffrés" in result.message
    identity = {
        "nom_naissance": "LEFEBVRE",
        "prenoms": ["ALEXIS"],
        "sexe": "F",
        "code_cog_pays_naissance": "99100",
        "code_cog_commune_naissance": "08480",
    }
    with pytest.raises(ConfigurationError, match="déchiffrés"):
        service.fetch(dummy_tenant, QF, identity)
    services.update_habilitation(item, {"project_name": "P2"}, item.config, actor=None)
    services.replace_secrets(item, {"token": DEMO_TOKEN}, actor=None)  # the fix: replace it
    assert decrypted_secrets(item) == {"token": DEMO_TOKEN}


def test_pages_of_a_provider_no_longer_installed(
    client: Any,
    auth: Any,
    dummy_admin: Any,
    dummy_tenant: Any,
    create_habilitation: Any,
    runtime: Any,
    monkeypatch: Any,
) -> None:
    item = create_habilitation(dummy_tenant, "demo")
    monkeypatch.delitem(runtime.registry._sources, "demo.annuaire")
    auth.login(dummy_admin.email)
    response = client.get(
        f"/gestion/commune-test/sources/habilitations/{item.id}", follow_redirects=True
    )
    assert "n&#39;est plus installé" in response.get_data(as_text=True)
