"""« Sources de données » pages: listing, habilitation forms with French errors, secrets never
shown back, « Tester la connexion », scopes introspection, permissions and tenant isolation."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.core.db import db
from app.datasources.models import Habilitation
from app.testing.plugin import csrf_in
from plugins.sandboxes.api_particulier import DEMO_TOKEN, mint

BASE = "/gestion/commune-test/sources"


@pytest.fixture
def admin(client: Any, auth: Any, dummy_admin: Any) -> Any:
    auth.login(dummy_admin.email)
    return client


def form_data(page: str) -> dict[str, str]:
    return {"csrf_token": csrf_in(page)}


def test_index_lists_sources_and_why_they_cannot_be_used(admin: Any) -> None:
    page = admin.get(BASE).get_data(as_text=True)
    assert "<h1>Sources de données</h1>" in page
    assert "Quotient familial CAF/MSA" in page
    assert "API Impôt particulier (DGFiP)" in page
    assert "aucune habilitation API Particulier n&#39;est enregistrée" in page
    assert 'aria-current="page"' in page
    assert "Ajouter une habilitation API Particulier" in page


def test_source_page_lists_variables(admin: Any) -> None:
    page = admin.get(f"{BASE}/catalogue?source=api_particulier.quotient_familial").get_data(
        as_text=True
    )
    assert "quotient_familial.valeur" in page
    assert "Quotient familial (en euros)" in page
    assert "nom_naissance" in page
    assert admin.get(f"{BASE}/catalogue?source=inexistant").status_code == 404


def test_create_habilitation_with_errors_then_success(
    admin: Any, api_particulier_sandbox: Any
) -> None:
    url = f"{BASE}/habilitations/nouvelle?fournisseur=api_particulier"
    page = admin.get(url).get_data(as_text=True)
    assert 'name="secret_token"' in page
    assert 'autocomplete="new-password"' in page
    bad = admin.post(
        url,
        data={
            **form_data(page),
            "project_name": "",
            "recipient_siret": "123",
            "config_base_url": "pas une url",
            "secret_token": "",
            "status": "zzz",
            "valid_from": "31/02",
        },
    )
    assert bad.status_code == 400
    text = bad.get_data(as_text=True)
    assert 'id="project_name-error"' in text
    assert "Ce champ est obligatoire." in text
    assert 'id="status-error"' in text
    assert "Choisissez un statut dans la liste." in text
    assert 'id="valid_from-error"' in text
    assert "Saisissez une date valide" in text
    assert 'href="#secret_token"' in text  # error summary links to the field
    data = {
        **form_data(text),
        "project_name": "Aides à la rentrée",
        "datapass_reference": "DP-2026-001",
        "project_description": "Bourses communales",
        "legal_basis_text": "Article L. 312-1",
        "legal_basis_reference": "Délibération n° 2026-045",
        "recipient_siret": "13002526500013",
        "controller_name": "Le maire",
        "controller_email": "maire@commune-test.fr",
        "technical_contact_name": "DSI",
        "technical_contact_email": "dsi@commune-test.fr",
        "dpo_name": "DPO",
        "dpo_email": "dpo@commune-test.fr",
        "config_base_url": "pas une url",
        "secret_token": DEMO_TOKEN,
        "scopes": "cnaf_quotient_familial\nrevenu_solidarite_active",
        "valid_from": "2026-01-01",
        "valid_until": "",
        "status": "active",
    }
    invalid_url = admin.post(url, data=data)
    assert invalid_url.status_code == 400
    assert "Saisissez une adresse web complète" in invalid_url.get_data(as_text=True)
    assert DEMO_TOKEN not in invalid_url.get_data(as_text=True)  # never echoed back
    data.update(
        config_base_url=api_particulier_sandbox.url,
        csrf_token=form_data(invalid_url.get_data(as_text=True))["csrf_token"],
    )
    created = admin.post(url, data=data)
    assert created.status_code == 302
    item = db.session.scalar(select(Habilitation))
    assert item.project_name == "Aides à la rentrée"
    assert item.dpo_email == "dpo@commune-test.fr"
    edit = admin.get(created.headers["Location"]).get_data(as_text=True)
    assert DEMO_TOKEN not in edit
    assert 'name="secret_token"' not in edit
    assert 'name="remplacer-secret_token"' in edit
    assert "Jamais réaffiché" in edit
    index = admin.get(BASE).get_data(as_text=True)
    assert "Utilisable" in index


def test_edit_test_connection_scopes_and_replace_secret(
    admin: Any, dummy_tenant: Any, create_habilitation: Any, api_particulier_sandbox: Any
) -> None:
    item = create_habilitation(dummy_tenant, scopes=[])
    url = f"{BASE}/habilitations/{item.id}"
    page = admin.get(url).get_data(as_text=True)
    csrf = form_data(page)
    assert f'value="{api_particulier_sandbox.url}"' in page  # configuration shown back…
    assert DEMO_TOKEN not in page  # …never the secret
    checked = admin.post(f"{url}/tester", data=csrf, follow_redirects=True).get_data(as_text=True)
    assert "Connexion réussie : le jeton est valide." in checked
    scoped = admin.post(f"{url}/droits", data=csrf, follow_redirects=True).get_data(as_text=True)
    assert "cnaf_adresse\ncnaf_allocataires" in scoped  # one scope per line, not a list repr
    assert "cnaf_quotient_familial" in scoped
    assert item.scopes
    secret = admin.post(
        f"{url}/secret",
        data={"remplacer-csrf_token": csrf["csrf_token"], "remplacer-secret_token": ""},
    )
    assert secret.status_code == 400
    assert "Saisissez la nouvelle valeur." in secret.get_data(as_text=True)
    new_token = mint(["cnaf_quotient_familial"])
    replaced = admin.post(
        f"{url}/secret",
        data={"remplacer-csrf_token": csrf["csrf_token"], "remplacer-secret_token": new_token},
        follow_redirects=True,
    )
    assert "Le secret a été remplacé." in replaced.get_data(as_text=True)
    assert new_token not in replaced.get_data(as_text=True)
    edited = admin.post(
        url,
        data={
            **csrf,
            "project_name": "Renommé",
            "recipient_siret": "13002526500013",
            "config_base_url": api_particulier_sandbox.url,
            "status": "suspended",
            "scopes": "",
        },
    )
    assert edited.status_code == 302
    assert item.project_name == "Renommé"
    actions = set(
        db.session.scalars(select(AuditEvent.action).where(AuditEvent.object_id == str(item.id)))
    )
    assert {
        "datasource.habilitation.checked",
        "datasource.habilitation.scopes_refreshed",
        "datasource.habilitation.secret_replaced",
        "datasource.habilitation.updated",
    } <= actions


def test_failed_connection_is_shown(
    admin: Any, dummy_tenant: Any, create_habilitation: Any
) -> None:
    item = create_habilitation(dummy_tenant, secrets={"token": "x" * 40})
    url = f"{BASE}/habilitations/{item.id}"
    csrf = form_data(admin.get(url).get_data(as_text=True))
    page = admin.post(f"{url}/tester", data=csrf, follow_redirects=True).get_data(as_text=True)
    assert "notice-error" in page
    assert "refusé" in page


def test_viewers_see_but_cannot_edit(
    client: Any, auth: Any, dummy_tenant: Any, create_member: Any, create_habilitation: Any
) -> None:
    viewer = create_member(dummy_tenant, role="viewer").user
    item = create_habilitation(dummy_tenant)
    auth.login(viewer.email)
    page = client.get(BASE)
    assert page.status_code == 200
    assert "Ajouter une habilitation" not in page.get_data(as_text=True)
    assert (
        client.get(f"{BASE}/habilitations/nouvelle?fournisseur=api_particulier").status_code == 403
    )
    assert client.get(f"{BASE}/habilitations/{item.id}").status_code == 403


def test_other_collectivites_objects_are_404(
    admin: Any, create_tenant: Any, create_habilitation: Any
) -> None:
    other = create_habilitation(create_tenant())
    url = f"{BASE}/habilitations/{other.id}"
    assert admin.get(url).status_code == 404
    for action in ("secret", "tester", "droits"):
        assert admin.post(f"{url}/{action}").status_code in (400, 404)  # CSRF first, never 200
    assert admin.get(f"{BASE}/habilitations/nouvelle?fournisseur=inexistant").status_code == 404


def test_catalogue_and_provider_chooser(admin: Any) -> None:
    catalogue = admin.get(f"{BASE}/catalogue").get_data(as_text=True)
    assert "catalogue?source=api_particulier.quotient_familial" in catalogue
    chooser = admin.get(f"{BASE}/habilitations/nouvelle").get_data(as_text=True)
    assert "nouvelle?fournisseur=impot_particulier" in chooser
