"""The demonstration page."""

from __future__ import annotations

from flask import abort, render_template

from app.demo.services import demo_available, demo_catalogue


def index():  # type: ignore[no-untyped-def]
    """The demo schemes and the staging identities to try them with (404 without demo data)."""
    if not demo_available():
        abort(404)
    return render_template("demo/index.html", catalogue=demo_catalogue())
