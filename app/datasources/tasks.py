"""Periodic work of the data-source domain: expired cache entries are deleted (hourly)."""

from __future__ import annotations

from celery import shared_task

from app.core.db import db
from app.datasources import cache


@shared_task(name="tremplin.datasources.purge_cache", ignore_result=True)
def purge_cache_task() -> int:
    """Delete expired cached values (personal data is kept no longer than the provider's TTL)."""
    count = cache.purge_expired()
    db.session.commit()
    return count


BEAT_SCHEDULE = {
    "datasources-purge-cache": {"task": "tremplin.datasources.purge_cache", "schedule": 3600.0}
}
