"""Tenant isolation: a user of collectivité A never reaches collectivité B's objects (404, no leak).

Every URL rule naming an object is exercised: ``objects_in`` must know how to create an object for
each route argument, so a new route cannot be added without joining this test.
"""

from __future__ import annotations

import datetime as dt

from flask import Flask
from sqlalchemy import select

from app.api.models import ApiToken
from app.api.services import issue_token
from app.applications import drafts, pipeline
from app.auth.models import Membership, Role
from app.core.db import db
from app.core.tenancy import scope_session
from app.schemes.models import Scheme, VersionState
from app.testing.bundles import answers_for
from app.testing.sandboxes import habilitation_for

ARGUMENTS = (
    "member_id",
    "habilitation_id",
    "token_id",
    "slug",
    "token",
    "step",
    "status_token",
    "scheme_id",
    "version_id",
)


def objects_in(app, factories, tenant) -> dict:
    """One object of every kind a route can name, in ``tenant``: {route argument: value}."""
    with app.test_request_context():
        scheme = factories.scheme(tenant)
        _draft, draft_token = drafts.start_draft(scheme, scheme.published_version)
        submitted = pipeline.submit(
            tenant,
            scheme,
            answers_for("martin"),
            origin=f"api:{tenant.slug}",
            today=dt.date(2026, 9, 1),
        )
        _record, _clear = issue_token(tenant.id, "Portail", actor=None)
    return {
        "member_id": factories.member(tenant, role="viewer").id,
        "habilitation_id": habilitation_for(factories.session, tenant).id,
        "token_id": _record.id,
        "slug": scheme.slug,
        "token": draft_token,
        "step": "identite",
        "status_token": submitted.status_token,
        "scheme_id": scheme.id,
        "version_id": scheme.published_version.id,
    }


def _id_rules(app: Flask):
    for rule in app.url_map.iter_rules():
        ids = [arg for arg in rule.arguments if arg != "tenant"]
        if "tenant" in rule.arguments and ids:
            yield rule, ids


def test_every_id_route_is_covered_by_this_test(app):
    uncovered = {
        (rule.rule, arg) for rule, ids in _id_rules(app) for arg in ids if arg not in ARGUMENTS
    }
    assert not uncovered, f"add these route arguments to objects_in(): {sorted(uncovered)}"


def test_objects_of_another_collectivite_are_404(app, client, auth, factories):
    tenant_a = factories.tenant(slug="tenant-a")
    tenant_b = factories.tenant(slug="tenant-b")
    admin_a = factories.member(tenant_a, role="admin", email="admin-a@a-test.fr").user
    foreign = objects_in(app, factories, tenant_b)
    own = objects_in(app, factories, tenant_a)
    auth.login(admin_a.email)
    token = auth.csrf_token("/")
    checked = 0
    for rule, ids in _id_rules(app):
        staff_route = rule.rule.startswith("/gestion/")
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            # B's objects named under A's address; for staff pages, under B's address too (A's
            # admin is not a member of B). Citizens' pages of B are public by design.
            for tenant_slug in (tenant_a.slug, tenant_b.slug) if staff_route else (tenant_a.slug,):
                url = rule.build({"tenant": tenant_slug, **{arg: foreign[arg] for arg in ids}})[1]
                data = {"csrf_token": token, "role": "admin", "email": "x@exemple.fr"}
                response = client.open(url, method=method, data=data)
                assert response.status_code == 404, (method, url, response.status_code)
                checked += 1
            # the same route on A's own object is reachable (the 404 above is not an accident)
            own_url = rule.build({"tenant": tenant_a.slug, **{arg: own[arg] for arg in ids}})[1]
            if method == "GET":
                assert client.get(own_url).status_code in (200, 302), own_url
    assert checked >= 20
    # nothing was changed in B by the attempts (role change, removal, revocation)
    memberships_b = db.session.scalars(
        select(Membership).where(
            Membership.tenant_id == tenant_b.id, Membership.role == Role.VIEWER
        )
    ).all()
    assert [m.id for m in memberships_b] == [foreign["member_id"]]
    assert db.session.get(ApiToken, foreign["token_id"]).revoked_at is None
    scheme_b = db.session.get(Scheme, foreign["scheme_id"])
    db.session.refresh(scheme_b)
    assert [v.state for v in scheme_b.versions] == [VersionState.PUBLISHED]  # no draft started
    assert scheme_b.closed_at is None


def test_a_non_member_gets_404_on_another_collectivite_pages(app, client, auth, factories):
    tenant_a = factories.tenant(slug="tenant-a")
    tenant_b = factories.tenant(slug="tenant-b")
    admin_a = factories.member(tenant_a, role="admin", email="admin-a@a-test.fr").user
    auth.login(admin_a.email)
    for rule in app.url_map.iter_rules():
        if (
            rule.arguments == {"tenant"}
            and rule.rule.startswith("/gestion/")
            and "GET" in rule.methods
        ):
            assert client.get(rule.build({"tenant": tenant_b.slug})[1]).status_code == 404, (
                rule.rule
            )
            assert client.get(rule.build({"tenant": tenant_a.slug})[1]).status_code in (200, 403)


def test_unknown_collectivite_is_404(client):
    assert client.get("/c/nexiste-pas/").status_code == 404
    assert client.get("/gestion/nexiste-pas/").status_code == 404


def test_orm_queries_are_filtered_to_the_scoped_collectivite(db_session, factories):
    tenant_a = factories.tenant()
    tenant_b = factories.tenant()
    factories.member(tenant_a)
    member_b = factories.member(tenant_b)
    db_session.flush()
    scope_session(db_session(), tenant_a.id)
    try:
        visible = db_session.scalars(select(Membership)).all()
        assert {m.tenant_id for m in visible} == {tenant_a.id}
        db_session.expunge_all()
        assert db_session.get(Membership, member_b.id) is None
        everything = db_session.scalars(
            select(Membership).execution_options(all_tenants=True)
        ).all()
        assert {m.tenant_id for m in everything} == {tenant_a.id, tenant_b.id}
    finally:
        scope_session(db_session(), None)
