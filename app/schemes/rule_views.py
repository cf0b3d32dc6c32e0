"""The rule builder: criteria as rows « donnée — comparaison — valeur » in AND/OR groups, the
amount (fixed or barème grid, per item of a group), and the rules in JSON-Logic.

A criterion the rows cannot show is listed read-only with a link to the JSON mode.
"""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, request, url_for

from app.auth.access import staff_required
from app.auth.models import Role
from app.schemes import builder_amounts, builder_rules, drafts
from app.schemes.amount_forms import (
    AmountForm,
    amount_data,
    amount_variables,
    columns_of,
    read_amount,
)
from app.schemes.builder_values import BuilderError, slug, unique
from app.schemes.criterion_forms import (
    CriterionForm,
    criterion_data,
    row_variables,
    variable_choices,
)
from app.schemes.forms import RawRulesForm, has_errors, options
from app.schemes.pages import (
    action,
    apply_change,
    button_change,
    current_problems,
    load,
    render,
    variables_of,
)

RULES = "rules"


@staff_required(Role.ADMIN)
def rules(scheme_id: int):  # type: ignore[no-untyped-def]
    """The criteria, their combination and the amount."""
    scheme = load(scheme_id)
    bundle = drafts.working_bundle(scheme)
    problems = current_problems(bundle, RULES)
    return render(
        "schemes/rules.html",
        scheme,
        "rules",
        bundle=bundle,
        variables=variables_of(bundle),
        problems=problems,
    )


@staff_required(Role.ADMIN)
def criterion(scheme_id: int):  # type: ignore[no-untyped-def]
    """Add a criterion, or edit ``?critere=<id>``."""
    scheme = load(scheme_id)
    bundle = drafts.working_bundle(scheme)
    variables = row_variables(variables_of(bundle))
    current = _criterion(bundle, request.args.get("critere"))
    if current is not None and builder_rules.logic_to_condition(current["logic"]) is None:
        return render("schemes/criterion_raw.html", scheme, "rules", current=current)
    form, ready = _criterion_form(current, variables)
    if ready and form.validate_on_submit():
        condition = form.condition(variables)
        if condition is not None and _save_criterion(scheme, form, current, condition):
            return redirect(url_for("schemes.rules", scheme_id=scheme.id))
    return render(
        "schemes/criterion.html", scheme, "rules", _status(form), form=form, current=current
    )


def _criterion_form(current: Any, variables: list[Any]) -> tuple[CriterionForm, bool]:
    """(form, whether to save it): the criterion, or what was posted — with a row or group more
    or less, and not saved, after « Ajouter une condition », « Retirer… »."""
    if request.method != "POST":
        form = CriterionForm(data=criterion_data(current, variables) if current else None)
    elif action() == "save":
        form = CriterionForm()
    else:
        form = CriterionForm(formdata=None, data=_restructure(CriterionForm().data, action()))
    form.setup(variables)
    return form, request.method == "POST" and action() == "save"


def _save_criterion(scheme, form, current, condition) -> bool:  # type: ignore[no-untyped-def]
    logic = builder_rules.condition_to_logic(condition)
    label = form.label.data.strip()

    def operation(draft: dict[str, Any]) -> None:
        criteria = draft["rules"].setdefault("criteria", [])
        ids = {c["id"] for c in criteria}
        if current is not None:
            index = next(i for i, c in enumerate(criteria) if c["id"] == current["id"])
            criteria[index] = {"id": current["id"], "label": label, "logic": logic}
            return
        wanted = form.identifier.data
        if wanted and wanted in ids:
            raise BuilderError({"identifier": "Un critère porte déjà cet identifiant."})
        base = slug(label, "_", "critere")[:40].strip("_")
        new_id = wanted or unique(base, ids, "_")
        criteria.append({"id": new_id, "label": label, "logic": logic})

    return apply_change(
        scheme,
        form,
        operation,
        part=RULES,
        change="criterion.updated" if current else "criterion.added",
        message=f"Le critère « {label} » a été enregistré",
    )


