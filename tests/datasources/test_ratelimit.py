"""Rate limiting across threads and processes: never more than 20 requests per second per token
at the provider, with two worker processes sharing the Redis limiter."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from app.datasources.base import RateLimit
from app.datasources.errors import RateLimited
from app.datasources.ratelimit import InProcessRateLimiter, RedisRateLimiter, build_limiter
from plugins.sandboxes.api_particulier import DEMO_TOKEN
from plugins.sandboxes.common import fingerprint, max_per_window

WORKER = Path(__file__).with_name("burst_worker.py")


def hammer(limiter: Any, key: str, limit: RateLimit, threads: int, each: int) -> list[float]:
    stamps: list[float] = []
    lock = threading.Lock()

    def run() -> None:
        for _ in range(each):
            limiter.acquire(key, limit, max_wait=10)
            with lock:
                stamps.append(time.monotonic())

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return stamps


class GrantRecorder(InProcessRateLimiter):
    """The in-process limiter, noting the instant of each slot it grants (what the threads stamp
    after ``acquire`` returns is later by however long the scheduler keeps them waiting, which
    without a margin can put six stamps inside a window that had five grants)."""

    def __init__(self) -> None:
        super().__init__(margin=0.0)
        self.grants: list[float] = []
        self._noting = threading.Lock()

    def _try(self, key: str, limit: RateLimit) -> float:
        with self._noting:  # no other grant between this one and its note
            wait = super()._try(key, limit)
            if wait <= 0:
                self.grants.append(self._logs[key][-1])
        return wait


def test_in_process_limiter_holds_across_threads() -> None:
    limit = RateLimit(requests=5, period=0.2)
    limiter = GrantRecorder()
    stamps = hammer(limiter, "k", limit, threads=3, each=5)
    assert len(stamps) == len(limiter.grants) == 15
    assert max_per_window(limiter.grants, 0.2) <= 5
    assert max(limiter.grants) - min(limiter.grants) >= 0.38


def test_waiting_is_bounded() -> None:
    limiter = InProcessRateLimiter()
    limiter.acquire("k", RateLimit(1, 10), max_wait=0.1)
    with pytest.raises(RateLimited) as raised:
        limiter.acquire("k", RateLimit(1, 10), max_wait=0.1)
    assert 9 < (raised.value.retry_after or 0) <= 11  # period 10 s + 10 % margin
    limiter.acquire("other", RateLimit(1, 10), max_wait=0.1)  # per key


def test_redis_limiter_holds_across_threads(redis_url: str) -> None:
    limiter = RedisRateLimiter.from_url(redis_url)  # the default margin absorbs jitter
    try:
        stamps = hammer(limiter, f"test-{uuid.uuid4().hex}", RateLimit(5, 0.2), threads=3, each=5)
    finally:
        limiter.close()
    assert max_per_window(stamps, 0.2) <= 5
    assert max(stamps) - min(stamps) >= 0.38


def test_redis_down_falls_back_to_the_process(caplog: Any) -> None:
    limiter = RedisRateLimiter.from_url("redis://127.0.0.1:1/0")
    try:
        assert limiter.acquire("k", RateLimit(2, 1), max_wait=0.1) < 0.05
    finally:
        limiter.close()


def test_build_limiter() -> None:
    assert isinstance(build_limiter(""), InProcessRateLimiter)
    limiter = build_limiter("redis://127.0.0.1:6379/15")
    assert isinstance(limiter, RedisRateLimiter)
    limiter.close()


@pytest.mark.slow
def test_burst_from_two_processes_stays_under_20_per_second(
    redis_url: str, api_particulier_sandbox: Any
) -> None:
    """Two worker processes hammer one token; the sandbox counts arrivals per second."""
    key = f"api_particulier:burst-{uuid.uuid4().hex}"
    count = 25
    command = [
        sys.executable,
        str(WORKER),
        redis_url,
        key,
        api_particulier_sandbox.url,
        api_particulier_sandbox.hostport,
        str(count),
    ]
    started = time.monotonic()
    workers = [
        subprocess.Popen(  # noqa: S603 — our own script
            [*command, str(worker)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for worker in range(2)
    ]
    outputs = [worker.communicate(timeout=60) for worker in workers]
    elapsed = time.monotonic() - started
    for worker, (out, err) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, err
        assert out.strip() == str(count)
    records = api_particulier_sandbox.app.extensions["sandbox"].log.records(credential=DEMO_TOKEN)
    assert len(records) == 2 * count
    assert {r.status for r in records} == {200}  # the sandbox never had to answer 429
    assert max_per_window([r.at for r in records], 1.0) <= 20
    assert elapsed >= (2 * count) / 20 - 1  # the limiter, not the workers, set the pace
    assert fingerprint(DEMO_TOKEN) == records[0].credential
