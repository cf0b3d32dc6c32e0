"""WTForms of the amount: none, fixed, or a barème grid (one amount column per value of an
optional second dimension), optionally per item of a repeating group. « Ajouter une tranche » and
« Mettre à jour la grille » are submit buttons: the page comes back reshaped, nothing saved."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from wtforms import FieldList, Form, StringField

from app.schemes.builder_amounts import Amount, Bracket, Grid
from app.schemes.builder_values import BuilderError, format_value, parse_number
from app.schemes.forms import (
    BuilderForm,
    ChoiceField,
    FrenchRadioField,
    list_field,
    options,
)
from app.schemes.variables import SchemeVariable

BLANK_BRACKETS = 2


class BracketForm(Form):
    """One line of the barème: bounds and one amount per column."""

    lower = StringField("De")
    upper = StringField("À")
    amount = StringField("Montant (€)")
    amounts = FieldList(StringField("Montant (€)"), min_entries=0)


class AmountForm(BuilderForm):
    """None, a fixed amount, or a barème grid; optionally per item of a group."""

    mode = FrenchRadioField(
        "Montant de l'aide",
        choices=options(
            [
                ("none", "Aucun montant (aide en nature)"),
                ("fixed", "Montant fixe"),
                ("grid", "Barème (montant selon des tranches)"),
            ]
        ),
    )
    fixed = StringField("Montant fixe (en euros)", render_kw={"inputmode": "decimal"})
    multiplier = ChoiceField("Multiplié par (facultatif)", choices=[], validate_choice=False)
    variable = ChoiceField("Tranches selon", choices=[], validate_choice=False)
    inclusive = FrenchRadioField(
        "Bornes des tranches",
        choices=options(
            [
                ("lower", "Borne basse incluse, borne haute exclue (« de 600 à moins de 900 »)"),
                ("upper", "Borne basse exclue, borne haute incluse (« jusqu'à 600 € inclus »)"),
            ]
        ),
        default="lower",
    )
    default = StringField(
        "Montant hors tranches (en euros)",
        description="Pour une valeur qui n'entre dans aucune tranche ; 0 le plus souvent.",
        default="0",
        render_kw={"inputmode": "decimal"},
    )
    column_variable = ChoiceField(
        "Seconde dimension (facultatif)",
        description="Par exemple le niveau scolaire de l'enfant : une colonne de montants "
        "par valeur.",
        choices=[],
        validate_choice=False,
    )
    columns = StringField(
        "Colonnes de la seconde dimension",
        description="Les valeurs de la seconde dimension, séparées par des points-virgules "
        "(proposées automatiquement pour un choix).",
    )
    per_item = ChoiceField(
        "Montant par élément d'un groupe répété (facultatif)",
        description="Par exemple « par enfant » : le montant est calculé pour chaque enfant, "
        "puis additionné.",
        choices=[],
        validate_choice=False,
    )
    item_condition = ChoiceField(
        "Seulement pour les éléments où (facultatif)",
        choices=[],
        validate_choice=False,
    )
    brackets = list_field(BracketForm, 1)


def amount_variables(
    variables: Sequence[SchemeVariable], per_item: str | None
) -> tuple[list[SchemeVariable], list[SchemeVariable], list[SchemeVariable]]:
    """(numeric variables, column variables, yes/no item variables) the amount may read."""
    item_prefix = f"{per_item}.*." if per_item else None
    plain = [v for v in variables if "*" not in v.path]
    items = [
        SchemeVariable(
            "item." + v.path.removeprefix(item_prefix), v.type, v.label, v.origin, v.unit, v.choices
        )
        for v in variables
        if item_prefix and v.path.startswith(item_prefix) and v.path.count("*") == 1
    ]
    numeric = [v for v in plain + items if v.kind in ("integer", "number", "money")]
    columns = [v for v in plain + items if v.type in ("string", "integer")]
    flags = [v for v in items if v.type == "boolean"]
    return numeric, columns, flags


def amount_data(amount: Amount | None, variables: Sequence[SchemeVariable]) -> dict[str, Any]:
    """Form data of the current amount (a default one for ``None``), with blank brackets to
    fill in."""
    blank = {"lower": "", "upper": "", "amount": "", "amounts": []}
    if amount is None:
        return {"mode": "none", "brackets": [dict(blank) for _ in range(BLANK_BRACKETS + 1)]}
    data: dict[str, Any] = {
        "brackets": [dict(blank) for _ in range(BLANK_BRACKETS + 1)],
        "mode": amount.mode,
        "fixed": format_value(amount.fixed, "number"),
        "multiplier": amount.multiplier or "",
        "per_item": amount.per_item or "",
        "item_condition": amount.item_condition or "",
    }
    grid = amount.grid
    if grid is not None:
        data.update(
            variable=grid.variable,
            inclusive=grid.inclusive,
            default=format_value(grid.default, "number") if grid.default is not None else "",
            column_variable=grid.column_variable or "",
            columns="; ".join(grid.columns),
            brackets=[
                {
                    "lower": format_value(b.lower, "number"),
                    "upper": format_value(b.upper, "number"),
                    "amount": format_value(b.amounts.get(""), "number"),
                    "amounts": [format_value(b.amounts.get(c), "number") for c in grid.columns],
                }
                for b in grid.brackets
            ]
            + [{**blank, "amounts": [""] * len(grid.columns)}],
        )
    return data


def read_amount(form: AmountForm, kinds: dict[str, str]) -> Amount | None:
    """The amount typed in; errors placed next to the inputs (``None`` then)."""
    mode = form.mode.data
    per_item = form.per_item.data or None
    condition = (form.item_condition.data or None) if per_item else None
    try:
        if mode == "none":
            return Amount("none")
        if mode == "fixed":
            fixed = _money(form.fixed.data, "fixed")
            multiplier = form.multiplier.data or None
            if multiplier and multiplier not in kinds:
                raise BuilderError({"multiplier": "Choisissez une donnée dans la liste."})
            return Amount(
                "fixed",
                fixed=fixed,
                multiplier=multiplier,
                per_item=per_item,
                item_condition=condition,
            )
        grid = _read_grid(form, kinds)
    except BuilderError as error:
        form.add_errors(error.errors)
        return None
    if grid is None:
        return None
    return Amount("grid", grid=grid, per_item=per_item, item_condition=condition)


def _read_grid(form: AmountForm, kinds: dict[str, str]) -> Grid | None:
    if form.variable.data not in kinds:
        raise BuilderError({"variable": "Choisissez la donnée qui détermine la tranche."})
    column = form.column_variable.data or None
    columns = columns_of(form.columns.data) if column else []
    if column and not columns:
        raise BuilderError({"columns": "Saisissez les valeurs de la seconde dimension."})
    default_text = (form.default.data or "").strip()
    default = _money(default_text, "default") if default_text else 0
    brackets, ok = [], True
    for entry in form.brackets:
        line = entry.form
        cells = [line.amount] if not column else list(line.amounts)
        texts = [line.lower.data, line.upper.data, *(c.data for c in cells)]
        if not any((t or "").strip() for t in texts):
            continue
        try:
            lower = _cell(line.lower)
            upper = _cell(line.upper)
            amounts = (
                {"": _cell(line.amount, required=True)}
                if not column
                else {name: _cell(cell) for name, cell in zip(columns, cells, strict=False)}
            )
        except ValueError:
            ok = False
            continue
        brackets.append(Bracket(lower, upper, amounts))
    if ok and not brackets:
        raise BuilderError({"brackets": "Saisissez au moins une tranche."})
    if not ok:
        return None
    return Grid(
        form.variable.data, brackets, form.inclusive.data or "lower", default, column, columns
    )


def columns_of(text: str | None) -> list[str]:
    """« college; lycee » → ``["college", "lycee"]``."""
    return [part.strip() for part in (text or "").split(";") if part.strip()]


def _money(text: str | None, name: str) -> Any:
    try:
        return parse_number(text or "")
    except ValueError as error:
        raise BuilderError({name: str(error)}) from None


def _cell(field: Any, *, required: bool = False) -> Any:
    """The number in a grid cell (``None`` when empty); the message is put on the cell."""
    text = (field.data or "").strip()
    if not text and required:
        field.errors = ["Saisissez un montant."]
        raise ValueError("missing amount")
    if not text:
        return None
    try:
        return parse_number(text)
    except ValueError as error:
        field.errors = [str(error)]
        raise
