"""Role × endpoint × expected status for the back office."""

from __future__ import annotations

import pytest

ROLES = ("admin", "instructor", "finance", "viewer")
ALL_OK = dict.fromkeys(ROLES, 200)
ADMIN_ONLY = {"admin": 200, "instructor": 403, "finance": 403, "viewer": 403}

# (path under /gestion/<tenant>, expected status per role)
MATRIX = [
    ("/", ALL_OK),
    ("/dispositifs", ALL_OK),
    ("/demandes", ALL_OK),
    ("/sources", ALL_OK),
    ("/parametres", ADMIN_ONLY),
    ("/parametres/membres", ADMIN_ONLY),
    ("/parametres/journal", ADMIN_ONLY),
]
CASES = [(path, role, expected[role]) for path, expected in MATRIX for role in ROLES]


@pytest.mark.parametrize(("path", "role", "expected"), CASES)
def test_role_matrix(client, auth, dummy_tenant, create_member, path, role, expected):
    member = create_member(dummy_tenant, role=role)
    auth.login(member.user.email)
    assert client.get(f"/gestion/{dummy_tenant.slug}{path}").status_code == expected


@pytest.mark.parametrize(("path", "_expected"), MATRIX)
def test_anonymous_users_are_sent_to_login(client, dummy_tenant, path, _expected):
    response = client.get(f"/gestion/{dummy_tenant.slug}{path}")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/connexion?next=")


@pytest.mark.parametrize("role", ROLES)
def test_navigation_only_shows_allowed_sections(client, auth, dummy_tenant, create_member, role):
    member = create_member(dummy_tenant, role=role)
    auth.login(member.user.email)
    page = client.get(f"/gestion/{dummy_tenant.slug}/").get_data(as_text=True)
    assert ("Paramètres" in page) is (role == "admin")
    assert "Demandes" in page


@pytest.mark.parametrize("role", ROLES)
def test_platform_pages_are_hidden_from_non_operators(
    client, auth, dummy_tenant, create_member, role
):
    member = create_member(dummy_tenant, role=role)
    auth.login(member.user.email)
    assert client.get("/plateforme/collectivites").status_code == 404


def test_non_admin_cannot_post_settings(client, auth, dummy_tenant, create_member):
    member = create_member(dummy_tenant, role="instructor")
    auth.login(member.user.email)
    token = auth.csrf_token("/")
    response = client.post(
        f"/gestion/{dummy_tenant.slug}/parametres", data={"name": "Piraté", "csrf_token": token}
    )
    assert response.status_code == 403
    assert dummy_tenant.name == "Commune de Test"
