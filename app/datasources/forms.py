"""Habilitation forms: fixed fields plus the provider's configuration, generated from its JSON
Schema (secret fields are password inputs, never filled back)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    EmailField,
    Field,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from app.datasources.base import JSONSchema, secret_fields
from app.datasources.habilitations import TEXT_FIELDS
from app.datasources.models import STATUS_LABELS, Habilitation, HabilitationStatus

REQUIRED = "Ce champ est obligatoire."
EMAIL = "Saisissez une adresse électronique valide, par exemple nom@exemple.fr."
CONFIG_PREFIX = "config_"
SECRET_PREFIX = "secret_"  # noqa: S105 — a field-name prefix, not a password


class FrenchDateField(DateField):
    """A date input whose parsing error is in French."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Parse ``AAAA-MM-JJ``; a French message otherwise."""
        if not valuelist or not valuelist[0]:
            self.data = None
            return
        try:
            self.data = dt.date.fromisoformat(str(valuelist[0]))
        except ValueError as error:
            self.data = None
            raise ValueError("Saisissez une date valide (jj/mm/aaaa).") from error


class StatusField(SelectField):
    """Status select with a French message for an unknown value."""

    def pre_validate(self, form: FlaskForm) -> None:
        """Refuse values outside the choices."""
        if self.data not in {status.value for status in HabilitationStatus}:
            raise ValidationError("Choisissez un statut dans la liste.")


def _email(label: str) -> EmailField:
    return EmailField(label, validators=[Optional(), Email(EMAIL), Length(max=254)])


