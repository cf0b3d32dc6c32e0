"""Access control for the back office: who may see which collectivité's pages.

A user who is not a member of the collectivité in the URL gets a 404 (its existence is not
confirmed); a member without the required role gets a 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort, g
from flask_login import current_user

from app.auth.models import Membership, Role
from app.auth.services import membership_for
from app.extensions import login_manager

F = TypeVar("F", bound=Callable[..., Any])
ALL_ROLES = tuple(Role)


def current_membership() -> Membership | None:
    """The signed-in user's membership in the request's collectivité (cached per request)."""
    if "membership" not in g:
        tenant = g.get("tenant")
        g.membership = (
            membership_for(current_user, tenant)
            if tenant is not None and current_user.is_authenticated
            else None
        )
    return g.membership


def has_role(*roles: Role) -> bool:
    """True when the current member holds one of ``roles``."""
    membership = current_membership()
    return membership is not None and membership.role in roles


def staff_required(*roles: Role) -> Callable[[F], F]:
    """Require a signed-in member of the URL's collectivité with one of ``roles`` (any if none)."""
    allowed = roles or ALL_ROLES

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            membership = current_membership()
            if membership is None:
                abort(404)
            if membership.role not in allowed:
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def operator_required(view: F) -> F:
    """Require a signed-in platform operator (others get a 404)."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not current_user.is_operator:
            abort(404)
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]
