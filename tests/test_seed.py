import json

from sqlalchemy import func, select

from app.auth.models import Membership, Role, User
from app.core.db import db
from app.seed import SEED_DIR, demo_logins, load_demo
from app.tenants.models import Tenant, TenantKind


def _counts():
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Tenant, User, Membership)
    )


def test_demo_seed_creates_three_collectivites_with_an_admin_each(db_session):
    created = load_demo()
    assert created == {"tenants": 3, "users": 4}
    kinds = set(db.session.scalars(select(Tenant.kind)))
    assert kinds == {TenantKind.COMMUNE, TenantKind.DEPARTEMENT, TenantKind.REGION}
    admins = db.session.scalars(select(Membership).where(Membership.role == Role.ADMIN)).all()
    assert len(admins) == 3


def test_demo_seed_is_idempotent(db_session):
    load_demo()
    before = _counts()
    assert load_demo() == {"tenants": 0, "users": 0}
    assert _counts() == before


def test_demo_logins_match_the_seed_and_work(client, auth, db_session):
    load_demo()
    data = json.loads((SEED_DIR / "demo.json").read_text())
    rows = demo_logins()
    assert len(rows) == 4
    _who, email, password = rows[0]
    assert email == data["tenants"][0]["admin"]["email"]
    response = auth.login(email, password)
    assert response.status_code == 302


def test_demo_collectivites_can_be_loaded_without_accounts(db_session):
    assert load_demo(accounts=False) == {"tenants": 3, "users": 0}
    assert db.session.scalar(select(func.count()).select_from(User)) == 0
    assert load_demo() == {"tenants": 0, "users": 4}
