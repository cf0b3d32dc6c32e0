"""Manual-proof uploads: stored in the database with the draft, then with the application."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from sqlalchemy import select, update

from app.applications.models import Attachment, Draft
from app.core.db import db

REFERENCE_PREFIX = "piece:"


def store_upload(draft: Draft, upload: Any) -> str:
    """Keep an accepted upload (werkzeug ``FileStorage``) with the draft; returns its reference."""
    data = upload.read()
    token = secrets.token_urlsafe(18)
    attachment = Attachment(
        tenant_id=draft.tenant_id,
        draft_id=draft.id,
        token=token,
        filename=(upload.filename or "piece")[:255],
        content_type=(upload.mimetype or "application/octet-stream")[:100],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
    )
    db.session.add(attachment)
    db.session.flush()
    return REFERENCE_PREFIX + token


def attach_to_application(draft: Draft, application_id: int) -> None:
    """Move the draft's uploads to the submitted application."""
    db.session.execute(
        update(Attachment)
        .where(Attachment.draft_id == draft.id, Attachment.tenant_id == draft.tenant_id)
        .values(application_id=application_id, draft_id=None)
        .execution_options(synchronize_session=False)
    )


def by_reference(tenant_id: int, reference: str) -> Attachment | None:
    """The attachment an answer refers to (``piece:<token>``)."""
    if not reference.startswith(REFERENCE_PREFIX):
        return None
    return db.session.scalar(
        select(Attachment).where(
            Attachment.tenant_id == tenant_id,
            Attachment.token == reference.removeprefix(REFERENCE_PREFIX),
        )
    )
