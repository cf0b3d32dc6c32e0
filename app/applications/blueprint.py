"""The applications domain has no pages of its own: this registers its templates (e-mails) and
its periodic task."""

from __future__ import annotations

from flask import Blueprint, Flask

from app.applications import tasks

bp = Blueprint("applications", __name__, template_folder="templates")


def init_app(app: Flask) -> None:
    """Make ``applications/…`` templates available; schedule the retries on Celery beat."""
    app.register_blueprint(bp)
    celery = app.extensions["celery"]
    celery.conf.beat_schedule = {**(celery.conf.beat_schedule or {}), **tasks.beat_schedule()}
