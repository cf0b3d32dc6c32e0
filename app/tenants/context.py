"""Resolution of the current collectivité from the URL (``<tenant>`` segment).

Every route with a ``<tenant>`` segment gets ``g.tenant`` (404 if unknown or inactive) and a
database session scoped to it (see :mod:`app.core.tenancy`). ``url_for`` fills ``tenant`` in from
the current request, so templates only pass it to link to another collectivité.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, abort, g
from sqlalchemy import select

from app.core.db import db
from app.core.tenancy import scope_session
from app.tenants.models import Tenant


def current_tenant() -> Tenant:
    """The request's collectivité (only valid on routes with a ``<tenant>`` segment)."""
    return g.tenant


def tenant_by_slug(slug: str) -> Tenant | None:
    """The active collectivité with this slug."""
    return db.session.scalar(select(Tenant).where(Tenant.slug == slug, Tenant.is_active.is_(True)))


def init_app(app: Flask) -> None:
    """Install the URL hooks."""

    @app.url_value_preprocessor
    def _pull_tenant(_endpoint: str | None, values: dict[str, Any] | None) -> None:
        if not values or "tenant" not in values:
            return
        tenant = tenant_by_slug(values.pop("tenant"))
        if tenant is None:
            abort(404)
        g.tenant = tenant
        scope_session(db.session, tenant.id)

    @app.url_defaults
    def _add_tenant(endpoint: str, values: dict[str, Any]) -> None:
        if "tenant" in values or g.get("tenant") is None:
            return
        if app.url_map.is_endpoint_expecting(endpoint, "tenant"):
            values["tenant"] = g.tenant.slug

    @app.teardown_request
    def _unscope(_error: BaseException | None) -> None:
        scope_session(db.session, None)
