"""What every scheme page does: load the scheme, describe its working version, report a save.

Shared by the scheme views and the builder views (they read the request: this module is part of
the HTTP layer).
"""

from __future__ import annotations

from typing import Any

from flask import (
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from app.auth.access import has_role
from app.auth.models import Role
from app.core.db import db
from app.core.tenancy import get_or_404
from app.schemes.builder_values import BuilderError
from app.schemes.drafts import (
    ChangeRefused,
    Saved,
    edit,
    part_of,
    problems_of,
    working_bundle,
    working_version,
)
from app.schemes.forms import ActionForm
from app.schemes.models import Scheme
from app.schemes.variables import builder_variables

TABS = (
    ("overview", "Vue d'ensemble", "schemes.overview", False),
    ("settings", "Paramètres", "schemes.settings", True),
    ("form", "Formulaire", "schemes.form", True),
    ("sources", "Sources de données", "schemes.sources", True),
    ("rules", "Règles", "schemes.rules", True),
    ("tests", "Cas de test", "schemes.tests", True),
    ("publish", "Publication", "schemes.publish", True),
    ("versions", "Versions", "schemes.versions", False),
)
EDITOR_OF_PART = {
    "settings": "schemes.settings",
    "form": "schemes.form",
    "data_sources": "schemes.sources",
    "rules": "schemes.rules",
    "tests": "schemes.tests",
}


def load(scheme_id: int) -> Scheme:
    """The collectivité's scheme (404 for another collectivité's or a missing one)."""
    return get_or_404(db.session, Scheme, scheme_id)  # type: ignore[no-any-return]


def action() -> str:
    """The ``_action`` button that submitted the form (``save`` by default)."""
    return str(request.form.get("_action") or "save")


def render(template: str, scheme: Scheme, tab: str, status: int = 200, **context: Any) -> Any:
    """A scheme page with its tabs and working version."""
    version = context.pop("version", None) or working_version(scheme)
    bundle = context.pop("bundle", None) or working_bundle(scheme)
    page = render_template(
        template,
        scheme=scheme,
        tab=tab,
        tabs=[t for t in TABS if has_role(Role.ADMIN) or not t[3]],
        version=version,
        bundle=bundle,
        can_edit=has_role(Role.ADMIN),
        **context,
    )
    return page, status


def saved(result: Saved, message: str) -> None:
    """Flash the success and the new problems to fix before publication (if any)."""
    if not result.changed:
        flash("Rien n'a changé.", "success")
        return
    number = result.version.number
    state = "brouillon" if result.version.is_editable else result.version.state.label.lower()
    flash(f"{message} (version {number}, {state}).", "success")
    if result.warnings:
        flash(
            "À corriger avant la publication : "
            + " ; ".join(str(problem) for problem in result.warnings),
            "error",
        )


def variables_of(bundle: dict[str, Any]) -> list[Any]:
    """The typed variables the rule editors offer."""
    return builder_variables(bundle)


def current_problems(bundle: dict[str, Any], part: str) -> list[Any]:
    """The working bundle's problems in ``part`` (``form``, ``rules``…; unfinished form parts
    left out)."""
    return [p for p in problems_of(bundle) if part_of(p.path) == part]


def button_change(scheme: Scheme, part: str, change: str, operation: Any, back: str) -> Any:
    """A move/delete button (POST ``target``, ``direction``): apply, report, go back to ``back``.

    ``operation(bundle, target, direction)`` changes the working bundle (direction -1 or +1).
    """
    form = ActionForm()
    if form.validate_on_submit():
        direction = -1 if form.direction.data == "up" else 1
        try:
            result, _ = edit(
                scheme,
                lambda bundle: operation(bundle, form.target.data or "", direction),
                part=part,
                change=change,
                actor=current_user,
            )
        except BuilderError as error:
            flash(" ".join(error.errors.values()), "error")
        except ChangeRefused as error:
            flash(" ; ".join(str(p) for p in error.problems), "error")
        else:
            db.session.commit()
            saved(result, "La modification a été enregistrée")
    return redirect(url_for(back, scheme_id=scheme.id))


def apply_change(
    scheme: Scheme,
    form: Any,
    operation: Any,
    *,
    part: str,
    change: str,
    message: str,
    where: dict[str, str] | None = None,
    errors_of: Any = None,
) -> bool:
    """One builder change submitted by ``form``: saved, committed and reported (``True``), or
    refused with its messages placed on ``form`` (``False``, nothing saved).

    Problems go to the inputs ``where`` maps their path to (keeping the path: JSON modes), or
    through ``errors_of(problems) -> {input: message}``, else to the error summary.
    """
    try:
        result, _ = edit(scheme, operation, part=part, change=change, actor=current_user)
    except BuilderError as error:
        form.add_errors(error.errors)
        return False
    except ChangeRefused as error:
        if errors_of is not None:
            form.add_errors(errors_of(error.problems))
        else:
            form.add_problems(error.problems, where or {}, with_path=where is not None)
        return False
    db.session.commit()
    saved(result, message)
    return True
