"""Registers the forms' templates and their Jinja helpers (no routes: the journey owns pages)."""

from __future__ import annotations

from flask import Blueprint, Flask

from app.forms import render
from app.forms.tree import data_fields


def fields_of(form: object) -> list[object]:
    """The generated fields of a form, in display order (the CSRF token left out)."""
    return list(data_fields(form))


bp = Blueprint("forms", __name__, template_folder="templates")

TEMPLATE_GLOBALS = {
    "forms_error_entries": render.error_entries,
    "forms_describedby": render.describedby,
    "forms_options": render.options,
    "forms_yes_no_options": render.yes_no_options,
    "forms_file_limits": render.file_limits,
    "forms_progress": render.progress,
    "forms_add_label": render.add_label,
    "forms_remove_label": render.remove_label,
    "forms_has_files": render.has_files,
    "forms_fields": fields_of,
}


def init_app(app: Flask) -> None:
    """Make ``forms/_fields.html`` and ``forms/form_step.html`` available (idempotent)."""
    if bp.name in app.blueprints:
        return
    app.register_blueprint(bp)
    app.jinja_env.globals.update(TEMPLATE_GLOBALS)
