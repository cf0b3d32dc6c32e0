"""Tenant isolation: a user of collectivité A never reaches collectivité B's objects (404, no leak).

Every URL rule taking an object id is exercised: ``OBJECT_FACTORIES`` must know how to create an
object of each id parameter in collectivité B, so a new route cannot be added without joining this
test.
"""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from app.auth.models import Membership
from app.core.db import db
from app.core.tenancy import scope_session
from app.testing.sandboxes import habilitation_for

# id parameter name -> factory(factories, tenant) returning the object's id in that tenant.
OBJECT_FACTORIES = {
    "member_id": lambda factories, tenant: factories.member(tenant, role="viewer").id,
    "habilitation_id": lambda factories, tenant: habilitation_for(factories.session, tenant).id,
}


def _id_rules(app: Flask):
    for rule in app.url_map.iter_rules():
        ids = [arg for arg in rule.arguments if arg != "tenant"]
        if "tenant" in rule.arguments and ids:
            yield rule, ids


def test_every_id_route_is_covered_by_this_test(app):
    uncovered = {
        (rule.rule, arg)
        for rule, ids in _id_rules(app)
        for arg in ids
        if arg not in OBJECT_FACTORIES
    }
    assert not uncovered, f"add factories for these id parameters: {sorted(uncovered)}"


def test_objects_of_another_collectivite_are_404(app, client, auth, factories):
    tenant_a = factories.tenant(slug="tenant-a")
    tenant_b = factories.tenant(slug="tenant-b")
    admin_a = factories.member(tenant_a, role="admin", email="admin-a@a-test.fr").user
    foreign = {arg: make(factories, tenant_b) for arg, make in OBJECT_FACTORIES.items()}
    own = {arg: make(factories, tenant_a) for arg, make in OBJECT_FACTORIES.items()}
    auth.login(admin_a.email)
    token = auth.csrf_token("/")
    checked = 0
    for rule, ids in _id_rules(app):
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for tenant_slug in (tenant_a.slug, tenant_b.slug):
                url = rule.build({"tenant": tenant_slug, **{arg: foreign[arg] for arg in ids}})[1]
                data = {"csrf_token": token, "role": "admin"}
                response = client.open(url, method=method, data=data)
                assert response.status_code == 404, (method, url, response.status_code)
                checked += 1
            # the same route on A's own object is reachable (the 404 above is not an accident)
            own_url = rule.build({"tenant": tenant_a.slug, **{arg: own[arg] for arg in ids}})[1]
            if method == "GET":
                assert client.get(own_url).status_code == 200, own_url
    assert checked >= 4
    # nothing was changed in B by the attempts (role change, removal)
    memberships_b = db.session.scalars(
        select(Membership).where(Membership.tenant_id == tenant_b.id)
    ).all()
    assert [(m.id, m.role.value) for m in memberships_b] == [(foreign["member_id"], "viewer")]


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
