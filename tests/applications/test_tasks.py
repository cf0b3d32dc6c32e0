import datetime as dt

from app.applications import pipeline
from app.applications.models import ApplicationState
from app.applications.tasks import Sweeper, beat_schedule, retry_due
from app.core.db import utcnow
from app.testing.bundles import answers_for

TODAY = dt.date(2026, 9, 1)


def _verifying(app, commune, scheme, sandbox, origin):
    sandbox.app.extensions["sandbox"].faults.push("503", count=10)
    with app.test_request_context():
        submitted = pipeline.submit(
            commune, scheme, answers_for("martin"), origin=origin, today=TODAY
        )
        pipeline.process(submitted.application, today=TODAY)
    assert submitted.application.state is ApplicationState.VERIFYING
    sandbox.app.extensions["sandbox"].faults.clear()
    return submitted.application


def test_retry_due_decides_applications_whose_time_has_come(
    app, commune, scheme, api_particulier_sandbox
):
    application = _verifying(app, commune, scheme, api_particulier_sandbox, "api:due")
    with app.app_context():
        assert retry_due() == 0  # not yet due
        application.next_attempt_at = utcnow() - dt.timedelta(seconds=1)
        assert retry_due() == 1
    assert application.state is ApplicationState.ELIGIBLE


def test_the_cli_runs_the_retries(app, commune, scheme, api_particulier_sandbox):
    application = _verifying(app, commune, scheme, api_particulier_sandbox, "api:cli")
    application.next_attempt_at = utcnow() - dt.timedelta(seconds=1)
    result = app.test_cli_runner().invoke(args=["applications", "retry"])
    assert "1 application(s) processed." in result.output
    assert application.state is ApplicationState.ELIGIBLE


def test_the_sweeper_thread_retries_in_the_background(
    app, commune, scheme, api_particulier_sandbox
):
    application = _verifying(app, commune, scheme, api_particulier_sandbox, "api:sweep")
    application.next_attempt_at = utcnow() - dt.timedelta(seconds=1)
    sweeper = Sweeper(app, interval=0.05).start()
    try:
        for _ in range(100):
            if application.state is not ApplicationState.VERIFYING:
                break
            sweeper._stop.wait(0.05)
    finally:
        sweeper.stop()
    assert application.state is ApplicationState.ELIGIBLE


def test_retries_are_scheduled_on_celery_beat(app):
    assert (
        app.extensions["celery"].conf.beat_schedule["applications-retry-due"]
        == beat_schedule()["applications-retry-due"]
    )
