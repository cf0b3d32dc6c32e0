"""Login and password forms (French labels and messages)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from app.auth.models import ROLE_LABELS
from app.core.security import MIN_PASSWORD_LENGTH

REQUIRED = "Ce champ est obligatoire."
TOO_SHORT = f"Le mot de passe doit comporter au moins {MIN_PASSWORD_LENGTH} caractères."
EMAIL = "Saisissez une adresse électronique valide, par exemple nom@exemple.fr."


class LoginForm(FlaskForm):
    """Staff sign-in."""

    email = EmailField(
        "Adresse électronique",
        validators=[DataRequired(REQUIRED), Email(EMAIL), Length(max=254)],
        render_kw={"autocomplete": "username", "spellcheck": "false"},
    )
    password = PasswordField(
        "Mot de passe",
        validators=[DataRequired(REQUIRED), Length(max=1024)],
        render_kw={"autocomplete": "current-password"},
    )


class ForgotPasswordForm(FlaskForm):
    """Ask for a reset link."""

    email = EmailField(
        "Adresse électronique",
        validators=[DataRequired(REQUIRED), Email(EMAIL), Length(max=254)],
        render_kw={"autocomplete": "username"},
    )


class ResetPasswordForm(FlaskForm):
    """Choose a new password."""

    password = PasswordField(
        "Nouveau mot de passe",
        description=f"Au moins {MIN_PASSWORD_LENGTH} caractères.",
        validators=[
            DataRequired(REQUIRED),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=1024,
                message=TOO_SHORT,
            ),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        "Confirmation du mot de passe",
        validators=[
            DataRequired(REQUIRED),
            EqualTo("password", message="Les deux mots de passe ne sont pas identiques."),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class MemberForm(FlaskForm):
    """Invite a staff member into the collectivité."""

    email = EmailField(
        "Adresse électronique",
        validators=[DataRequired(REQUIRED), Email(EMAIL), Length(max=254)],
    )
    full_name = StringField("Nom complet", validators=[Length(max=200)])
    role = SelectField(
        "Rôle",
        choices=[SelectChoice(role.value, label) for role, label in ROLE_LABELS.items()],
        validators=[DataRequired(REQUIRED)],
    )


class RoleForm(FlaskForm):
    """Change a member's role."""

    role = SelectField(
        "Rôle",
        choices=[SelectChoice(role.value, label) for role, label in ROLE_LABELS.items()],
        validators=[DataRequired(REQUIRED)],
    )
