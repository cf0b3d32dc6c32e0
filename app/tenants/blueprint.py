"""Routes of the tenants domain (Paramètres and platform operator pages)."""

from __future__ import annotations

from flask import Blueprint, Flask

from app.tenants import context, views

bp = Blueprint("tenants", __name__, template_folder="templates")
_base = "/gestion/<tenant>/parametres"
bp.add_url_rule(_base, "settings", views.settings, methods=["GET", "POST"])
bp.add_url_rule(f"{_base}/membres", "members", views.members, methods=["GET", "POST"])
bp.add_url_rule(f"{_base}/membres/<int:member_id>", "member", views.member, methods=["GET", "POST"])
bp.add_url_rule(
    f"{_base}/membres/<int:member_id>/retirer",
    "remove_member",
    views.remove_member,
    methods=["POST"],
)
bp.add_url_rule(f"{_base}/journal", "journal", views.journal)
bp.add_url_rule(
    "/plateforme/collectivites",
    "platform_tenants",
    views.platform_tenants,
    methods=["GET", "POST"],
)


def init_app(app: Flask) -> None:
    """Install tenant resolution and register the routes."""
    context.init_app(app)
    app.register_blueprint(bp)
