"""Forms for a collectivité's identity (French labels; identifiers validated by the services)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, SelectChoice, SelectField, StringField, ValidationError
from wtforms.validators import DataRequired, Email, Length

from app.tenants.models import KIND_LABELS
from app.tenants.validation import InvalidIdentifier, clean_cog, clean_siret, clean_slug

REQUIRED = "Ce champ est obligatoire."


def _check(cleaner):  # type: ignore[no-untyped-def]
    def validator(_form: FlaskForm, field: StringField) -> None:
        try:
            cleaner(field.data or "")
        except InvalidIdentifier as error:
            raise ValidationError(str(error)) from error

    return validator


class TenantForm(FlaskForm):
    """Identity of a collectivité, as edited by its administrators."""

    name = StringField(
        "Nom de la collectivité", validators=[DataRequired(REQUIRED), Length(max=200)]
    )
    kind = SelectField(
        "Type de collectivité",
        choices=[SelectChoice(kind.value, label) for kind, label in KIND_LABELS.items()],
        validators=[DataRequired(REQUIRED)],
    )
    siret = StringField(
        "Numéro SIRET",
        description="14 chiffres, par exemple 213 300 630 00016. Il identifie la collectivité "
        "auprès des fournisseurs de données (destinataire des appels API).",
        validators=[DataRequired(REQUIRED), _check(clean_siret)],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    cog_code = StringField(
        "Code officiel géographique (COG / INSEE)",
        description="Commune : 5 caractères (ex. 33063) ; département : ex. 33 ou 2A ; "
        "région : ex. 75.",
        validators=[DataRequired(REQUIRED), _check(clean_cog)],
    )
    contact_email = EmailField(
        "Adresse électronique de contact",
        validators=[
            DataRequired(REQUIRED),
            Email("Saisissez une adresse électronique valide, par exemple nom@exemple.fr."),
        ],
    )


class NewTenantForm(TenantForm):
    """Creation by a platform operator also chooses the URL identifier."""

    slug = StringField(
        "Identifiant dans les adresses",
        description="Lettres minuscules sans accent, chiffres et tirets (ex. ville-de-bordeaux).",
        validators=[DataRequired(REQUIRED), _check(clean_slug)],
    )
    admin_email = EmailField(
        "Adresse électronique du premier administrateur",
        validators=[
            DataRequired(REQUIRED),
            Email("Saisissez une adresse électronique valide, par exemple nom@exemple.fr."),
        ],
    )
