"""Fixtures of the data-source domain tests: an application context, a collectivité with
habilitations pointing at the live sandboxes, fast retries, Redis when available."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from typing import Any

import pytest
import redis

from app.datasources.runtime import EXTENSION_KEY, DataSourceRuntime, RetryPolicy

REDIS_URL = os.environ.get("TREMPLIN_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def runtime(app: Any) -> Iterator[DataSourceRuntime]:
    """The app's data-source runtime with fast retries and an empty memo (restored after)."""
    current: DataSourceRuntime = app.extensions[EXTENSION_KEY]
    saved = current.retry
    current.retry = RetryPolicy(attempts=3, backoff=0.05, budget=3.0, max_wait_for_slot=2.0)
    current.memo.clear()
    yield current
    current.retry = saved
    current.memo.clear()


@pytest.fixture
def app_ctx(app: Any, db_session: Any, runtime: DataSourceRuntime) -> Iterator[None]:
    """Services run inside an application context (no HTTP request)."""
    with app.test_request_context():
        yield


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Capture the ``tremplin`` loggers (they do not propagate to the root logger)."""
    logger = logging.getLogger("tremplin")
    logger.addHandler(caplog.handler)
    caplog.set_level(logging.DEBUG, logger="tremplin")
    yield caplog
    logger.removeHandler(caplog.handler)


@pytest.fixture(scope="session")
def redis_url() -> str:
    """Redis for the cross-process tests: mandatory in CI, skipped loudly elsewhere."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is required in CI and does not answer at {REDIS_URL}")
        pytest.skip(f"REDIS NOT RUNNING at {REDIS_URL}: cross-process rate-limit tests skipped")
    finally:
        client.close()
    return REDIS_URL
