"""In-process key/value store with expiry, lent to plugins as ``ctx.memo`` (OAuth tokens…)."""

from __future__ import annotations

import threading
import time
from typing import Any


class TTLMemo:
    """Thread-safe; each process (worker) keeps its own values."""

    def __init__(self, max_entries: int = 1000) -> None:
        self._lock = threading.Lock()
        self._values: dict[str, tuple[float, Any]] = {}
        self._max = max_entries

    def get(self, key: str) -> Any | None:
        """The value, unless absent or expired."""
        with self._lock:
            entry = self._values.get(key)
            if entry is None:
                return None
            if entry[0] <= time.monotonic():
                del self._values[key]
                return None
            return entry[1]

    def set(self, key: str, value: Any, ttl_seconds: float) -> None:
        """Store ``value`` for ``ttl_seconds``."""
        with self._lock:
            if len(self._values) >= self._max:
                now = time.monotonic()
                self._values = {k: v for k, v in self._values.items() if v[0] > now}
                if len(self._values) >= self._max:
                    self._values.pop(next(iter(self._values)))
            self._values[key] = (time.monotonic() + ttl_seconds, value)

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._values.clear()
