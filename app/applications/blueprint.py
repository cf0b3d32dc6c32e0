"""The applications domain has no pages of its own; this registers its templates (e-mails)."""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("applications", __name__, template_folder="templates")


def init_app(app: Flask) -> None:
    """Make ``applications/…`` templates available."""
    app.register_blueprint(bp)
