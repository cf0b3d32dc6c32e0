"""Routes of the auth domain and its Flask-Login wiring."""

from __future__ import annotations

from flask import Blueprint, Flask

from app.auth import views
from app.auth.models import User
from app.core.db import db
from app.extensions import login_manager

bp = Blueprint("auth", __name__, template_folder="templates")
bp.add_url_rule("/connexion", "login", views.login, methods=["GET", "POST"])
bp.add_url_rule("/deconnexion", "logout", views.logout, methods=["POST"])
bp.add_url_rule(
    "/mot-de-passe/oubli", "forgot_password", views.forgot_password, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/mot-de-passe/nouveau/<token>",
    "reset_password",
    views.reset_password,
    methods=["GET", "POST"],
)


@login_manager.user_loader
def _load_user(session_id: str) -> User | None:
    user_id, _, marker = session_id.partition(":")
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.is_active or user.session_marker != marker:
        return None
    return user


def init_app(app: Flask) -> None:
    """Register the auth routes."""
    app.register_blueprint(bp)
