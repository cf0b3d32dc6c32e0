"""JSON error bodies of the REST API (same shape as the platform's JSON errors)."""

from __future__ import annotations

from typing import Any

from flask import jsonify
from flask.wrappers import Response

from app.core.errors import MESSAGES


def api_error(
    status: int,
    detail: str,
    *,
    errors: list[dict[str, str]] | None = None,
    www_authenticate: bool = False,
) -> tuple[Response, int]:
    """``{"error": {"status", "title", "detail"}, "errors": [{"path", "message"}]}``."""
    title = MESSAGES.get(status, ("Erreur", ""))[0]
    body: dict[str, Any] = {"error": {"status": status, "title": title, "detail": detail}}
    if errors is not None:
        body["errors"] = errors
    response = jsonify(body)
    if www_authenticate:
        response.headers["WWW-Authenticate"] = 'Bearer realm="tremplin"'
    return response, status
