import pytest

from app.audit.models import AuditEvent
from app.auth.models import LoginAttempt
from app.core.db import db
from app.testing.factories import PASSWORD


def test_login_page_renders_in_french(client):
    page = client.get("/connexion").get_data(as_text=True)
    assert '<html lang="fr">' in page
    assert "Adresse électronique" in page
    assert 'autocomplete="current-password"' in page


def test_admin_logs_in_and_lands_on_the_dashboard(client, auth, dummy_admin, dummy_tenant):
    response = auth.login(dummy_admin.email)
    assert response.status_code == 302
    assert response.headers["Location"] == "/gestion/"
    home = client.get("/gestion/")
    assert home.headers["Location"] == f"/gestion/{dummy_tenant.slug}/"
    page = client.get(f"/gestion/{dummy_tenant.slug}/").get_data(as_text=True)
    for section in ("Dispositifs", "Demandes", "Sources de données", "Paramètres"):
        assert section in page
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "auth.login"))


def test_login_is_case_insensitive_on_the_email(client, auth, dummy_admin):
    assert auth.login(dummy_admin.email.upper()).status_code == 302


def test_wrong_password_is_refused_without_saying_which_part_is_wrong(client, auth, dummy_admin):
    response = auth.login(dummy_admin.email, "wrong-password-123")
    assert response.status_code == 401
    page = response.get_data(as_text=True)
    assert "Adresse électronique ou mot de passe incorrect." in page
    assert dummy_admin.email in page  # what was typed is kept
    unknown = auth.login("nobody@nulle-part.fr", "wrong-password-123")
    assert "Adresse électronique ou mot de passe incorrect." in unknown.get_data(as_text=True)


def test_invalid_email_gets_a_message_next_to_the_field(client, auth):
    response = auth.login("not-an-email", "x")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="email-error"' in page
    assert 'aria-describedby="email-error"' in page
    assert 'href="#email"' in page  # error summary links to the field


def test_login_throttling_locks_the_account_even_with_the_right_password(client, auth, dummy_admin):
    for _ in range(5):
        assert auth.login(dummy_admin.email, "wrong-password-123").status_code == 401
    locked = auth.login(dummy_admin.email)
    assert locked.status_code == 429
    assert "Trop de tentatives" in locked.get_data(as_text=True)
    assert client.get("/gestion/").status_code == 302  # still signed out


def test_throttling_is_per_account(client, auth, dummy_tenant, create_member):
    other = create_member(dummy_tenant, role="viewer").user
    for _ in range(5):
        auth.login("victim@collectivite-test.fr", "wrong-password-123")
    assert auth.login(other.email).status_code == 302


def test_failed_attempts_store_no_raw_email(client, auth, dummy_admin):
    auth.login(dummy_admin.email, "wrong-password-123")
    attempt = db.session.scalar(db.select(LoginAttempt))
    assert attempt is not None
    assert dummy_admin.email not in attempt.account_key
    assert len(attempt.account_key) == 64


def test_success_clears_previous_failures(client, auth, dummy_admin):
    for _ in range(4):
        auth.login(dummy_admin.email, "wrong-password-123")
    assert auth.login(dummy_admin.email).status_code == 302
    auth.logout()
    for _ in range(4):
        auth.login(dummy_admin.email, "wrong-password-123")
    assert auth.login(dummy_admin.email).status_code == 302


def test_logout_requires_post_and_signs_out(client, auth, dummy_admin):
    auth.login(dummy_admin.email)
    assert client.get("/deconnexion").status_code == 405
    response = auth.logout()
    assert response.status_code == 302
    assert client.get("/gestion/").status_code == 302


def test_next_parameter_only_allows_local_paths(client, auth, dummy_admin):
    token = auth.csrf_token()
    response = client.post(
        "/connexion?next=https://evil.example/",
        data={"email": dummy_admin.email, "password": PASSWORD, "csrf_token": token},
    )
    assert response.headers["Location"] == "/gestion/"


def test_inactive_account_cannot_log_in(client, auth, create_user):
    user = create_user(email="gone@collectivite-test.fr", is_active_account=False)
    assert auth.login(user.email).status_code == 401


def test_changing_the_password_ends_other_sessions(app, client, auth, dummy_admin, dummy_tenant):
    from app.auth.services import set_password

    auth.login(dummy_admin.email)
    assert client.get(f"/gestion/{dummy_tenant.slug}/").status_code == 200
    set_password(dummy_admin, "another-long-password")
    db.session.commit()
    assert client.get(f"/gestion/{dummy_tenant.slug}/").status_code == 302


@pytest.mark.parametrize("path", ["/connexion", "/mot-de-passe/oubli"])
def test_post_without_csrf_token_is_rejected(client, path, dummy_admin):
    response = client.post(path, data={"email": dummy_admin.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "Le formulaire a expiré" in response.get_data(as_text=True)


def test_post_with_forged_csrf_token_is_rejected(client, dummy_admin):
    response = client.post(
        "/connexion",
        data={"email": dummy_admin.email, "password": PASSWORD, "csrf_token": "forged"},
    )
    assert response.status_code == 400
