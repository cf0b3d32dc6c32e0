"""Logging: stable event names, a request id on every line, never personal data.

Log calls use an event name as the message (``log.info("datasource.fetch.failed", extra=...)``) and
only put identifiers, counts and durations in ``extra``. The request id comes from ``X-Request-ID``
when a trusted proxy sets it, otherwise it is generated, and is echoed in the response.
"""

from __future__ import annotations

import logging
import re
import uuid

from flask import Flask, g, has_request_context, request
from flask.wrappers import Response

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdFilter(logging.Filter):
    """Add ``request_id`` to every record (``-`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        return True


def request_id() -> str:
    """The current request's correlation id."""
    return g.get("request_id", "-") if has_request_context() else "-"


def init_app(app: Flask) -> None:
    """Configure the ``tremplin`` logger and request ids."""
    logger = logging.getLogger("tremplin")
    if not any(isinstance(f, RequestIdFilter) for f in logger.filters):
        handler = logging.StreamHandler()
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s [%(request_id)s] %(name)s %(message)s")
        )
        handler.addFilter(RequestIdFilter())
        logger.addHandler(handler)
        logger.addFilter(RequestIdFilter())
        logger.propagate = False
    logger.setLevel(logging.DEBUG if app.debug else logging.INFO)

    @app.before_request
    def _assign_request_id() -> None:
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex

    @app.after_request
    def _echo_request_id(response: Response) -> Response:
        response.headers["X-Request-ID"] = g.get("request_id", "")
        return response
