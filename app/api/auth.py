"""Bearer-token authentication of the REST API: the token decides the collectivité."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import g, request

from app.api.errors import api_error
from app.api.services import token_from_secret
from app.core.db import db
from app.core.tenancy import scope_session
from app.tenants.models import Tenant

F = TypeVar("F", bound=Callable[..., Any])


def token_required(view: F) -> F:
    """Resolve ``Authorization: Bearer trp_…`` to its collectivité, or answer 401 in JSON."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
        token = token_from_secret(secret.strip()) if scheme.lower() == "bearer" else None
        if token is None:
            return api_error(401, "Jeton d'API absent, inconnu ou révoqué.", www_authenticate=True)
        tenant = db.session.get(Tenant, token.tenant_id)
        if tenant is None or not tenant.is_active:
            return api_error(401, "Jeton d'API absent, inconnu ou révoqué.", www_authenticate=True)
        g.tenant = tenant
        g.api_token = token
        scope_session(db.session, tenant.id)
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]
