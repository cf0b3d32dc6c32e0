"""Shared machinery of the local sandboxes: fault injection, request log, fixed-window rate limit,
and a live WSGI server on loopback.

Faults are chosen per request with the ``X-Sandbox-Fault`` header, or queued for the next requests
(optionally only those made with one credential) with ``POST /_sandbox/faults`` or
:meth:`FaultQueue.push` from a test. Kinds: ``timeout`` (hold the request, default 30 s, or
``timeout=S``), ``latency=S`` (delay then answer normally), ``500``/``502``/``503``/``504``,
``garbage`` (200 with a body that is not JSON), ``truncated`` (200 with cut JSON), ``429``
(with ``Retry-After``), ``409`` (in-flight conflict), ``401``, ``403``.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

FAULT_HEADER = "X-Sandbox-Fault"
KINDS = {
    "timeout",
    "latency",
    "500",
    "502",
    "503",
    "504",
    "garbage",
    "truncated",
    "429",
    "409",
    "401",
    "403",
}


class InvalidFault(ValueError):
    """The fault specification is not understood."""


@dataclass(frozen=True)
class Fault:
    """One injected fault; ``value`` is a duration in seconds for timeout/latency."""

    kind: str
    value: float | None = None

    @classmethod
    def parse(cls, text: str) -> Fault:
        """``"503"``, ``"latency=2.5"``, ``"timeout"``…"""
        kind, _, raw = text.strip().lower().partition("=")
        if kind not in KINDS:
            raise InvalidFault(f"unknown fault {kind!r}; known: {', '.join(sorted(KINDS))}")
        try:
            value = float(raw) if raw else None
        except ValueError as error:
            raise InvalidFault(f"invalid duration {raw!r}") from error
        if kind == "latency" and value is None:
            raise InvalidFault("latency needs a duration, e.g. latency=2.5")
        return cls(kind, value)


def fingerprint(credential: str) -> str:
    """A short, non-reversible label for a token in logs and queues."""
    return hashlib.sha256(credential.encode()).hexdigest()[:16] if credential else ""


class FaultQueue:
    """Faults waiting for the next requests, globally or for one credential."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queues: dict[str, deque[Fault]] = {}

    def push(self, fault: Fault | str, count: int = 1, credential: str | None = None) -> None:
        """Apply ``fault`` to the next ``count`` requests (of ``credential`` when given)."""
        fault = Fault.parse(fault) if isinstance(fault, str) else fault
        key = fingerprint(credential) if credential else "*"
        with self._lock:
            self._queues.setdefault(key, deque()).extend([fault] * count)

    def pop(self, credential: str) -> Fault | None:
        """The fault for a request made with ``credential``, if any is queued."""
        with self._lock:
            for key in (fingerprint(credential), "*"):
                queue = self._queues.get(key)
                if queue:
                    return queue.popleft()
        return None

    def clear(self) -> None:
        """Forget every queued fault."""
        with self._lock:
            self._queues.clear()


@dataclass(frozen=True)
class Record:
    """One request as the sandbox saw it (no query string: it holds personal data)."""

    at: float
    method: str
    path: str
    credential: str
    status: int


