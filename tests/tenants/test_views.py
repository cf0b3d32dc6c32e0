from app.audit.models import AuditEvent
from app.auth.models import Membership, Role
from app.core.db import db
from app.testing.plugin import csrf_in


def _csrf(client, path):
    return csrf_in(client.get(path).get_data(as_text=True))


def _settings(tenant, **changes):
    data = {
        "name": tenant.name,
        "kind": tenant.kind.value,
        "siret": tenant.siret,
        "cog_code": tenant.cog_code,
        "contact_email": tenant.contact_email,
    }
    data.update(changes)
    return data


def test_admin_edits_the_collectivite(client, auth, dummy_admin, dummy_tenant):
    auth.login(dummy_admin.email)
    path = f"/gestion/{dummy_tenant.slug}/parametres"
    data = _settings(dummy_tenant, name="Commune Renommée", csrf_token=_csrf(client, path))
    response = client.post(path, data=data)
    assert response.status_code == 302
    assert db.session.get(type(dummy_tenant), dummy_tenant.id).name == "Commune Renommée"
    assert "ont été enregistrées" in client.get(path).get_data(as_text=True)


def test_bad_siret_is_reported_next_to_the_field_and_input_is_kept(
    client, auth, dummy_admin, dummy_tenant
):
    auth.login(dummy_admin.email)
    path = f"/gestion/{dummy_tenant.slug}/parametres"
    data = _settings(
        dummy_tenant, name="Nom tapé", siret="13002526500014", csrf_token=_csrf(client, path)
    )
    response = client.post(path, data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="siret-error"' in page
    assert "clé de contrôle" in page
    assert 'value="Nom tapé"' in page
    assert 'value="13002526500014"' in page
    assert 'href="#siret"' in page
    assert db.session.get(type(dummy_tenant), dummy_tenant.id).name == "Commune de Test"


def test_admin_invites_a_member_who_receives_a_link(
    client, auth, dummy_admin, dummy_tenant, smtp_sink
):
    auth.login(dummy_admin.email)
    path = f"/gestion/{dummy_tenant.slug}/parametres/membres"
    response = client.post(
        path,
        data={
            "email": "nouvel.agent@commune-test.fr",
            "full_name": "Nouvel Agent",
            "role": "instructor",
            "csrf_token": _csrf(client, path),
        },
    )
    assert response.status_code == 302
    membership = db.session.scalar(
        db.select(Membership)
        .join(Membership.user)
        .where(Membership.tenant_id == dummy_tenant.id, Membership.role == Role.INSTRUCTOR)
    )
    assert membership.user.email == "nouvel.agent@commune-test.fr"
    [message] = smtp_sink.sent_to("nouvel.agent@commune-test.fr")
    assert "/mot-de-passe/nouveau/" in message.get_content()
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "member.added"))


def test_member_role_change_and_removal(client, auth, dummy_admin, dummy_tenant, create_member):
    other = create_member(dummy_tenant, role="viewer")
    auth.login(dummy_admin.email)
    path = f"/gestion/{dummy_tenant.slug}/parametres/membres/{other.id}"
    assert (
        client.post(path, data={"role": "finance", "csrf_token": _csrf(client, path)}).status_code
        == 302
    )
    assert db.session.get(Membership, other.id).role is Role.FINANCE
    remove = client.post(f"{path}/retirer", data={"csrf_token": _csrf(client, path)})
    assert remove.status_code == 302
    assert db.session.get(Membership, other.id) is None


def test_last_admin_cannot_be_demoted(client, auth, dummy_admin, dummy_tenant):
    auth.login(dummy_admin.email)
    membership = dummy_admin.memberships[0]
    path = f"/gestion/{dummy_tenant.slug}/parametres/membres/{membership.id}"
    response = client.post(path, data={"role": "viewer", "csrf_token": _csrf(client, path)})
    assert response.status_code == 400
    assert "au moins un administrateur" in response.get_data(as_text=True)
    assert db.session.get(Membership, membership.id).role is Role.ADMIN


def test_journal_lists_audit_events(client, auth, dummy_admin, dummy_tenant):
    auth.login(dummy_admin.email)
    page = client.get(f"/gestion/{dummy_tenant.slug}/parametres/journal").get_data(as_text=True)
    assert "member.added" in page


def test_operator_creates_a_collectivite(client, auth, create_user, smtp_sink):
    operator = create_user(email="ops@plateforme.fr", is_operator=True)
    auth.login(operator.email)
    path = "/plateforme/collectivites"
    response = client.post(
        path,
        data={
            "name": "Région Test",
            "slug": "region-test",
            "kind": "region",
            "siret": "13002526500013",
            "cog_code": "75",
            "contact_email": "contact@region-test.fr",
            "admin_email": "admin@region-test.fr",
            "csrf_token": _csrf(client, path),
        },
    )
    assert response.status_code == 302
    assert "Région Test" in client.get(path).get_data(as_text=True)
    assert smtp_sink.sent_to("admin@region-test.fr")


def test_operator_form_reports_duplicate_siret(client, auth, create_user, dummy_tenant):
    operator = create_user(email="ops@plateforme.fr", is_operator=True)
    auth.login(operator.email)
    path = "/plateforme/collectivites"
    response = client.post(
        path,
        data={
            "name": "Doublon",
            "slug": "doublon",
            "kind": "commune",
            "siret": dummy_tenant.siret,
            "cog_code": "33063",
            "contact_email": "a@doublon.fr",
            "admin_email": "b@doublon.fr",
            "csrf_token": _csrf(client, path),
        },
    )
    assert response.status_code == 400
    assert "SIRET" in response.get_data(as_text=True)
