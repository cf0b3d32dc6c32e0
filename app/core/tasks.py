"""Background work on Celery: Redis broker in production, in-process (eager) when embedded.

Tasks are declared with :func:`celery.shared_task` in their domain (``app/<domain>/tasks.py``)
and run inside an application context. Start a worker with ``celery -A app.worker worker``.
"""

from __future__ import annotations

from typing import Any

from celery import Celery, Task
from flask import Flask


def init_app(app: Flask) -> Celery:
    """Create the Celery app bound to ``app`` and store it in ``app.extensions["celery"]``."""
    settings = app.extensions["tremplin.settings"]

    class FlaskTask(Task):
        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            with app.app_context():
                return self.run(*args, **kwargs)

    celery = Celery(app.import_name, task_cls=FlaskTask)
    celery.conf.update(
        broker_url=settings.celery_broker_url or "memory://",
        result_backend=None,
        task_ignore_result=True,
        task_always_eager=settings.celery_eager,
        task_eager_propagates=False,
        task_store_eager_result=False,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True,
        timezone="Europe/Paris",
    )
    celery.set_default()
    app.extensions["celery"] = celery
    return celery
