import datetime as dt

from sqlalchemy import func, select

from app.applications import drafts, pipeline
from app.applications.models import Attachment, Draft
from app.applications.retention import _months_ago, erase_expired
from app.core.db import db, utcnow
from app.testing.bundles import answers_for

TODAY = dt.date(2026, 9, 1)


def test_personal_data_is_erased_after_the_retention_period(app, commune, scheme):
    with app.test_request_context():
        submitted = pipeline.submit(
            commune, scheme, answers_for("martin"), origin="api:r", today=TODAY
        )
        pipeline.process(submitted.application, today=TODAY)
    application = submitted.application
    db.session.add(
        Attachment(
            tenant_id=commune.id,
            application_id=application.id,
            token="t",
            filename="f.pdf",
            content_type="application/pdf",
            size=1,
            sha256="0" * 64,
            data=b"x",
        )
    )
    db.session.flush()
    assert scheme.retention_months == 24
    with app.app_context():
        assert erase_expired(now=utcnow() + dt.timedelta(days=30)) == 0
        assert erase_expired(now=utcnow() + dt.timedelta(days=25 * 31)) == 1
    assert application.answers == {"erased": True}
    assert application.source_values == {}
    assert application.contact_email is None
    assert application.reference  # kept for budgets
    assert application.amount is not None
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0
    with app.app_context():
        assert erase_expired(now=utcnow() + dt.timedelta(days=25 * 31)) == 0  # once only


def test_expired_drafts_are_deleted_by_the_cli(app, commune, scheme):
    with app.test_request_context():
        draft, _token = drafts.start_draft(scheme, scheme.published_version)
    draft.expires_at = utcnow() - dt.timedelta(minutes=1)
    db.session.flush()
    result = app.test_cli_runner().invoke(args=["applications", "purge"])
    assert "1 expired draft(s) deleted" in result.output
    assert db.session.scalar(select(func.count()).select_from(Draft)) == 0


def test_months_ago_handles_year_boundaries():
    now = dt.datetime(2026, 1, 31, tzinfo=dt.UTC)
    assert _months_ago(now, 1) == dt.datetime(2025, 12, 28, tzinfo=dt.UTC)
    assert _months_ago(now, 24).year == 2024
