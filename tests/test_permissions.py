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
    ("/dispositifs/nouveau", ADMIN_ONLY),
    ("/dispositifs/importer", ADMIN_ONLY),
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


# Scheme pages (path under /gestion/<tenant>/dispositifs/<scheme id>): all members may look at a
# scheme; only administrators open its editors.
SCHEME_MATRIX = [
    ("/", ALL_OK),
    ("/versions", ALL_OK),
    ("/versions/{version}", ALL_OK),
    ("/versions/{version}/export", ALL_OK),
    ("/export", ALL_OK),
    ("/formulaire/apercu", ALL_OK),
    ("/parametres", ADMIN_ONLY),
    ("/publier", ADMIN_ONLY),
    ("/formulaire", ADMIN_ONLY),
    ("/formulaire/champ", ADMIN_ONLY),
    ("/formulaire/etape", ADMIN_ONLY),
    ("/formulaire/json", ADMIN_ONLY),
    ("/sources", ADMIN_ONLY),
    ("/sources/source", ADMIN_ONLY),
    ("/regles", ADMIN_ONLY),
    ("/regles/critere", ADMIN_ONLY),
    ("/regles/montant", ADMIN_ONLY),
    ("/regles/json", ADMIN_ONLY),
    ("/cas-de-test", ADMIN_ONLY),
    ("/cas-de-test/cas", ADMIN_ONLY),
    ("/cas-de-test/resultats", ADMIN_ONLY),
]
SCHEME_POSTS = [
    "/nouveau",
    "/importer",
    "/{id}/parametres",
    "/{id}/publier",
    "/{id}/fermer",
    "/{id}/rouvrir",
    "/{id}/formulaire/etape",
    "/{id}/formulaire/etape/deplacer",
    "/{id}/formulaire/etape/supprimer",
    "/{id}/formulaire/champ",
    "/{id}/formulaire/champ/deplacer",
    "/{id}/formulaire/champ/supprimer",
    "/{id}/formulaire/json",
    "/{id}/sources/source",
    "/{id}/sources/supprimer",
    "/{id}/regles/critere",
    "/{id}/regles/critere/deplacer",
    "/{id}/regles/critere/supprimer",
    "/{id}/regles/montant",
    "/{id}/regles/json",
    "/{id}/cas-de-test/cas",
    "/{id}/cas-de-test/supprimer",
]


@pytest.mark.parametrize("role", ROLES)
def test_scheme_pages_role_matrix(client, auth, dummy_tenant, create_member, factories, role):
    scheme = factories.scheme(dummy_tenant)
    member = create_member(dummy_tenant, role=role)
    auth.login(member.user.email)
    base = f"/gestion/{dummy_tenant.slug}/dispositifs/{scheme.id}"
    for path, expected in SCHEME_MATRIX:
        url = base + path.format(version=scheme.published_version.id)
        assert client.get(url).status_code == expected[role], (role, path)


@pytest.mark.parametrize("role", ["instructor", "finance", "viewer"])
def test_only_administrators_change_schemes(
    client, auth, dummy_tenant, create_member, factories, role
):
    scheme = factories.scheme(dummy_tenant)
    member = create_member(dummy_tenant, role=role)
    auth.login(member.user.email)
    token = auth.csrf_token("/")
    data = {"csrf_token": token, "title": "Piraté", "target": "nombre_enfants", "label": "x"}
    for path in SCHEME_POSTS:
        url = f"/gestion/{dummy_tenant.slug}/dispositifs" + path.format(id=scheme.id)
        assert client.post(url, data=data).status_code == 403, path
    assert [v.number for v in scheme.versions] == [1]
    assert scheme.title == "Aide de rentrée (test)"
    assert scheme.closed_at is None


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
