"""Background work of the applications domain: retrying applications still being verified.

Production: Celery beat runs ``tremplin.applications.retry_due`` every minute on a worker. The
embedded default (no broker) runs :func:`retry_due` from a daemon thread of ``flask demo serve``
(:class:`Sweeper`), and the status page retries an application that is due when it is opened.
"""

from __future__ import annotations

import logging
import threading

from celery import shared_task
from flask import Flask

from app.applications import pipeline
from app.applications.retention import purge
from app.core.db import db
from app.core.tenancy import scope_session

log = logging.getLogger("tremplin.applications")
RETRY_EVERY_SECONDS = 60


def retry_due(limit: int = 100) -> int:
    """Process the applications whose next attempt is due; returns how many were processed."""
    processed = 0
    for application in pipeline.due_applications(limit=limit):
        scope_session(db.session, application.tenant_id)
        try:
            pipeline.process(application)
            db.session.commit()
            processed += 1
        finally:
            scope_session(db.session, None)
    if processed:
        log.info("applications.retry.done", extra={"count": processed})
    return processed


@shared_task(name="tremplin.applications.retry_due", ignore_result=True)
def retry_due_task() -> int:
    """Celery entry point of :func:`retry_due`."""
    return retry_due()


@shared_task(name="tremplin.applications.purge", ignore_result=True)
def purge_task() -> None:
    """Erase personal data past retention and expired drafts (daily)."""
    purge()
    db.session.commit()


def beat_schedule() -> dict[str, dict[str, object]]:
    """The periodic tasks of this domain (merged into Celery's ``beat_schedule``)."""
    return {
        "applications-retry-due": {
            "task": "tremplin.applications.retry_due",
            "schedule": float(RETRY_EVERY_SECONDS),
        },
        "applications-purge": {"task": "tremplin.applications.purge", "schedule": 86400.0},
    }


class Sweeper:
    """A daemon thread calling :func:`retry_due` periodically (embedded mode only)."""

    def __init__(self, app: Flask, interval: float = 30.0) -> None:
        self.app = app
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="tremplin-sweeper", daemon=True)

    def start(self) -> Sweeper:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            with self.app.app_context():
                try:
                    retry_due()
                except Exception:
                    log.exception("applications.sweeper.failed")
                    db.session.rollback()
