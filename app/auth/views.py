"""Sign-in, sign-out and password reset pages (thin: parse, call a service, render)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from app.audit.services import record
from app.auth import services
from app.auth.forms import ForgotPasswordForm, LoginForm, ResetPasswordForm
from app.core.db import db
from app.core.security import TokenInvalid


def _safe_next(target: str | None) -> str | None:
    """Only same-site relative paths are accepted as a post-login destination."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def login():  # type: ignore[no-untyped-def]
    """Staff sign-in with throttling."""
    if current_user.is_authenticated:
        return redirect(url_for("backoffice.home"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            result = services.authenticate(
                form.email.data or "", form.password.data or "", request.remote_addr or ""
            )
        except services.LoginThrottled as error:
            db.session.commit()
            form.form_errors.append(error.message)
            status = 429
        except services.InvalidCredentials as error:
            db.session.commit()
            form.form_errors.append(error.message)
            status = 401
        else:
            db.session.commit()
            session.clear()  # no session fixation
            login_user(result.user)
            return redirect(_safe_next(request.args.get("next")) or url_for("backoffice.home"))
    elif form.is_submitted():
        status = 400
    return render_template("auth/login.html", form=form), status


@login_required
def logout():  # type: ignore[no-untyped-def]
    """Sign out (POST only, CSRF-protected)."""
    record("auth.logout", tenant_id=None, actor=current_user, obj=current_user)
    db.session.commit()
    logout_user()
    session.clear()
    flash("Vous êtes déconnecté.", "success")
    return redirect(url_for("auth.login"))


def forgot_password():  # type: ignore[no-untyped-def]
    """Ask for a reset link; the answer never reveals whether the account exists."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(
            form.email.data or "",
            lambda token: url_for("auth.reset_password", token=token, _external=True),
        )
        db.session.commit()
        flash(
            "Si un compte correspond à cette adresse, un courriel contenant un lien de "
            "réinitialisation vient d'être envoyé. Le lien est valable une heure.",
            "success",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot.html", form=form), 400 if form.errors else 200


def reset_password(token: str):  # type: ignore[no-untyped-def]
    """Choose a new password from an e-mailed link."""
    try:
        services.user_for_reset_token(token)
    except TokenInvalid:
        return render_template("auth/reset_invalid.html"), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        services.reset_password(token, form.password.data or "")
        db.session.commit()
        flash("Votre mot de passe a été modifié. Vous pouvez vous connecter.", "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form), 400 if form.errors else 200