class RequestLog:
    """Every request received, for tests that count calls at the provider."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._records: list[Record] = []

    def add(self, record: Record) -> None:
        """Append a record."""
        with self._lock:
            self._records.append(record)

    def records(self, path_prefix: str = "", credential: str | None = None) -> list[Record]:
        """Records whose path starts with ``path_prefix`` (and made with ``credential``)."""
        label = fingerprint(credential) if credential is not None else None
        with self._lock:
            return [
                r
                for r in self._records
                if r.path.startswith(path_prefix) and (label is None or r.credential == label)
            ]

    def count(self, path_prefix: str = "", credential: str | None = None) -> int:
        """How many requests matched."""
        return len(self.records(path_prefix, credential))

    def clear(self) -> None:
        """Forget every record."""
        with self._lock:
            self._records.clear()


def max_per_window(times: Iterable[float], window: float = 1.0) -> int:
    """The largest number of timestamps inside any interval of ``window`` seconds."""
    ordered = sorted(times)
    best = start = 0
    for end, moment in enumerate(ordered):
        while moment - ordered[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best


class FixedWindowLimiter:
    """Rack::Attack-style throttle: ``limit`` requests per ``period``-second window per key.

    Windows are aligned on the epoch, as on the official servers; ``RateLimit-Reset`` is the end of
    the current window in epoch seconds and ``Retry-After`` the seconds left until then.
    """

    def __init__(self, limit: int = 20, period: int = 1) -> None:
        self.limit = limit
        self.period = period
        self._lock = threading.Lock()
        self._counts: dict[tuple[str, int], int] = {}

    def hit(self, key: str, now: float | None = None) -> tuple[bool, dict[str, str]]:
        """Count a request; returns (allowed, RateLimit-* headers)."""
        now = time.time() if now is None else now
        epoch = int(now)
        window = epoch // self.period
        with self._lock:
            count = self._counts.get((key, window), 0) + 1
            self._counts[(key, window)] = count
            for stale in [k for k in self._counts if k[1] < window - 1]:
                del self._counts[stale]
        reset = epoch + (self.period - epoch % self.period)
        headers = {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(max(self.limit - count, 0)),
            "RateLimit-Reset": str(reset),
        }
        if count > self.limit:
            headers["Retry-After"] = str(max(reset - epoch, 1))
            return False, headers
        return True, headers

    def reset(self) -> None:
        """Forget every counter."""
        with self._lock:
            self._counts.clear()


@dataclass
class SandboxState:
    """Mutable state of one sandbox, shared by its requests and reachable from tests."""

    faults: FaultQueue = field(default_factory=FaultQueue)
    log: RequestLog = field(default_factory=RequestLog)
    limiter: FixedWindowLimiter = field(default_factory=FixedWindowLimiter)
    timeout_seconds: float = 30.0
    extra: dict[str, Any] = field(default_factory=dict)

    def reset(self) -> None:
        """Back to a fresh sandbox (between tests)."""
        self.faults.clear()
        self.log.clear()
        self.limiter.reset()


class _KeepUnderscoreHeaders(WSGIRequestHandler):
    """Werkzeug drops headers whose name contains ``_``; DGFiP's ``ID_Teleservice`` has one."""

    def make_environ(self) -> dict[str, Any]:  # type: ignore[override]
        """The usual environ plus ``HTTP_…`` entries for underscore headers."""
        environ = super().make_environ()
        for key, value in self.headers.items():
            if "_" in key:
                environ["HTTP_" + key.upper().replace("-", "_")] = value
        return environ


class QuietRequestHandler(_KeepUnderscoreHeaders):
    """Log the method, path and status only (query strings carry personal data)."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """One short line per request, without the query string."""
        path = self.path.split("?", 1)[0]
        self.log("info", '"%s %s" %s', self.command, path, code)


class SilentRequestHandler(_KeepUnderscoreHeaders):
    """No access log at all (tests)."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Nothing."""


class LiveServer:
    """A sandbox served by a real WSGI server in a background thread."""

    def __init__(
        self, app: Any, host: str = "127.0.0.1", port: int = 0, *, quiet: bool = True
    ) -> None:
        handler = SilentRequestHandler if quiet else QuietRequestHandler
        self.server: BaseWSGIServer = make_server(
            host, port, app, threaded=True, request_handler=handler
        )
        self.host = host
        self.port = self.server.server_port
        self.app = app
        self._thread = threading.Thread(
            target=self.server.serve_forever, name=f"sandbox-{self.port}", daemon=True
        )

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:5101``."""
        return f"http://{self.host}:{self.port}"

    @property
    def hostport(self) -> str:
        """``host:port``, the form ``TREMPLIN_HTTP_ALLOWED_HOSTS`` takes."""
        return f"{self.host}:{self.port}"

    def start(self) -> LiveServer:
        """Start serving."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> LiveServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
