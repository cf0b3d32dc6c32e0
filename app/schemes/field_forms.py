"""WTForms of the form builder: a step, a field (inputs depending on its kind) and its display
condition (one row « donnée — comparaison — valeur »)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from wtforms import BooleanField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.forms.spec import Kind
from app.schemes import builder_rules
from app.schemes.builder_fields import ACCEPT, HIDDEN
from app.schemes.builder_outline import ConditionVariable
from app.schemes.builder_values import TYPE_LABELS, BuilderError
from app.schemes.forms import REQUIRED, BuilderForm, CheckboxesField, ChoiceField, integer
from app.schemes.forms import options as select_options

COMMON: Final = ("label", "hint", "help", "required")
BY_KIND: Final[dict[str, tuple[str, ...]]] = {
    Kind.TEXT: ("min_length", "max_length", "pattern", "pattern_message"),
    Kind.TEXTAREA: ("min_length", "max_length", "rows"),
    Kind.TEL: ("pattern", "pattern_message"),
    Kind.INTEGER: ("minimum", "maximum"),
    Kind.NUMBER: ("minimum", "maximum", "multiple_of"),
    Kind.CHECKBOX: ("attestation",),
    Kind.CHOICE: ("options", "widget"),
    Kind.MULTI: ("options", "min_items", "max_items"),
    Kind.FILE: ("accept", "max_size_mb"),
    Kind.GROUP: ("item_title", "add_label", "min_items", "max_items"),
    HIDDEN: ("default",),
}
PROBLEM_KEYS: Final = {
    "title": "label",
    "description": "hint",
    "ui:help": "help",
    "minLength": "min_length",
    "maxLength": "max_length",
    "pattern": "pattern",
    "patternMessage": "pattern_message",
    "rows": "rows",
    "minimum": "minimum",
    "maximum": "maximum",
    "multipleOf": "multiple_of",
    "oneOf": "options",
    "enum": "options",
    "minItems": "min_items",
    "maxItems": "max_items",
    "itemTitle": "item_title",
    "addLabel": "add_label",
    "accept": "accept",
    "maxSize": "max_size_mb",
    "default": "default",
    "ui:condition": "cond_variable",
    "required": "required",
}


class StepForm(BuilderForm):
    """A step's title and lead text."""

    title = StringField(
        "Titre de l'étape",
        description="Par exemple « Vos enfants » ; affiché en haut de la page.",
        validators=[DataRequired(REQUIRED), Length(max=300)],
    )
    description = TextAreaField("Texte d'introduction (facultatif)", validators=[Length(max=3000)])


