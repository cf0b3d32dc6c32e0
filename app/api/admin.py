"""Paramètres → Jetons d'API: administrators issue and revoke integrators' tokens."""

from __future__ import annotations

from flask import Blueprint, Flask, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from app.api.models import ApiToken
from app.api.services import issue_token, revoke_token, tenant_tokens
from app.auth.access import staff_required
from app.auth.models import Role
from app.core.db import db
from app.core.tenancy import get_or_404
from app.tenants.context import current_tenant

bp = Blueprint("api_admin", __name__, template_folder="templates")


class TokenForm(FlaskForm):
    """Name a new token after the integration that will use it."""

    name = StringField(
        "Nom du jeton",
        description="Par exemple : « Portail famille » — pour le reconnaître et le révoquer.",
        validators=[DataRequired("Ce champ est obligatoire."), Length(max=120)],
    )


class RevokeForm(FlaskForm):
    """A CSRF-protected button."""


@staff_required(Role.ADMIN)
def tokens():  # type: ignore[no-untyped-def]
    """List tokens; issue one (its value is shown once)."""
    form = TokenForm()
    clear = None
    status = 200
    if form.validate_on_submit():
        _token, clear = issue_token(current_tenant().id, form.name.data or "", actor=current_user)
        db.session.commit()
        form = TokenForm(formdata=None)
    elif form.errors:
        status = 400
    return render_template(
        "api/tokens.html",
        form=form,
        tokens=tenant_tokens(current_tenant().id),
        clear=clear,
        revoke_form=RevokeForm(),
    ), status


@staff_required(Role.ADMIN)
def revoke(token_id: int):  # type: ignore[no-untyped-def]
    """Revoke a token (POST)."""
    token = get_or_404(db.session, ApiToken, token_id)
    if RevokeForm().validate_on_submit():
        revoke_token(token, actor=current_user)
        db.session.commit()
        flash(f"Le jeton « {token.name} » est révoqué.", "success")
    return redirect(url_for("api_admin.tokens"))


bp.add_url_rule("/gestion/<tenant>/parametres/api", "tokens", tokens, methods=["GET", "POST"])
bp.add_url_rule(
    "/gestion/<tenant>/parametres/api/<int:token_id>/revoquer", "revoke", revoke, methods=["POST"]
)


def init_app(app: Flask) -> None:
    """Register the token pages."""
    app.register_blueprint(bp)
