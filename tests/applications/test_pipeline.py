import datetime as dt
import re
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.applications import pipeline
from app.applications.models import Application, ApplicationState, Channel
from app.audit.models import AuditEvent
from app.core.db import db
from app.forms import validate_answers
from app.testing.bundles import answers_for

TODAY = dt.date(2026, 9, 1)


def _submit(app, commune, scheme, answers, origin="draft:t1"):
    with app.test_request_context():
        submitted = pipeline.submit(commune, scheme, answers, origin=origin, today=TODAY)
        pipeline.process(submitted.application, today=TODAY)
    return submitted


def test_eligible_family_is_decided_at_once_with_minimised_data(app, commune, scheme):
    submitted = _submit(app, commune, scheme, answers_for("martin", children=2))
    application = submitted.application
    assert submitted.created
    assert application.state is ApplicationState.ELIGIBLE
    assert application.amount == Decimal("200.00")
    assert re.fullmatch(r"CP-2026-\d{6}", application.reference)
    # only the field the rules read is kept, with its provenance
    assert application.source_values == {"qf": {"quotient_familial": {"valeur": 150}}}
    assert application.provenance["qf"]["label"]
    assert "adresse" not in str(application.source_values)
    assert application.evaluation["eligible"] is True
    assert application.decided_at is not None
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"application.submitted", "application.decided"} <= actions


def test_family_above_the_ceiling_is_ineligible(app, commune, scheme):
    application = _submit(app, commune, scheme, answers_for("dupont", children=1)).application
    assert application.state is ApplicationState.INELIGIBLE
    assert application.amount is None
    failing = [c["id"] for c in application.evaluation["criteria"] if c["outcome"] is False]
    assert failing == ["plafond_qf"]


def test_unknown_person_goes_to_an_agent_not_refused(app, commune, scheme):
    application = _submit(app, commune, scheme, answers_for("inconnu")).application
    assert application.state is ApplicationState.TO_REVIEW
    assert application.source_errors["qf"]["kind"] == "not_found"
    assert application.source_errors["qf"]["retryable"] is False


def test_provider_outage_keeps_the_application_verifying_then_decides(
    app, commune, scheme, api_particulier_sandbox
):
    faults = api_particulier_sandbox.app.extensions["sandbox"].faults
    faults.push("503", count=10)
    application = _submit(app, commune, scheme, answers_for("martin")).application
    assert application.state is ApplicationState.VERIFYING
    assert application.id is not None
    assert application.source_errors["qf"]["retryable"] is True
    assert application.next_attempt_at is not None
    assert not pipeline.is_due(application)
    faults.clear()
    later = application.next_attempt_at + dt.timedelta(seconds=1)
    assert pipeline.is_due(application, now=later)
    assert application in pipeline.due_applications(now=later)
    with app.test_request_context():
        pipeline.process(application, today=TODAY)
    assert application.state is ApplicationState.ELIGIBLE
    assert application.attempts == 2


def test_same_origin_never_creates_two_applications(app, commune, scheme):
    first = _submit(app, commune, scheme, answers_for("martin"), origin="draft:same")
    again = _submit(app, commune, scheme, answers_for("martin"), origin="draft:same")
    assert not again.created
    assert again.application.id == first.application.id
    assert again.status_token == first.status_token
    count = db.session.scalar(select(db.func.count()).select_from(Application))
    assert count == 1
    with app.test_request_context(), pytest.raises(pipeline.IdempotencyConflict):
        pipeline.submit(commune, scheme, answers_for("dupont"), origin="draft:same", today=TODAY)


def test_invalid_answers_are_refused_with_paths(app, commune, scheme):
    answers = answers_for("martin")
    answers["nombre_enfants"] = 40
    del answers["courriel"]
    with app.test_request_context(), pytest.raises(pipeline.InvalidAnswers) as caught:
        pipeline.submit(commune, scheme, answers, origin="api:x", today=TODAY)
    paths = {error.path for error in caught.value.errors}
    assert paths == {"/nombre_enfants", "/courriel"}
    assert db.session.scalar(select(db.func.count()).select_from(Application)) == 0


def test_closed_scheme_refuses_applications(app, commune, factories):
    scheme = factories.scheme(commune, closes_at="2026-08-31")
    with app.test_request_context(), pytest.raises(pipeline.SchemeClosed):
        pipeline.submit(commune, scheme, answers_for("martin"), origin="api:y", today=TODAY)


def test_references_are_sequential_per_collectivite(app, commune, scheme):
    refs = [
        _submit(
            app, commune, scheme, answers_for("martin"), origin=f"api:{i}"
        ).application.reference
        for i in range(3)
    ]
    numbers = [int(r.rsplit("-", 1)[1]) for r in refs]
    assert numbers == [numbers[0], numbers[0] + 1, numbers[0] + 2]


def test_second_submission_for_the_same_person_uses_the_cache(
    app, commune, scheme, api_particulier_sandbox
):
    log = api_particulier_sandbox.app.extensions["sandbox"].log
    _submit(app, commune, scheme, answers_for("martin"), origin="api:a")
    calls = log.count("/v3/dss/quotient_familial")
    _submit(app, commune, scheme, answers_for("martin", children=3), origin="api:b")
    assert calls == 1
    assert log.count("/v3/dss/quotient_familial") == 1


def test_status_token_finds_the_application(app, commune, scheme):
    submitted = _submit(app, commune, scheme, answers_for("martin"), origin="api:s")
    with app.test_request_context():
        assert (
            pipeline.find_by_status_token(commune.id, submitted.status_token)
            is submitted.application
        )
        assert pipeline.find_by_status_token(commune.id, "nope") is None
    assert submitted.application.channel is Channel.WEB


def test_recheck_waits_the_configured_interval(app, commune, scheme, api_particulier_sandbox):
    api_particulier_sandbox.app.extensions["sandbox"].faults.push("503", count=10)
    application = _submit(app, commune, scheme, answers_for("martin"), origin="api:r").application
    assert application.state is ApplicationState.VERIFYING
    last = application.updated_at
    last = last if last.tzinfo else last.replace(tzinfo=dt.UTC)
    with app.test_request_context():
        assert pipeline.recheck_interval() == dt.timedelta(seconds=10)  # the default
        assert not pipeline.can_recheck(application, now=last + dt.timedelta(seconds=9))
        assert pipeline.can_recheck(application, now=last + dt.timedelta(seconds=10))


def test_a_form_cached_under_a_reused_id_is_not_used(app, commune, scheme):
    """A database may give a new version the id of a vanished one (SQLite after a rollback):
    answers are validated against this version's form, not one cached under the same id."""
    version = scheme.published_version
    other = {
        "schema": {
            "type": "object",
            "properties": {"autre": {"type": "string", "title": "Autre"}},
            "required": ["autre"],
        }
    }
    assert validate_answers(other, answers_for("martin"), key=version.id)  # the stale entry
    with app.test_request_context():
        submitted = pipeline.submit(
            commune, scheme, answers_for("martin"), origin="api:reused", today=TODAY
        )
    assert submitted.created
