"""Recording and reading audit events (services flush, the caller commits)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from app.audit.models import AuditEvent
from app.core.db import db
from app.core.logging import request_id


def record(
    action: str,
    *,
    tenant_id: int | None,
    actor: Any = None,
    obj: Any = None,
    object_type: str = "",
    object_id: Any = "",
    **details: Any,
) -> AuditEvent:
    """Append an audit event; ``obj`` (a model instance) fills the object type and id.

    ``actor`` is a staff user (``None`` for the system or a citizen). ``details`` must not contain
    personal data.
    """
    if obj is not None:
        object_type = object_type or type(obj).__name__
        object_id = getattr(obj, "id", object_id)
    event = AuditEvent(
        tenant_id=tenant_id,
        actor_id=getattr(actor, "id", None),
        actor_label=getattr(actor, "email", "") or ("système" if actor is None else str(actor)),
        action=action,
        object_type=object_type,
        object_id="" if object_id is None else str(object_id),
        details=details,
        request_id=request_id(),
    )
    db.session.add(event)
    db.session.flush()
    return event


def recent_events(tenant_id: int, limit: int = 50) -> list[AuditEvent]:
    """The collectivité's latest audit events, newest first."""
    query = (
        select(AuditEvent)
        .where(AuditEvent.tenant_id == tenant_id)
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))
