"""WTForms of a criterion: French label, identifier, groups of rows « donnée — comparaison —
valeur ». Without JavaScript, « Ajouter une condition »… are submit buttons (``_action``): the page
comes back with one more row, nothing saved or lost."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from wtforms import Form, SelectChoice, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from app.schemes import builder_rules
from app.schemes.builder_rules import Condition, Group, Row
from app.schemes.builder_values import BuilderError
from app.schemes.forms import (
    REQUIRED,
    BuilderForm,
    ChoiceField,
    list_field,
    options,
)
from app.schemes.variables import SchemeVariable

MODE_CHOICES = options([("and", "toutes les conditions"), ("or", "au moins une condition")])


def variable_choices(variables: Sequence[SchemeVariable], blank: str) -> list[SelectChoice]:
    """Choices grouped by origin (« Réponses du formulaire », « Source « qf » »)."""
    found = options([("", blank)])
    for v in sorted(variables, key=lambda v: v.origin != "form"):
        group = "Réponses du formulaire" if v.origin == "form" else f"Source « {v.origin} »"
        found += options([(v.path, f"{v.label} ({v.path})")], optgroup=group)
    return found


def row_variables(variables: Sequence[SchemeVariable]) -> list[SchemeVariable]:
    """Variables a criterion row may read (not group items, not whole objects)."""
    return [v for v in variables if v.kind in builder_rules.BY_TYPE and "*" not in v.path]


class RowForm(Form):
    """« donnée — comparaison — valeur »."""

    variable = ChoiceField("Donnée", choices=[], validate_choice=False)
    operator = ChoiceField("Comparaison", choices=[], validate_choice=False)
    value = StringField("Valeur")
    value2 = StringField("Seconde valeur (pour « compris entre » et l'âge)")
    at = StringField(
        "Âge calculé au (facultatif)",
        description="Pour un âge : la date de référence, par exemple 01/09/2026 ; "
        "aujourd'hui si vide.",
    )


class GroupForm(Form):
    """Rows combined by « toutes » or « au moins une »."""

    mode = ChoiceField("Le groupe est rempli si", choices=MODE_CHOICES, default="and")
    rows = list_field(RowForm, 1)


class CriterionForm(BuilderForm):
    """A criterion: French label, id, groups of rows."""

    label = StringField(
        "Libellé du critère",
        description="La phrase lue par les familles, par exemple « Quotient familial "
        "inférieur ou égal à 800 € ».",
        validators=[DataRequired(REQUIRED), Length(max=300)],
    )
    identifier = StringField(
        "Identifiant (facultatif)",
        description="Lettres minuscules, chiffres et « _ » ; déduit du libellé si vide. "
        "Les cas de test citent les critères non remplis par cet identifiant.",
        validators=[
            Optional(),
            Regexp("^[a-z][a-z0-9_]{0,62}$", message="Lettres minuscules, chiffres et « _ »."),
        ],
        render_kw={"spellcheck": "false"},
    )
    mode = ChoiceField(
        "Le critère est rempli si les groupes remplissent",
        choices=options([("and", "tous les groupes"), ("or", "au moins un groupe")]),
        default="and",
    )
    groups = list_field(GroupForm, 1)

    def setup(self, variables: Sequence[SchemeVariable]) -> None:
        """Offer the variables, and the comparisons fitting each row's variable."""
        kinds = {v.path: v.kind for v in variables}
        choices = variable_choices(variables, "Choisissez une donnée")
        for group in self.groups:
            for row in group.form.rows:
                row.form.variable.choices = choices
                kind = kinds.get(row.form.variable.data or "")
                names = builder_rules.operators_for(kind) if kind else builder_rules.OPERATORS
                row.form.operator.choices = options(
                    (op, builder_rules.OPERATORS[op]) for op in names
                )

    def condition(self, variables: Sequence[SchemeVariable]) -> Condition | None:
        """The condition typed in; errors are placed next to the inputs (``None`` then)."""
        kinds = {v.path: v.kind for v in variables}
        groups, ok = [], True
        for group in self.groups:
            rows = []
            for row in group.form.rows:
                data = row.form
                if not data.variable.data and not (data.value.data or "").strip():
                    continue
                try:
                    rows.append(
                        builder_rules.read_row(
                            data.variable.data or "",
                            data.operator.data or "",
                            data.value.data or "",
                            data.value2.data or "",
                            kinds,
                            data.at.data or "",
                        )
                    )
                except BuilderError as error:
                    ok = False
                    for name, message in error.errors.items():
                        getattr(data, name).errors = [message]
            if rows:
                groups.append(Group(group.form.mode.data or "and", rows))
        if ok and not groups:
            self.groups[0].form.rows[0].form.variable.errors = ["Ajoutez au moins une condition."]
            ok = False
        return Condition(self.mode.data or "and", groups) if ok else None


def criterion_data(
    criterion: dict[str, Any], variables: Sequence[SchemeVariable]
) -> dict[str, Any]:
    """Form data of an existing criterion (``None`` groups when its rule is not rows)."""
    condition = builder_rules.logic_to_condition(criterion["logic"])
    kinds = {v.path: v.kind for v in variables}
    data: dict[str, Any] = {"label": criterion["label"], "identifier": criterion["id"]}
    if condition is not None:
        data["mode"] = condition.mode
        data["groups"] = [
            {"mode": group.mode, "rows": [_row_data(row, kinds) for row in group.rows]}
            for group in condition.groups
        ]
    return data


def _row_data(row: Row, kinds: dict[str, str]) -> dict[str, Any]:
    texts = builder_rules.row_texts(row, kinds.get(row.variable, "string"))
    return {"variable": row.variable, "operator": row.operator, **texts}
