"""Data retention: personal data of applications is erased once the scheme's retention period has
passed after the decision; expired drafts are deleted.

What stays after erasure: the reference, the scheme version, the state, the amount and the dates
(needed for budgets, statistics and the audit trail) — no answers, no data-source values.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.applications.drafts import purge_expired
from app.applications.models import Application, Attachment
from app.audit.services import record
from app.core.db import db, utcnow
from app.schemes.models import Scheme

ERASED = {"erased": True}


def _months_ago(now: dt.datetime, months: int) -> dt.datetime:
    year, month = divmod(now.month - 1 - months, 12)
    day = min(now.day, 28)
    return now.replace(year=now.year + year, month=month + 1, day=day)


def erase_expired(now: dt.datetime | None = None) -> int:
    """Erase the personal data of decided applications past their retention; returns how many."""
    now = now or utcnow()
    erased = 0
    schemes = db.session.scalars(select(Scheme).execution_options(all_tenants=True))
    for scheme in schemes:
        limit = _months_ago(now, scheme.retention_months)
        query = select(Application).where(
            Application.scheme_id == scheme.id,
            Application.decided_at.is_not(None),
            Application.decided_at < limit,
            Application.erased_at.is_(None),
        )
        for application in db.session.scalars(query.execution_options(all_tenants=True)):
            erase(application)
            erased += 1
    return erased


def erase(application: Application) -> None:
    """Remove an application's personal data (answers, sources, trace, contact, attachments)."""
    application.answers = dict(ERASED)
    application.source_values = {}
    application.provenance = {}
    application.source_errors = {}
    application.evaluation = {"erased": True, "eligible": application.evaluation.get("eligible")}
    application.contact_email = None
    application.erased_at = utcnow()
    for attachment in db.session.scalars(
        select(Attachment).where(Attachment.application_id == application.id)
    ):
        db.session.delete(attachment)
    db.session.flush()
    record("application.erased", tenant_id=application.tenant_id, obj=application)


def purge(now: dt.datetime | None = None) -> tuple[int, int]:
    """Run both clean-ups; returns (applications erased, drafts deleted)."""
    return erase_expired(now), purge_expired(now)
