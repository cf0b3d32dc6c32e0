"""Sandbox machinery: fault parsing and queues, fixed-window limiter, sliding-window counting."""

import pytest

from plugins.sandboxes.common import (
    Fault,
    FaultQueue,
    FixedWindowLimiter,
    InvalidFault,
    Record,
    RequestLog,
    max_per_window,
)


def test_fault_parsing() -> None:
    assert Fault.parse("latency=2.5") == Fault("latency", 2.5)
    assert Fault.parse(" 503 ") == Fault("503")
    assert Fault.parse("timeout") == Fault("timeout")
    for bad in ("418", "latency", "latency=abc"):
        with pytest.raises(InvalidFault):
            Fault.parse(bad)


def test_fault_queue_per_credential() -> None:
    queue = FaultQueue()
    queue.push("503", count=2, credential="token-a")
    queue.push("429")
    assert queue.pop("token-b") == Fault("429")
    assert queue.pop("token-b") is None
    assert queue.pop("token-a") == Fault("503")
    assert queue.pop("token-a") == Fault("503")
    assert queue.pop("token-a") is None


def test_fixed_window_limiter_headers() -> None:
    limiter = FixedWindowLimiter(limit=2, period=1)
    allowed, headers = limiter.hit("k", now=1000.2)
    assert allowed
    assert headers == {
        "RateLimit-Limit": "2",
        "RateLimit-Remaining": "1",
        "RateLimit-Reset": "1001",
    }
    assert limiter.hit("k", now=1000.5)[0]
    allowed, headers = limiter.hit("k", now=1000.9)
    assert not allowed
    assert headers["Retry-After"] == "1"
    assert headers["RateLimit-Remaining"] == "0"
    assert limiter.hit("k", now=1001.0)[0]
    assert limiter.hit("other", now=1000.9)[0]


def test_max_per_window() -> None:
    assert max_per_window([]) == 0
    assert max_per_window([0.0, 0.5, 0.99, 1.0, 1.5]) == 3
    assert max_per_window([0.1 * i for i in range(30)]) == 10


def test_request_log_counts_by_prefix_and_credential() -> None:
    from plugins.sandboxes.common import fingerprint

    log = RequestLog()
    log.add(Record(1.0, "GET", "/v3/a", fingerprint("t1"), 200))
    log.add(Record(2.0, "GET", "/token", fingerprint("t2"), 200))
    assert log.count("/v3") == 1
    assert log.count() == 2
    assert log.count(credential="t2") == 1