class HabilitationForm(FlaskForm):
    """The fields every habilitation has, whatever the provider."""

    project_name = StringField(
        "Nom du projet",
        description="Tel que déclaré dans la demande DataPass.",
        validators=[DataRequired(REQUIRED), Length(max=200)],
    )
    datapass_reference = StringField(
        "Référence DataPass",
        description="Par exemple le numéro de la demande.",
        validators=[Length(max=100)],
    )
    project_description = TextAreaField("Description du projet", validators=[Length(max=5000)])
    legal_basis_text = TextAreaField(
        "Base légale",
        description="Fondement juridique de l'accès aux données (texte).",
        validators=[Length(max=5000)],
    )
    legal_basis_reference = StringField(
        "Référence de la délibération ou du décret",
        description="Par exemple : délibération n° 2026-045 du conseil municipal du 12 mars 2026.",
        validators=[Length(max=300)],
    )
    recipient_siret = StringField(
        "SIRET destinataire des données (recipient)",
        description="14 chiffres ; par défaut celui de la collectivité.",
        validators=[DataRequired(REQUIRED), Length(max=20)],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    controller_name = StringField("Responsable de traitement", validators=[Length(max=200)])
    controller_email = _email("Courriel du responsable de traitement")
    technical_contact_name = StringField("Responsable technique", validators=[Length(max=200)])
    technical_contact_email = _email("Courriel du responsable technique")
    dpo_name = StringField(
        "Délégué à la protection des données (DPO)", validators=[Length(max=200)]
    )
    dpo_email = _email("Courriel du DPO")
    scopes = TextAreaField(
        "Droits accordés (scopes)",
        description="Un droit par ligne, par exemple cnaf_quotient_familial. Pour API "
        "Particulier, utilisez plutôt « Lire les droits du jeton ».",
        validators=[Length(max=5000)],
    )
    valid_from = FrenchDateField("Début de validité", validators=[Optional()])
    valid_until = FrenchDateField(
        "Fin de validité",
        description="Un jeton API Particulier vaut 18 mois.",
        validators=[Optional()],
    )
    status = StatusField(
        "Statut",
        choices=[SelectChoice(status.value, label) for status, label in STATUS_LABELS.items()],
        default=HabilitationStatus.DRAFT.value,
    )

    def fields_data(self) -> dict[str, Any]:
        """Fixed fields for the service."""
        data = {name: getattr(self, name).data for name in TEXT_FIELDS}
        data.update(
            recipient_siret=self.recipient_siret.data,
            status=self.status.data,
            valid_from=self.valid_from.data,
            valid_until=self.valid_until.data,
            scopes=(self.scopes.data or "").replace(",", "\n").split(),
        )
        return data

    def config_data(self) -> dict[str, Any]:
        """Non-secret configuration values."""
        return _prefixed(self, CONFIG_PREFIX)

    def secret_data(self) -> dict[str, Any]:
        """Secret values typed in (never pre-filled)."""
        return _prefixed(self, SECRET_PREFIX)

    def config_fields(self) -> list[Field]:
        """The generated configuration fields, in schema order."""
        return [f for f in self if f.short_name.startswith((CONFIG_PREFIX, SECRET_PREFIX))]

    def apply_errors(self, errors: Mapping[str, str]) -> None:
        """Attach service errors (``config.token`` → ``secret_token``…) to the fields."""
        for name, message in errors.items():
            field = _field_for(self, name)
            if field is None:
                self.form_errors.append(message)
            else:
                field.errors = [*field.errors, message]


class SecretForm(FlaskForm):
    """Replacing the secret configuration values."""

    def secret_data(self) -> dict[str, Any]:
        """The values typed in."""
        return _prefixed(self, SECRET_PREFIX)

    def apply_errors(self, errors: Mapping[str, str]) -> None:
        """Attach service errors to the secret fields."""
        HabilitationForm.apply_errors(self, errors)  # type: ignore[arg-type]


def initial_data(habilitation: Habilitation) -> dict[str, Any]:
    """A habilitation's values as form data (never its secrets)."""
    data: dict[str, Any] = {name: getattr(habilitation, name) for name in TEXT_FIELDS}
    data.update(
        recipient_siret=habilitation.recipient_siret,
        status=habilitation.status.value,
        valid_from=habilitation.valid_from,
        valid_until=habilitation.valid_until,
        scopes="\n".join(habilitation.scopes or ()),
    )
    data.update({CONFIG_PREFIX + name: value for name, value in habilitation.config.items()})
    return data


def habilitation_form(schema: JSONSchema, *, with_secrets: bool) -> type[HabilitationForm]:
    """A form class for one provider's configuration schema."""
    attrs: dict[str, Any] = {}
    secrets = set(secret_fields(schema))
    required = set(schema.get("required", ()))
    for name, spec in (schema.get("properties") or {}).items():
        if name in secrets:
            if with_secrets:
                attrs[SECRET_PREFIX + name] = _secret_field(name, spec, name in required)
            continue
        validators = [DataRequired(REQUIRED)] if name in required else [Optional()]
        attrs[CONFIG_PREFIX + name] = StringField(
            spec.get("title", name),
            description=spec.get("description", ""),
            default=spec.get("default"),
            validators=[*validators, Length(max=int(spec.get("maxLength", 2000)))],
            render_kw={"autocomplete": "off", "spellcheck": "false"},
        )
    return type("ProviderHabilitationForm", (HabilitationForm,), attrs)


def secret_form(schema: JSONSchema) -> type[SecretForm]:
    """A form class with one optional password input per secret field."""
    attrs = {
        SECRET_PREFIX + name: _secret_field(name, spec, False)
        for name, spec in (schema.get("properties") or {}).items()
        if name in set(secret_fields(schema))
    }
    return type("ProviderSecretForm", (SecretForm,), attrs)


def _secret_field(name: str, spec: Mapping[str, Any], required: bool) -> PasswordField:
    validators = [DataRequired(REQUIRED)] if required else [Optional()]
    return PasswordField(
        spec.get("title", name),
        description=(
            spec.get("description", "") + " Jamais réaffiché : il ne peut qu'être remplacé."
        ).strip(),
        validators=[*validators, Length(max=int(spec.get("maxLength", 4096)))],
        render_kw={"autocomplete": "new-password", "spellcheck": "false"},
    )


def _prefixed(form: FlaskForm, prefix: str) -> dict[str, Any]:
    return {f.short_name[len(prefix) :]: f.data for f in form if f.short_name.startswith(prefix)}


def _field_for(form: FlaskForm, name: str) -> Field | None:
    """``project_name`` → itself; ``config.base_url`` / ``token`` → the generated field."""
    name = name.removeprefix("config.")
    for candidate in (name, CONFIG_PREFIX + name, SECRET_PREFIX + name):
        field = getattr(form, candidate, None)
        if isinstance(field, Field):
            return field
    return None
