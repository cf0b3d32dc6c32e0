"""WTForms of the scheme pages: creating, settings, import, confirmations and raw JSON.

Every builder form derives from :class:`BuilderForm`, which places service errors (a
:class:`~app.schemes.builder_form.BuilderError`'s per-input messages, or bundle problems found by
JSON pointer) next to the inputs, and the others in the error summary with their path.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    Field,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from app.datasources.forms import FrenchDateField
from app.schemes.builder_values import parse_number
from app.schemes.bundles import Problem
from app.schemes.models import AUDIENCES, BenefitKind

REQUIRED = "Ce champ est obligatoire."
NUMBER = "Saisissez un nombre entier."
SLUG = "^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$"
SLUG_MESSAGE = "Lettres minuscules sans accent, chiffres et tirets, par exemple aide-rentree."
CHOICE = "Choisissez une valeur dans la liste."


def options(pairs: Iterable[tuple[Any, str]], optgroup: str | None = None) -> list[SelectChoice]:
    """``SelectChoice`` options from (value, label) pairs."""
    return [SelectChoice(str(value), label, optgroup=optgroup) for value, label in pairs]


KIND_CHOICES = options((kind.value, kind.label) for kind in BenefitKind)


class CheckboxesField(SelectMultipleField):
    """Several checkboxes (rendered as a fieldset by the ``choices`` macro)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form: Any) -> None:
        """Refuse values outside the choices, in French."""
        allowed = {str(value) for value, *_ in self.iter_choices()}
        if any(str(value) not in allowed for value in self.data or ()):
            raise ValidationError("Choisissez parmi les valeurs proposées.")


