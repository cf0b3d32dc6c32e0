"""Public pages and the template context shared by every domain."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, g, render_template, request

from app.auth.access import current_membership
from app.backoffice.navigation import SECTIONS
from app.core.formatting import format_date, format_datetime, format_money
from app.schemes.models import AUDIENCES
from app.tenants.services import list_tenants

bp = Blueprint(
    "web", __name__, template_folder="templates", static_folder="static", static_url_path="/static"
)


@bp.get("/")
def index():  # type: ignore[no-untyped-def]
    """Home page: what Tremplin is and which collectivités use it."""
    tenants = [t for t in list_tenants() if t.is_active]
    return render_template("web/index.html", tenants=tenants)


def _is_current(endpoint: str) -> bool:
    """A section is current on its own page and, for domain sections, on the domain's pages."""
    blueprint = endpoint.partition(".")[0]
    return request.endpoint == endpoint or (
        blueprint != "backoffice" and request.blueprint == blueprint
    )


def _template_context() -> dict[str, Any]:
    membership = current_membership() if g.get("tenant") is not None else None
    sections = [
        (label, endpoint, _is_current(endpoint))
        for label, endpoint, roles in SECTIONS
        if membership is not None and membership.role in roles
    ]
    return {"membership": membership, "tenant": g.get("tenant"), "staff_sections": sections}


def init_app(app: Flask) -> None:
    """Register public pages, the shared context and filters."""
    app.register_blueprint(bp)
    app.context_processor(_template_context)
    app.add_template_filter(format_datetime, "datetime_fr")
    app.add_template_filter(format_date, "date_fr")
    app.add_template_filter(format_money, "money_fr")
    app.add_template_filter(lambda key: AUDIENCES.get(key, key), "audience_label")