class FieldForm(BuilderForm):
    """Every input a field may have; the page shows those of the field's kind."""

    label = StringField(
        "Libellé (la question posée)",
        validators=[DataRequired(REQUIRED), Length(max=300)],
    )
    name = StringField(
        "Nom technique (facultatif)",
        description="Lettres minuscules sans accent, chiffres et « _ ». Les règles le lisent "
        "sous la forme form.nom ; déduit du libellé si vide. Il ne change plus ensuite.",
        validators=[Optional(), Length(max=63)],
        render_kw={"spellcheck": "false", "autocomplete": "off"},
    )
    hint = TextAreaField(
        "Indication sous le libellé (facultatif)",
        validators=[Length(max=3000)],
        render_kw={"rows": 2},
    )
    help = TextAreaField(
        "Aide complémentaire (facultatif)", validators=[Length(max=3000)], render_kw={"rows": 2}
    )
    required = BooleanField("Réponse obligatoire")
    min_length = integer("Nombre minimal de caractères", 0, 10000)
    max_length = integer("Nombre maximal de caractères", 1, 10000)
    pattern = StringField(
        "Format attendu (expression régulière, facultatif)",
        description="Par exemple ^[0-9]{7}$ pour 7 chiffres.",
        validators=[Length(max=500)],
        render_kw={"spellcheck": "false"},
    )
    pattern_message = StringField(
        "Message si le format n'est pas respecté",
        description="Par exemple « Le numéro d'allocataire a 7 chiffres. »",
        validators=[Length(max=300)],
    )
    rows = integer("Hauteur de la zone de saisie (en lignes)", 2, 30)
    minimum = StringField("Valeur minimale", render_kw={"inputmode": "decimal"})
    maximum = StringField("Valeur maximale", render_kw={"inputmode": "decimal"})
    multiple_of = StringField(
        "Précision",
        description="Par exemple 0,01 pour deux chiffres après la virgule.",
        render_kw={"inputmode": "decimal"},
    )
    options = TextAreaField(
        "Options (une par ligne)",
        description="« Libellé », ou « code | Libellé » pour choisir le code que lisent les "
        "règles (déduit du libellé sinon).",
        render_kw={"rows": 6},
    )
    widget = ChoiceField(
        "Présentation",
        choices=select_options(
            [
                ("", "Automatique (boutons radio jusqu'à 6 options)"),
                ("radio", "Boutons radio"),
                ("select", "Liste déroulante"),
            ]
        ),
    )
    min_items = integer("Nombre minimal", 0, 100)
    max_items = integer("Nombre maximal", 1, 100)
    item_title = StringField(
        "Titre de chaque élément", description="Par exemple « Enfant » (numéroté ensuite)."
    )
    add_label = StringField(
        "Texte du bouton d'ajout", description="Par exemple « Ajouter un enfant »."
    )
    attestation = BooleanField("Attestation sur l'honneur (la case doit être cochée)")
    accept = CheckboxesField("Formats acceptés", choices=select_options(ACCEPT.items()))
    max_size_mb = integer("Taille maximale (en Mo)", 1, 20)
    default = StringField("Valeur transmise", validators=[Length(max=300)])
    cond_variable = ChoiceField(
        "Afficher ce champ seulement si",
        choices=select_options([("", "Toujours afficher")]),
    )
    cond_operator = ChoiceField("Comparaison", choices=[], validate_choice=False)
    cond_value = StringField("Valeur")
    cond_value2 = StringField("Seconde valeur (pour « compris entre »)")
    cond_raw = HiddenField()

    def setup(self, variables: Sequence[ConditionVariable]) -> None:
        """Offer ``variables`` for the display condition."""
        self.cond_variable.choices = select_options(
            [("", "Toujours afficher")] + [(v.path, f"{v.label} ({v.path})") for v in variables]
        )
        kind = next((v.type for v in variables if v.path == self.cond_variable.data), None)
        names = builder_rules.operators_for(kind) if kind else tuple(builder_rules.OPERATORS)
        self.cond_operator.choices = select_options(
            (op, builder_rules.OPERATORS[op]) for op in names
        )

    def values(self, kind: str, *, new: bool) -> dict[str, Any]:
        """The builder's values for a field of this kind (display condition excluded)."""
        names = ("name",) * new + COMMON + BY_KIND.get(kind, ())
        return {name: getattr(self, name).data for name in names}

    def condition(self, variables: Sequence[ConditionVariable]) -> Any:
        """The display condition typed in (``None``: always shown)."""
        if not self.cond_variable.data:
            return None
        kinds = {v.path: v.type for v in variables}
        try:
            row = builder_rules.read_row(
                self.cond_variable.data,
                self.cond_operator.data or "",
                self.cond_value.data or "",
                self.cond_value2.data or "",
                kinds,
            )
        except BuilderError as error:
            raise BuilderError({f"cond_{k}": v for k, v in error.errors.items()}) from None
        return builder_rules.row_to_logic(row)


def inputs_for(kind: str) -> tuple[str, ...]:
    """The kind-specific inputs the field page shows."""
    return BY_KIND.get(kind, ())


def condition_data(logic: Any, variables: Sequence[ConditionVariable]) -> dict[str, Any]:
    """Initial condition inputs of an existing field (``cond_raw`` when not one row)."""
    if logic is None:
        return {}
    row = builder_rules.logic_to_row(logic)
    kinds = {v.path: v.type for v in variables}
    if row is None or row.variable not in kinds:
        return {"cond_raw": "1"}
    texts = builder_rules.row_texts(row, kinds[row.variable])
    if texts["at"]:
        return {"cond_raw": "1"}  # an age at a date: one input more than this editor has
    return {
        "cond_variable": row.variable,
        "cond_operator": row.operator,
        "cond_value": texts["value"],
        "cond_value2": texts["value2"],
    }


def field_data(values: Mapping[str, Any]) -> dict[str, Any]:
    """An existing field's values as form data."""
    data = dict(values)
    for name in ("minimum", "maximum", "multiple_of"):
        if data.get(name) is not None:
            data[name] = str(data[name]).replace(".", ",")
    return data


def problem_errors(problems: Sequence[Any], pointers: Sequence[str]) -> dict[str, str]:
    """Bundle problems of the field at ``pointers`` (schema, UI) as per-input messages; the
    others keep their path for the error summary."""
    errors: dict[str, str] = {}
    for problem in problems:
        rest = next(
            (problem.path[len(p) :] for p in pointers if f"{problem.path}/".startswith(f"{p}/")),
            None,
        )
        keys = (rest or "").split("/")
        name = next((PROBLEM_KEYS[k] for k in keys if k in PROBLEM_KEYS), None)
        if rest is None or name is None:
            errors.setdefault(f"_{problem.path}", str(problem))
        else:
            errors.setdefault(name, problem.message)
    return errors


def kind_type_label(kind: str) -> str:
    """French name of a variable type."""
    return TYPE_LABELS.get(kind, kind)
