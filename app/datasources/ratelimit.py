"""Per-credential rate limiting of outgoing calls (e.g. API Particulier: 20 requests/second/token).

Sliding-window log: a call may start only if fewer than ``requests`` calls started during the last
``period × (1 + margin)`` seconds (margin 10 %); the margin absorbs network and scheduling jitter
so that the provider, which counts on arrival, never sees more than ``requests`` per ``period``
(API Particulier bans for 12 h the addresses that ignore its limits). With Redis
(``TREMPLIN_REDIS_URL``) the log is shared by every process and timed by the Redis server's clock;
without it (embedded default) it is shared by the threads of one process. Waiting is bounded:
past ``max_wait`` the call fails with :class:`~app.datasources.errors.RateLimited`.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from typing import Protocol

import redis

from app.datasources.base import RateLimit
from app.datasources.errors import RateLimited

log = logging.getLogger("tremplin.datasources.ratelimit")
DEFAULT_MARGIN = 0.10
KEY_PREFIX = "tremplin:ratelimit:"

# KEYS[1] log key; ARGV: limit, window (µs), unique member. Returns 0 (slot taken) or µs to wait.
_SCRIPT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], math.ceil(window / 1000) + 1000)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, math.ceil(tonumber(oldest[2]) + window - now))
"""


class RateLimiter(Protocol):
    """Blocks until a call may start, or raises :class:`RateLimited`."""

    def acquire(self, key: str, limit: RateLimit, max_wait: float) -> float:
        """Take a slot for ``key``; returns the seconds waited."""


def _window(limit: RateLimit, margin: float) -> float:
    return limit.period * (1 + margin)


class InProcessRateLimiter:
    """Sliding-window limiter shared by the threads of one process."""

    def __init__(self, margin: float = DEFAULT_MARGIN) -> None:
        self.margin = margin
        self._lock = threading.Lock()
        self._logs: dict[str, deque[float]] = {}

    def _try(self, key: str, limit: RateLimit) -> float:
        window = _window(limit, self.margin)
        with self._lock:
            now = time.monotonic()  # read under the lock: a slot is dated when it is granted
            entries = self._logs.setdefault(key, deque())
            while entries and entries[0] <= now - window:
                entries.popleft()
            if len(entries) < limit.requests:
                entries.append(now)
                return 0.0
            return entries[0] + window - now

    def acquire(self, key: str, limit: RateLimit, max_wait: float) -> float:
        """Take a slot, sleeping as needed (never past ``max_wait``)."""
        return _acquire(lambda: self._try(key, limit), max_wait)


class RedisRateLimiter:
    """Sliding-window limiter shared through Redis by every process and machine."""

    def __init__(self, client: redis.Redis, margin: float = DEFAULT_MARGIN) -> None:
        self.client = client
        self.margin = margin
        self._script = client.register_script(_SCRIPT)
        self._fallback = InProcessRateLimiter(margin)

    @classmethod
    def from_url(cls, url: str, margin: float = DEFAULT_MARGIN) -> RedisRateLimiter:
        """A limiter on the Redis server at ``url`` (short socket timeouts)."""
        return cls(
            redis.Redis.from_url(url, socket_timeout=1.0, socket_connect_timeout=1.0), margin
        )

    def _try(self, key: str, limit: RateLimit) -> float:
        window_us = int(_window(limit, self.margin) * 1_000_000)
        wait_us = self._script(
            keys=[KEY_PREFIX + key], args=[limit.requests, window_us, uuid.uuid4().hex]
        )
        return int(wait_us) / 1_000_000

    def acquire(self, key: str, limit: RateLimit, max_wait: float) -> float:
        """Take a slot; if Redis is unreachable, fall back to the in-process limiter (logged)."""
        try:
            return _acquire(lambda: self._try(key, limit), max_wait)
        except redis.RedisError as error:
            log.warning(
                "datasource.ratelimit.redis_unavailable", extra={"error": type(error).__name__}
            )
            return self._fallback.acquire(key, limit, max_wait)

    def close(self) -> None:
        """Release the connection pool."""
        self.client.close()


def _acquire(attempt: Callable[[], float], max_wait: float) -> float:
    started = time.monotonic()
    while True:
        wait = attempt()
        if wait <= 0:
            return time.monotonic() - started
        waited = time.monotonic() - started
        if waited + wait > max_wait:
            raise RateLimited(retry_after=wait)
        time.sleep(wait)


def build_limiter(redis_url: str, margin: float = DEFAULT_MARGIN) -> RateLimiter:
    """Redis when configured, in-process otherwise."""
    if redis_url:
        return RedisRateLimiter.from_url(redis_url, margin)
    return InProcessRateLimiter(margin)
