"""Routes of the REST API v1 (JSON only, token-authenticated, exempt from CSRF)."""

from __future__ import annotations

from flask import Blueprint, Flask

from app.api import views
from app.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
bp.add_url_rule("/openapi.json", "openapi", views.openapi)
bp.add_url_rule("/dispositifs", "list_schemes", views.list_schemes)
bp.add_url_rule("/dispositifs/<slug>", "get_scheme", views.get_scheme)
bp.add_url_rule("/dispositifs/<slug>/demandes", "submit", views.submit, methods=["POST"])
bp.add_url_rule("/demandes/<reference>", "get_application", views.get_application)
csrf.exempt(bp)


def init_app(app: Flask) -> None:
    """Register the API."""
    app.register_blueprint(bp)
