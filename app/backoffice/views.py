"""Dashboard and navigation pages of the back office."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_login import current_user, login_required

from app.auth.access import staff_required
from app.auth.services import memberships_of


@login_required
def home():  # type: ignore[no-untyped-def]
    """Send the user to their collectivité, or let them choose among several."""
    memberships = memberships_of(current_user)
    if len(memberships) == 1:
        return redirect(url_for("backoffice.dashboard", tenant=memberships[0].tenant.slug))
    return render_template("backoffice/choose.html", memberships=memberships)


@staff_required()
def dashboard():  # type: ignore[no-untyped-def]
    """The collectivité's dashboard."""
    return render_template("backoffice/dashboard.html")


@staff_required()
def applications():  # type: ignore[no-untyped-def]
    """Demandes (the instruction screens replace this page)."""
    return render_template("backoffice/section.html", section="applications")
