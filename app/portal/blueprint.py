"""Routes of the citizen pages (``/c/<tenant>/…``)."""

from __future__ import annotations

from flask import Blueprint, Flask
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import RequestEntityTooLarge

from app.portal import views

bp = Blueprint("portal", __name__, template_folder="templates", url_prefix="/c/<tenant>")
bp.add_url_rule("/", "index", views.index)
bp.add_url_rule("/aides/<slug>/", "scheme", views.scheme)
bp.add_url_rule("/aides/<slug>/commencer", "start", views.start, methods=["POST"])
_draft = "/aides/<slug>/demande/<token>"
bp.add_url_rule(f"{_draft}/", "resume", views.resume)
bp.add_url_rule(f"{_draft}/etape/<step>", "step", views.step, methods=["GET", "POST"])
bp.add_url_rule(f"{_draft}/recapitulatif", "review", views.review)
bp.add_url_rule(f"{_draft}/envoyer", "submit", views.submit, methods=["POST"])
bp.add_url_rule(f"{_draft}/lien", "send_link", views.send_link, methods=["GET", "POST"])
bp.add_url_rule("/suivi/<status_token>", "status", views.status)
bp.add_url_rule("/suivi/<status_token>/verifier", "recheck", views.recheck, methods=["POST"])
bp.add_url_rule("/suivi/<status_token>/accuse.pdf", "receipt", views.receipt)
bp.register_error_handler(CSRFError, views.expired_form)
bp.register_error_handler(RequestEntityTooLarge, views.too_large)


@bp.after_request
def _no_store(response):  # type: ignore[no-untyped-def]
    """Citizens' pages show personal data behind secret links: never cache them."""
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    """Register the citizen pages."""
    app.register_blueprint(bp)
