"""Issuing, revoking and checking API tokens (services flush, callers commit)."""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import select

from app.api.models import ApiToken
from app.audit.services import record
from app.core.db import db, utcnow
from app.core.security import fingerprint

TOKEN_PREFIX = "trp_"  # noqa: S105 (a public prefix, not a secret)


def issue_token(tenant_id: int, name: str, *, actor: Any) -> tuple[ApiToken, str]:
    """Create a token; the clear value is returned once and never stored."""
    clear = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        tenant_id=tenant_id,
        name=name.strip() or "Jeton",
        prefix=clear[: len(TOKEN_PREFIX) + 6],
        token_hash=fingerprint(clear, "api.token"),
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(token)
    db.session.flush()
    record("api_token.issued", tenant_id=tenant_id, actor=actor, obj=token)
    return token, clear


def revoke_token(token: ApiToken, *, actor: Any) -> None:
    """Revoke a token (kept for the audit trail)."""
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.flush()
        record("api_token.revoked", tenant_id=token.tenant_id, actor=actor, obj=token)


def token_from_secret(clear: str) -> ApiToken | None:
    """The active token matching a presented secret, if any (constant-time via keyed hash)."""
    if not clear.startswith(TOKEN_PREFIX) or len(clear) > 200:
        return None
    token = db.session.scalar(
        select(ApiToken)
        .where(ApiToken.token_hash == fingerprint(clear, "api.token"))
        .execution_options(all_tenants=True)
    )
    if token is None or not token.is_active:
        return None
    token.last_used_at = utcnow()
    return token


def tenant_tokens(tenant_id: int) -> list[ApiToken]:
    """A collectivité's tokens, newest first."""
    return list(
        db.session.scalars(
            select(ApiToken).where(ApiToken.tenant_id == tenant_id).order_by(ApiToken.id.desc())
        )
    )
