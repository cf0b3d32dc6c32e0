"""Golden tests (« cas de test »): personas with their answers, simulated source values and the
expected eligibility, amount and failing criteria; « Tout exécuter » shows a readable report."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import abort, redirect, request, url_for
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, Length, Optional

from app.auth.access import staff_required
from app.auth.models import Role
from app.datasources.forms import FrenchDateField
from app.schemes import drafts, personas
from app.schemes.builder_values import TYPE_LABELS, BuilderError, format_value, parse_number
from app.schemes.builder_values import parse_value as parse_typed
from app.schemes.forms import (
    REQUIRED,
    BuilderForm,
    CheckboxesField,
    ChoiceField,
    FrenchRadioField,
    JSONField,
    has_errors,
    options,
)
from app.schemes.pages import apply_change, button_change, load, render, variables_of

PART = "tests"
ELIGIBLE = {"true": True, "false": False, "undetermined": "undetermined"}


@staff_required(Role.ADMIN)
def tests(scheme_id: int):  # type: ignore[no-untyped-def]
    """The personas and their expectations."""
    scheme = load(scheme_id)
    return render("schemes/tests.html", scheme, "tests")


@staff_required(Role.ADMIN)
def run(scheme_id: int):  # type: ignore[no-untyped-def]
    """« Tout exécuter »: every persona, passed or not, with the differences and explanation."""
    scheme = load(scheme_id)
    bundle = drafts.working_bundle(scheme)
    verdicts = personas.run(bundle) if bundle.get("tests") else []
    return render("schemes/test_report.html", scheme, "tests", bundle=bundle, verdicts=verdicts)


@staff_required(Role.ADMIN)
def persona(scheme_id: int):  # type: ignore[no-untyped-def]
    """Add a persona, or edit ``?cas=<n>`` (its position, from 1)."""
    scheme = load(scheme_id)
    bundle = drafts.working_bundle(scheme)
    cases = bundle.get("tests") or []
    number = request.args.get("cas")
    index = int(number) - 1 if number and number.isdigit() else None
    if number is not None and (index is None or not 0 <= index < len(cases)):
        abort(404)
    current = cases[index] if index is not None else None
    inputs = personas.read_variables(bundle["rules"], variables_of(bundle))
    criteria = [(c["id"], c["label"]) for c in bundle["rules"].get("criteria") or []]
    form_class = persona_form(inputs, criteria)
    form = form_class(data=_data(current, inputs) if current else {"eligible": "true"})
    if form.validate_on_submit():
        case = _case(form, inputs)
        if case is not None and _save(scheme, form, case, index):
            return redirect(url_for("schemes.tests", scheme_id=scheme.id))
    return render(
        "schemes/persona.html",
        scheme,
        "tests",
        422 if has_errors(form) else 200,
        form=form,
        current=current,
        inputs=[(f"v_{i}", v) for i, v in enumerate(inputs)],
    )


@staff_required(Role.ADMIN)
def delete_persona(scheme_id: int):  # type: ignore[no-untyped-def]
    """Delete a persona (POST ``target``: its position, from 1)."""

    def operation(bundle: dict[str, Any], target: str, _direction: int) -> None:
        cases = bundle.get("tests") or []
        if not target.isdigit() or not 0 < int(target) <= len(cases):
            raise BuilderError({"target": "Ce cas de test n'existe pas (ou plus)."})
        cases.pop(int(target) - 1)

    return button_change(load(scheme_id), PART, "test.deleted", operation, "schemes.tests")


def persona_form(inputs: list[Any], criteria: list[tuple[str, str]]) -> type[BuilderForm]:
    """A persona form with one input per value the rules read."""
    attrs: dict[str, Any] = {
        "name": StringField(
            "Nom du cas de test",
            description="Par exemple « Famille Martin — QF 150 €, deux enfants ».",
            validators=[DataRequired(REQUIRED), Length(max=200)],
        ),
        "today": FrenchDateField(
            "Date d'évaluation (facultatif)",
            description="Fixez-la si une règle dépend de la date (un âge…).",
            validators=[Optional()],
        ),
        "other_form": JSONField(
            "Autres réponses du formulaire (JSON, facultatif)",
            description="Par exemple les enfants d'un groupe répété : "
            '{"enfants": [{"niveau": "college"}]}.',
            validators=[Optional()],
            render_kw={"rows": 4, "spellcheck": "false", "class": "code"},
        ),
        "other_sources": JSONField(
            "Autres données simulées des sources (JSON, facultatif)",
            validators=[Optional()],
            render_kw={"rows": 4, "spellcheck": "false", "class": "code"},
        ),
        "eligible": FrenchRadioField(
            "Éligibilité attendue",
            choices=options(
                [
                    ("true", "Éligible"),
                    ("false", "Non éligible"),
                    ("undetermined", "Indéterminée (une donnée manque)"),
                ]
            ),
        ),
        "amount": StringField(
            "Montant attendu (en euros, facultatif)",
            description="Laissez vide pour ne pas vérifier le montant.",
            render_kw={"inputmode": "decimal"},
        ),
        "no_amount": BooleanField("Aucun montant attendu (non éligible, aide en nature)"),
        "check_failing": BooleanField("Vérifier la liste des critères non remplis"),
        "failing": CheckboxesField("Critères non remplis attendus", choices=options(criteria)),
    }
    for index, variable in enumerate(inputs):
        label = f"{variable.label} ({variable.path})"
        if variable.type == "boolean":
            attrs[f"v_{index}"] = ChoiceField(
                label,
                choices=options([("", "Non renseigné"), ("true", "Oui"), ("false", "Non")]),
            )
        else:
            kind = TYPE_LABELS.get(variable.kind, variable.kind)
            attrs[f"v_{index}"] = StringField(label, description=f"Type : {kind}.")
    return type("PersonaForm", (BuilderForm,), attrs)


def _case(form: Any, inputs: list[Any]) -> dict[str, Any] | None:
    """The persona typed in (``None`` and errors on the form when a value cannot be read)."""
    case: dict[str, Any] = {"name": form.name.data.strip()}
    if form.today.data:
        case["today"] = form.today.data.isoformat()
    case["form"] = form.other_form.data if isinstance(form.other_form.data, dict) else {}
    case["sources"] = form.other_sources.data if isinstance(form.other_sources.data, dict) else {}
    errors: dict[str, str] = {}
    for index, variable in enumerate(inputs):
        text = (getattr(form, f"v_{index}").data or "").strip()
        if not text:
            continue
        try:
            value = parse_typed(text, "boolean" if variable.type == "boolean" else variable.kind)
        except ValueError as error:
            errors[f"v_{index}"] = str(error)
            continue
        personas.set_path(case, variable.path, value)
    expected: dict[str, Any] = {"eligible": ELIGIBLE.get(form.eligible.data, True)}
    if form.no_amount.data:
        expected["amount"] = None
    elif (form.amount.data or "").strip():
        try:
            expected["amount"] = str(Decimal(str(parse_number(form.amount.data))))
        except ValueError as error:
            errors["amount"] = str(error)
    if form.check_failing.data:
        expected["failing_criteria"] = list(form.failing.data or [])
    case["expected"] = expected
    if errors:
        form.add_errors(errors)
        return None
    return case


def _data(case: dict[str, Any], inputs: list[Any]) -> dict[str, Any]:
    expected = case.get("expected") or {}
    paths = [v.path for v in inputs]
    rest = personas.without(case, paths)
    eligible = expected.get("eligible", True)
    data: dict[str, Any] = {
        "name": case.get("name", ""),
        "today": drafts.iso_date(case.get("today")),
        "other_form": rest.get("form") or None,
        "other_sources": rest.get("sources") or None,
        "eligible": "undetermined" if eligible == "undetermined" else str(bool(eligible)).lower(),
        "no_amount": "amount" in expected and expected["amount"] is None,
        "amount": format_value(expected.get("amount"))
        if expected.get("amount") is not None
        else "",
        "check_failing": "failing_criteria" in expected,
        "failing": list(expected.get("failing_criteria") or []),
    }
    for index, variable in enumerate(inputs):
        value = personas.get_path(case, variable.path)
        if variable.type == "boolean" and value is not None:
            data[f"v_{index}"] = "true" if value else "false"
        else:
            data[f"v_{index}"] = format_value(value, variable.kind)
    return data


def _save(scheme, form, case, index) -> bool:  # type: ignore[no-untyped-def]
    def operation(bundle: dict[str, Any]) -> None:
        cases = bundle.setdefault("tests", [])
        names = {c["name"] for i, c in enumerate(cases) if i != index}
        if case["name"] in names:
            raise BuilderError({"name": "Un autre cas de test porte déjà ce nom."})
        if index is None:
            cases.append(case)
        else:
            cases[index] = case

    return apply_change(
        scheme,
        form,
        operation,
        part=PART,
        change="test.updated" if index is not None else "test.added",
        message=f"Le cas de test « {case['name']} » a été enregistré",
    )
