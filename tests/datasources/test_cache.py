"""Cache of fetched values: a second submission for the same person does not call again; "not
found" is cached briefly; errors never; nothing readable in the table."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select, text, update

from app.core.db import db, utcnow
from app.datasources import cache, service
from app.datasources.base import FetchResult
from app.datasources.errors import NotFound, Unavailable
from app.datasources.models import CachedValue
from app.testing.sandboxes import LEFEBVRE

QF = "api_particulier.quotient_familial"


@pytest.fixture
def setup(
    dummy_tenant: Any, create_habilitation: Any, app_ctx: None, api_particulier_sandbox: Any
) -> Any:
    create_habilitation(dummy_tenant)
    return api_particulier_sandbox.app.extensions["sandbox"].log


def expire_all() -> None:
    db.session.execute(update(CachedValue).values(expires_at=utcnow() - dt.timedelta(seconds=1)))


def test_second_fetch_is_served_from_the_cache(dummy_tenant: Any, setup: Any) -> None:
    first = service.fetch(dummy_tenant, QF, LEFEBVRE)
    same_person = {
        **LEFEBVRE,
        "nom_naissance": " lefebvre ",
        "prenoms": ["alexis", "gérôme", "jean-philippe"],
    }
    second = service.fetch(dummy_tenant, QF, same_person)
    assert setup.count() == 1
    assert second.from_cache
    assert second.values == first.values
    assert second.request_id == first.request_id
    assert second.caveats == first.caveats
    entry = db.session.scalar(select(CachedValue))
    delay = (cache._aware(entry.expires_at) - utcnow()).total_seconds()
    assert 86390 < delay <= 86400  # QF: 24 h
    service.fetch(dummy_tenant, QF, LEFEBVRE, use_cache=False)
    assert setup.count() == 2
    expire_all()
    service.fetch(dummy_tenant, QF, LEFEBVRE)
    assert setup.count() == 3


def test_cache_is_per_collectivite(
    dummy_tenant: Any, setup: Any, create_tenant: Any, create_habilitation: Any
) -> None:
    other = create_tenant()
    create_habilitation(other)
    service.fetch(dummy_tenant, QF, LEFEBVRE)
    service.fetch(other, QF, LEFEBVRE)
    assert setup.count() == 2


def test_not_found_is_cached_briefly(dummy_tenant: Any, setup: Any) -> None:
    unknown = {**LEFEBVRE, "nom_naissance": "INCONNU"}
    for _ in range(2):
        with pytest.raises(NotFound):
            service.fetch(dummy_tenant, QF, unknown)
    assert setup.count() == 1
    entry = db.session.scalar(select(CachedValue))
    assert entry.outcome == cache.NOT_FOUND
    assert (cache._aware(entry.expires_at) - utcnow()).total_seconds() <= cache.NOT_FOUND_TTL
    expire_all()
    with pytest.raises(NotFound):
        service.fetch(dummy_tenant, QF, unknown)
    assert setup.count() == 2


def test_errors_are_never_cached(
    dummy_tenant: Any, setup: Any, api_particulier_sandbox: Any
) -> None:
    api_particulier_sandbox.app.extensions["sandbox"].faults.push("503", count=3)
    with pytest.raises(Unavailable):
        service.fetch(dummy_tenant, QF, LEFEBVRE)
    assert db.session.scalar(select(CachedValue)) is None
    assert not service.fetch(dummy_tenant, QF, LEFEBVRE).from_cache
    assert setup.count() == 4


def test_the_table_holds_no_personal_data(dummy_tenant: Any, setup: Any) -> None:
    service.fetch(dummy_tenant, QF, LEFEBVRE)
    rows = db.session.execute(text("SELECT * FROM datasource_cache")).all()
    dump = repr(rows)
    assert rows
    for value in ("LEFEBVRE", "ALEXIS", "1982", "2550", "MONTORGUEIL"):
        assert value not in dump


def test_provider_ttl_shortens_ours(dummy_tenant: Any, app_ctx: None) -> None:
    key = cache.cache_key(QF, LEFEBVRE)
    assert key == cache.cache_key(QF, {**LEFEBVRE, "sexe": "f"})
    assert key != cache.cache_key("api_particulier.rsa", LEFEBVRE)
    token = {"france_connect_token": "AbC"}
    assert cache.cache_key(QF, token, exact=["france_connect_token"]) != cache.cache_key(
        QF, {"france_connect_token": "abc"}, exact=["france_connect_token"]
    )
    cache.store(dummy_tenant.id, QF, key, FetchResult(values={"a": 1}), 60)
    entry = cache.lookup(dummy_tenant.id, QF, key)
    assert entry is not None
    assert cache.result_of(entry).values == {"a": 1}
    cache.store(dummy_tenant.id, QF, key, FetchResult(values={"a": 2}), 60)  # replaces
    assert cache.result_of(cache.lookup(dummy_tenant.id, QF, key)).values == {"a": 2}  # type: ignore[arg-type, union-attr]
    cache.store(dummy_tenant.id, QF, "other", None, 0)  # a zero TTL stores nothing
    assert cache.lookup(dummy_tenant.id, QF, "other") is None


def test_purge_expired(dummy_tenant: Any, app_ctx: None) -> None:
    cache.store(dummy_tenant.id, QF, "k1", FetchResult(values={}), 60)
    cache.store(dummy_tenant.id, QF, "k2", None, 60)
    assert cache.purge_expired() == 0
    expire_all()
    assert cache.purge_expired() == 2


def test_cache_purge_runs_on_celery_beat(app: Any) -> None:
    from app.datasources.tasks import BEAT_SCHEDULE

    schedule = app.extensions["celery"].conf.beat_schedule
    assert schedule["datasources-purge-cache"] == BEAT_SCHEDULE["datasources-purge-cache"]
    assert "applications-retry-due" in schedule  # the domains merge their schedules
