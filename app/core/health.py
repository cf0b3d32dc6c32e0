"""``GET /healthz``: liveness and database readiness for load balancers and ``make run``."""

from __future__ import annotations

import logging

from flask import Blueprint, Flask
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.core.db import db

log = logging.getLogger("tremplin.health")
bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():  # type: ignore[no-untyped-def]
    """200 with ``{"status": "ok", "database": "ok"}`` when the database answers, 503 otherwise."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        log.warning("health.database.unavailable")
        db.session.rollback()
        return {"status": "degraded", "database": "unavailable"}, 503
    return {"status": "ok", "database": "ok"}


def init_app(app: Flask) -> None:
    """Register the health blueprint (exempt from CSRF: GET only)."""
    app.register_blueprint(bp)