def _restructure(data: dict[str, Any], act: str) -> dict[str, Any]:
    """« Ajouter une condition / un groupe », « Retirer … »: the form data with one row more or
    less (nothing is saved)."""
    blank_row = {"variable": "", "operator": "", "value": "", "value2": "", "at": ""}
    groups = data.get("groups") or []
    verb, _, where = act.partition(":")
    numbers = [int(n) for n in where.split("-") if n.isdigit()]
    if verb == "add_group":
        groups.append({"mode": "and", "rows": [dict(blank_row)]})
    elif verb == "add_row" and numbers and numbers[0] < len(groups):
        groups[numbers[0]]["rows"].append(dict(blank_row))
    elif verb == "remove_group" and numbers and numbers[0] < len(groups) and len(groups) > 1:
        groups.pop(numbers[0])
    elif verb == "remove_row" and len(numbers) == 2 and numbers[0] < len(groups):
        rows = groups[numbers[0]]["rows"]
        if numbers[1] < len(rows) and len(rows) > 1:
            rows.pop(numbers[1])
    data["groups"] = groups
    data.pop("csrf_token", None)
    return data


@staff_required(Role.ADMIN)
def move_criterion(scheme_id: int):  # type: ignore[no-untyped-def]
    """Move a criterion up or down (POST ``target``: its id)."""
    return button_change(load(scheme_id), RULES, "criterion.moved", _move, "schemes.rules")


@staff_required(Role.ADMIN)
def delete_criterion(scheme_id: int):  # type: ignore[no-untyped-def]
    """Delete a criterion (POST ``target``: its id)."""
    return button_change(load(scheme_id), RULES, "criterion.deleted", _delete, "schemes.rules")


def _move(bundle: dict[str, Any], target: str, direction: int) -> None:
    criteria = bundle["rules"].get("criteria") or []
    index = _index(criteria, target)
    if 0 <= index + direction < len(criteria):
        criteria.insert(index + direction, criteria.pop(index))


def _delete(bundle: dict[str, Any], target: str, _direction: int) -> None:
    criteria = bundle["rules"].get("criteria") or []
    criteria.pop(_index(criteria, target))


def _index(criteria: list[dict[str, Any]], target: str) -> int:
    for index, criterion in enumerate(criteria):
        if criterion["id"] == target:
            return index
    raise BuilderError({"target": "Ce critère n'existe pas (ou plus)."})


@staff_required(Role.ADMIN)
def amount(scheme_id: int):  # type: ignore[no-untyped-def]
    """The amount: none, fixed (× a variable), or a barème grid, optionally per item."""
    scheme = load(scheme_id)
    bundle = drafts.working_bundle(scheme)
    variables = variables_of(bundle)
    logic = bundle["rules"].get("amount")
    model = builder_amounts.logic_to_amount(logic)
    if model is None and request.method == "GET" and not request.args.get("remplacer"):
        return render("schemes/amount_raw.html", scheme, "rules", logic=logic)
    form, kinds, ready = _amount_form(model, variables)
    if ready and form.validate_on_submit():
        model = read_amount(form, kinds)
        if model is not None and _save_amount(scheme, form, model):
            return redirect(url_for("schemes.rules", scheme_id=scheme.id))
    return render("schemes/amount.html", scheme, "rules", _status(form), form=form)


def _amount_form(model: Any, variables: list[Any]) -> tuple[AmountForm, dict[str, str], bool]:
    """(form, variable kinds, whether to save it): the current amount, or what was posted —
    reshaped, and not saved, after « Ajouter une tranche », « Mettre à jour la grille » or a
    change of columns."""
    if request.method != "POST":
        form = AmountForm(data=amount_data(model, variables))
        return form, _amount_choices(form, variables)[0], False
    form = AmountForm()
    kinds, values = _amount_choices(form, variables)
    act = action()
    if act == "save" and not _columns_changed(form, values):
        return form, kinds, True
    form = AmountForm(formdata=None, data=_reshape(form.data, values, act == "add_bracket"))
    kinds, _ = _amount_choices(form, variables)
    if act == "save":
        form.form_errors.append("Saisissez les montants de chaque colonne, puis enregistrez.")
    return form, kinds, False


