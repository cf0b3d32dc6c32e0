"""Drafts: answers saved at each step, resumable through a secret link sent by e-mail."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from typing import Any

from flask import current_app, render_template
from sqlalchemy import delete, select

from app.applications.models import Draft
from app.audit.services import record
from app.core.db import db, utcnow
from app.core.mail import queue_mail
from app.core.security import fingerprint
from app.schemes.models import Scheme, SchemeVersion


def _ttl() -> dt.timedelta:
    return dt.timedelta(days=current_app.extensions["tremplin.settings"].draft_ttl_days)


def token_hash(token: str) -> str:
    """Keyed fingerprint under which a draft's secret token is stored."""
    return fingerprint(token, "draft")


def start_draft(scheme: Scheme, version: SchemeVersion) -> tuple[Draft, str]:
    """A new empty draft on the scheme's published version; returns it and its secret token."""
    token = secrets.token_urlsafe(24)
    draft = Draft(
        tenant_id=scheme.tenant_id,
        scheme_id=scheme.id,
        scheme_version_id=version.id,
        token_hash=token_hash(token),
        answers={},
        expires_at=utcnow() + _ttl(),
    )
    db.session.add(draft)
    db.session.flush()
    record("draft.started", tenant_id=draft.tenant_id, obj=draft, scheme_version=version.id)
    return draft, token


def find_draft(scheme: Scheme, token: str) -> Draft | None:
    """The live draft of ``scheme`` for ``token`` (``None`` if unknown, expired or submitted)."""
    draft = db.session.scalar(
        select(Draft).where(Draft.token_hash == token_hash(token), Draft.scheme_id == scheme.id)
    )
    if draft is None or draft.is_expired() or draft.submitted_application_id is not None:
        return None
    return draft


def save_answers(draft: Draft, answers: dict[str, Any], step: str) -> None:
    """Store the draft's answers (the whole draft, this step included) and push its expiry back;
    the audit record names the step only (answers are personal data)."""
    draft.answers = dict(answers)
    draft.step = step
    draft.expires_at = utcnow() + _ttl()
    record("draft.saved", tenant_id=draft.tenant_id, obj=draft, step=step)
    db.session.flush()


def send_resume_link(draft: Draft, email: str, link_for: Callable[[str], str], token: str) -> None:
    """E-mail the secret link that resumes the draft (the address is kept only on the draft)."""
    draft.email = email.strip().lower()
    body = render_template(
        "applications/email/resume.txt",
        scheme=draft.scheme,
        link=link_for(token),
        expires_at=draft.expires_at,
    )
    queue_mail(draft.email, f"Votre demande « {draft.scheme.title} » en cours", body)
    record("draft.link_sent", tenant_id=draft.tenant_id, obj=draft)
    db.session.flush()


def purge_expired(now: dt.datetime | None = None) -> int:
    """Delete expired, unsubmitted drafts (and their attachments); returns how many."""
    result = db.session.execute(
        delete(Draft)
        .where(Draft.expires_at < (now or utcnow()), Draft.submitted_application_id.is_(None))
        .execution_options(synchronize_session=False)
    )
    count = result.rowcount or 0
    if count:
        record("drafts.purged", tenant_id=None, count=count)
    return count
