"""Drafts: every change leaves an audit record, and none of them holds the answers."""

import datetime as dt

from sqlalchemy import select

from app.applications import drafts
from app.applications.models import Draft
from app.audit.models import AuditEvent
from app.core.db import db, utcnow


def _events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_starting_and_saving_a_draft_are_audited_without_the_answers(app, commune, scheme):
    with app.test_request_context():
        draft, _token = drafts.start_draft(scheme, scheme.published_version)
        drafts.save_answers(draft, {"nom_naissance": "MARTIN", "email": "x@exemple.fr"}, "foyer")

    [started] = _events("draft.started")
    [saved] = _events("draft.saved")
    assert started.tenant_id == saved.tenant_id == commune.id
    assert started.object_type == saved.object_type == "Draft"
    assert saved.object_id == str(draft.id)
    assert saved.details == {"step": "foyer"}  # the step only: no answer is copied


def test_purging_expired_drafts_is_audited_with_the_count(app, commune, scheme):
    with app.test_request_context():
        for _ in range(2):
            draft, _token = drafts.start_draft(scheme, scheme.published_version)
            draft.expires_at = utcnow() - dt.timedelta(minutes=1)
        db.session.flush()
        assert drafts.purge_expired() == 2
        assert drafts.purge_expired() == 0

    assert db.session.scalars(select(Draft)).first() is None
    [purged] = _events("drafts.purged")  # one record, none for the empty second run
    assert purged.details == {"count": 2}
