"""Routes of the data-sources domain, and its start-up (plugin loading, rate limiter, CLI)."""

from __future__ import annotations

from flask import Blueprint, Flask

from app.datasources import cli, runtime, tasks, views

bp = Blueprint("datasources", __name__, template_folder="templates")
_base = "/gestion/<tenant>/sources"
_hab = f"{_base}/habilitations/<int:habilitation_id>"
bp.add_url_rule(_base, "index", views.index)
# Sources and providers are named in the query string (?source=…, ?fournisseur=…): URL rule
# arguments other than <tenant> are reserved for tenant-owned object ids (see tests/test_isolation).
bp.add_url_rule(f"{_base}/catalogue", "source", views.source)
bp.add_url_rule(
    f"{_base}/habilitations/nouvelle",
    "new_habilitation",
    views.new_habilitation,
    methods=["GET", "POST"],
)
bp.add_url_rule(_hab, "habilitation", views.habilitation, methods=["GET", "POST"])
bp.add_url_rule(f"{_hab}/secret", "replace_secret", views.replace_secret, methods=["POST"])
bp.add_url_rule(f"{_hab}/tester", "test_connection", views.test_connection, methods=["POST"])
bp.add_url_rule(f"{_hab}/droits", "refresh_scopes", views.refresh_scopes, methods=["POST"])


def init_app(app: Flask) -> None:
    """Load the data-source plugins (start-up fails loudly on a broken one) and register routes."""
    runtime.init_app(app)
    app.register_blueprint(bp)
    cli.init_app(app)
    celery = app.extensions["celery"]
    celery.conf.beat_schedule = {**(celery.conf.beat_schedule or {}), **tasks.BEAT_SCHEDULE}