class ChoiceField(SelectField):
    """A ``<select>`` with a French message; an absent answer is the blank option."""

    def __init__(self, label: str | None = None, validators: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("invalid_choice_message", CHOICE)
        kwargs.setdefault("default", "")
        super().__init__(label, validators, **kwargs)

    def process_data(self, value: Any) -> None:
        """``None`` (no value yet) is the blank option."""
        super().process_data("" if value is None else value)


class FrenchRadioField(RadioField):
    """Radios whose « not a valid choice » message is French."""

    def pre_validate(self, form: Any) -> None:
        """Refuse a value outside the choices."""
        if self.data not in {str(value) for value, *_ in self.iter_choices()}:
            raise ValidationError("Sélectionnez une réponse.")


class MoneyField(StringField):
    """An amount typed the French way (« 10 000,50 »), as a ``Decimal``."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Parse the amount; a French message when it is not one."""
        self.raw = (valuelist or [""])[0]
        if not str(self.raw).strip():
            self.data = None
            return
        try:
            self.data = Decimal(str(parse_number(self.raw)))
        except ValueError as error:
            self.data = None
            raise ValueError(str(error)) from error

    def _value(self) -> str:
        if getattr(self, "raw", None) is not None:
            return str(self.raw)
        return "" if self.data is None else format(self.data, "f").replace(".", ",")


def integer(label: str, low: int, high: int, **kwargs: Any) -> IntegerField:
    """An optional whole number between ``low`` and ``high`` with French messages."""
    message = f"Saisissez un nombre entre {low} et {high}."
    return IntegerField(
        label,
        validators=[Optional(), NumberRange(low, high, message)],
        render_kw={"inputmode": "numeric"},
        **kwargs,
    )


class BuilderForm(FlaskForm):
    """A form that can show the builder's errors next to its inputs."""

    def add_errors(
        self, errors: Mapping[str, str], aliases: Mapping[str, str] | None = None
    ) -> None:
        """Attach per-input messages (``{"name": "…"}``); unknown inputs go to the summary."""
        for name, message in errors.items():
            field = self._field((aliases or {}).get(name, name))
            if field is None:
                self.form_errors.append(message)
            else:
                field.errors = [*list(field.errors or []), message]

    def add_problems(
        self, problems: Iterable[Problem], where: Mapping[str, str], *, with_path: bool = False
    ) -> None:
        """Attach bundle problems: ``where`` maps a path prefix to an input name (the message
        keeps its JSON pointer when ``with_path``, as in the JSON modes)."""
        for problem in problems:
            target = next(
                (name for prefix, name in where.items() if problem.path.startswith(prefix)), None
            )
            field = self._field(target) if target else None
            if field is None:
                self.form_errors.append(str(problem))
            else:
                message = str(problem) if with_path else problem.message
                field.errors = [*list(field.errors or []), message]

    def _field(self, name: str | None) -> Field | None:
        field = getattr(self, name, None) if name else None
        return field if isinstance(field, Field) else None


class ActionForm(FlaskForm):
    """A button's form: CSRF token and, for list items, which one and which way."""

    target = HiddenField()
    direction = HiddenField()


class NewSchemeForm(BuilderForm):
    """« Nouveau dispositif »."""

    title = StringField(
        "Titre du dispositif",
        description="Tel que les familles le liront, par exemple « Aide à la rentrée scolaire ».",
        validators=[DataRequired(REQUIRED), Length(max=200)],
    )
    slug = StringField(
        "Identifiant dans l'adresse (facultatif)",
        description="Déduit du titre si vous le laissez vide. " + SLUG_MESSAGE,
        validators=[Optional(), Regexp(SLUG, message=SLUG_MESSAGE), Length(max=80)],
    )
    benefit_kind = FrenchRadioField("Nature de l'aide", choices=KIND_CHOICES, default="cash")


class SettingsForm(BuilderForm):
    """The scheme's description, dates, benefit, budget and retention period."""

    title = StringField("Titre du dispositif", validators=[DataRequired(REQUIRED), Length(max=200)])
    slug = StringField(
        "Identifiant dans l'adresse",
        description=SLUG_MESSAGE + " Le changer change l'adresse de la démarche.",
        validators=[DataRequired(REQUIRED), Regexp(SLUG, message=SLUG_MESSAGE), Length(max=80)],
    )
    description = TextAreaField(
        "Présentation",
        description="Ce que l'aide finance et pour qui ; affichée avant la demande.",
        validators=[Length(max=10000)],
    )
    audience = CheckboxesField("Public visé", choices=options(AUDIENCES.items()))
    opens_at = FrenchDateField("Ouverture des demandes", validators=[Optional()])
    closes_at = FrenchDateField("Clôture des demandes", validators=[Optional()])
    benefit_kind = FrenchRadioField("Nature de l'aide", choices=KIND_CHOICES)
    benefit_label = StringField(
        "Libellé de l'aide",
        description="Par exemple « Versement sur le compte bancaire ».",
        validators=[Length(max=200)],
    )
    benefit_description = TextAreaField("Précisions sur l'aide", validators=[Length(max=2000)])
    benefit_item = StringField(
        "Équipement remis",
        description="Pour une aide en équipement, par exemple « Ordinateur portable ».",
        validators=[Length(max=200)],
    )
    validity_days = integer(
        "Validité du bon d'achat (en jours)", 1, 1095, description="Pour un bon d'achat."
    )
    budget_amount = MoneyField(
        "Enveloppe budgétaire (en euros)",
        description="Montant total voté, par exemple 50 000. Laissez vide si aucune enveloppe.",
        render_kw={"inputmode": "decimal"},
    )
    retention_months = IntegerField(
        "Durée de conservation des données personnelles (en mois)",
        description="Après la décision ; entre 1 et 120 mois.",
        validators=[
            DataRequired(REQUIRED),
            NumberRange(1, 120, "Saisissez un nombre entre 1 et 120."),
        ],
        render_kw={"inputmode": "numeric"},
    )


SETTINGS_PROBLEMS = {
    "/title": "title",
    "/slug": "slug",
    "/description": "description",
    "/audience": "audience",
    "/opens_at": "opens_at",
    "/closes_at": "closes_at",
    "/benefit/kind": "benefit_kind",
    "/benefit/label": "benefit_label",
    "/benefit/description": "benefit_description",
    "/benefit/item": "benefit_item",
    "/benefit/validity_days": "validity_days",
    "/budget": "budget_amount",
    "/retention": "retention_months",
}
"""Where the settings form shows a bundle problem (path prefix → input)."""
RAW_FORM_PROBLEMS = {"/form/schema": "schema", "/form/ui": "ui"}


class ImportForm(BuilderForm):
    """Upload of a bundle file."""

    bundle = FileField(
        "Fichier du dispositif (.json)",
        description="Un fichier exporté depuis Tremplin (format tremplin.scheme-bundle/v1).",
        validators=[FileRequired("Sélectionnez un fichier.")],
        render_kw={"accept": "application/json,.json"},
    )


class JSONField(TextAreaField):
    """A JSON document typed in a textarea (kept as typed when it cannot be read)."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Parse the JSON; a French message with the line and column otherwise."""
        self.raw = (valuelist or [""])[0]
        try:
            self.data = json.loads(self.raw) if str(self.raw).strip() else None
        except ValueError as error:
            self.data = None
            line, column = getattr(error, "lineno", 0), getattr(error, "colno", 0)
            raise ValueError(
                f"JSON illisible (ligne {line}, colonne {column}) : vérifiez les guillemets, "
                "virgules et accolades."
            ) from error

    def _value(self) -> str:
        if getattr(self, "raw", None) is not None:
            return str(self.raw)
        if self.data is None:
            return ""
        return json.dumps(self.data, ensure_ascii=False, indent=2)


class RawFormForm(BuilderForm):
    """The form definition in JSON (raw mode)."""

    schema = JSONField(
        "Schéma des données (JSON Schema)",
        validators=[InputRequired(REQUIRED)],
        render_kw={"rows": 24, "spellcheck": "false", "class": "code"},
    )
    ui = JSONField(
        "Schéma d'interface (UI schema)",
        validators=[Optional()],
        render_kw={"rows": 18, "spellcheck": "false", "class": "code"},
    )


class RawRulesForm(BuilderForm):
    """The rules document in JSON (raw mode)."""

    rules = JSONField(
        "Règles (critères en JSON-Logic, combinaison, montant)",
        validators=[InputRequired(REQUIRED)],
        render_kw={"rows": 28, "spellcheck": "false", "class": "code"},
    )


def list_field(form_class: type, minimum: int) -> FieldList:
    """A list of sub-forms with at least ``minimum`` entries."""
    return FieldList(FormField(form_class), min_entries=minimum)


TITLES = {"groups": "Groupe", "rows": "Condition", "brackets": "Tranche", "amounts": "Colonne"}


def error_entries(form: Any) -> list[tuple[str, str, str]]:
    """Every message of a form, nested lists included: (input id, label, first message).

    A nested input's label says where it is: « Groupe 1 — Condition 2 — Valeur ».
    """
    entries: list[tuple[str, str, str]] = []

    def add(field: Field, words: tuple[str, ...]) -> None:
        messages = [e for e in field.errors or () if isinstance(e, str)]
        if messages and field.type != "CSRFTokenField":
            entries.append((field.id, " — ".join(words), messages[0]))

    def walk(field: Field, context: tuple[str, ...]) -> None:
        add(field, (*context, field.label.text))
        if not isinstance(field, FieldList):
            return
        title = TITLES.get(field.short_name, field.label.text)
        for number, entry in enumerate(field.entries, start=1):
            here = (*context, f"{title} {number}")
            if isinstance(entry, FormField):
                for sub in entry.form:
                    walk(sub, here)
            else:
                add(entry, here)

    for field in form:
        walk(field, ())
    return entries


def has_errors(form: Any) -> bool:
    """Whether the form shows any message (nested ones included)."""
    return bool(form.form_errors or error_entries(form))