def _amount_choices(
    form: AmountForm, variables: list[Any]
) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Offer the variables (depending on the chosen group); returns ``{path: kind}`` and the
    values of each possible second dimension."""
    groups = [
        v
        for v in variables
        if v.type == "array" and any(w.path.startswith(f"{v.path}.*.") for w in variables)
    ]
    per_item = form.per_item.data or None
    numeric, columns, flags = amount_variables(variables, per_item)
    plain = [v for v in numeric if not v.path.startswith("item.")]
    form.multiplier.choices = variable_choices(plain, "Aucune donnée (montant fixe)")
    form.variable.choices = variable_choices(numeric, "Choisissez une donnée")
    form.column_variable.choices = variable_choices(columns, "Aucune (une seule colonne)")
    form.per_item.choices = options(
        [("", "Non : un montant pour la demande")]
        + [(g.path, f"Oui, pour chaque élément de « {g.label} » ({g.path})") for g in groups]
    )
    form.item_condition.choices = options(
        [("", "Tous les éléments")]
        + [(f.path, f"« {f.label} » est « oui » ({f.path})") for f in flags]
    )
    values = {v.path: [str(c) for c in v.choices] for v in columns}
    return {v.path: v.kind for v in [*numeric, *columns]}, values


def _columns_changed(form: AmountForm, values: dict[str, list[str]]) -> bool:
    if form.mode.data != "grid" or not form.column_variable.data:
        return False
    wanted = columns_of(form.columns.data) or values.get(form.column_variable.data)
    return not wanted or any(len(b.form.amounts.entries) != len(wanted) for b in form.brackets)


def _reshape(data: dict[str, Any], values: dict[str, list[str]], add: bool) -> dict[str, Any]:
    """The grid after « Mettre à jour la grille » or « Ajouter une tranche »."""
    data.pop("csrf_token", None)
    column = data.get("column_variable") or None
    columns = columns_of(data.get("columns"))
    if column and not columns:
        columns = list(values.get(column, []))
        data["columns"] = "; ".join(columns)
    brackets = data.get("brackets") or []
    if add:
        brackets.append({"lower": "", "upper": "", "amount": "", "amounts": []})
    for bracket in brackets:
        amounts = list(bracket.get("amounts") or [])
        bracket["amounts"] = (amounts + [""] * len(columns))[: len(columns)] if column else []
    data["brackets"] = brackets
    return data


def _save_amount(scheme, form, model) -> bool:  # type: ignore[no-untyped-def]
    logic = builder_amounts.amount_to_logic(model)

    def operation(draft: dict[str, Any]) -> None:
        if logic is None:
            draft["rules"].pop("amount", None)
        else:
            draft["rules"]["amount"] = logic

    return apply_change(
        scheme,
        form,
        operation,
        part=RULES,
        change="amount.updated",
        message="Le montant a été enregistré",
    )


@staff_required(Role.ADMIN)
def raw(scheme_id: int):  # type: ignore[no-untyped-def]
    """The rules document in JSON-Logic; saving updates the same draft."""
    scheme = load(scheme_id)
    bundle = drafts.working_bundle(scheme)
    form = RawRulesForm(data={"rules": bundle["rules"]})
    if form.validate_on_submit():
        document = form.rules.data

        def operation(draft: dict[str, Any]) -> None:
            draft["rules"] = document

        if apply_change(
            scheme,
            form,
            operation,
            part=RULES,
            change="rules.raw_saved",
            message="Les règles ont été enregistrées",
            where={"/rules": "rules"},
        ):
            return redirect(url_for("schemes.raw_rules", scheme_id=scheme.id))
    problems = current_problems(bundle, RULES)
    return render(
        "schemes/rules_raw.html", scheme, "rules", _status(form), form=form, problems=problems
    )


def _criterion(bundle: dict[str, Any], criterion_id: str | None) -> dict[str, Any] | None:
    if not criterion_id:
        return None
    for candidate in bundle["rules"].get("criteria") or []:
        if candidate["id"] == criterion_id:
            return candidate  # type: ignore[no-any-return]
    abort(404)


def _status(form: Any) -> int:
    return 422 if has_errors(form) else 200
