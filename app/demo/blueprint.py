"""Route of the demonstration page and the ``demo_available()`` template global (home page link)."""

from __future__ import annotations

from flask import Blueprint, Flask

from app.demo import services, views

bp = Blueprint("demo", __name__, template_folder="templates")
bp.add_url_rule("/demo", "index", views.index)


def init_app(app: Flask) -> None:
    """Register the page; templates may call ``demo_available()``."""
    app.register_blueprint(bp)
    app.add_template_global(services.demo_available, "demo_available")
