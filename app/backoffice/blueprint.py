"""Routes of the back office."""

from __future__ import annotations

from flask import Blueprint, Flask

from app.backoffice import views

bp = Blueprint("backoffice", __name__, template_folder="templates")
bp.add_url_rule("/gestion/", "home", views.home)
bp.add_url_rule("/gestion/<tenant>/", "dashboard", views.dashboard)
bp.add_url_rule("/gestion/<tenant>/demandes", "applications", views.applications)


def init_app(app: Flask) -> None:
    """Register the back-office routes."""
    app.register_blueprint(bp)
