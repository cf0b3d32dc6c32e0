"""The visual form builder: steps and fields (add, edit, move, delete), live preview, JSON mode.

Each operation is a small POST form that works without JavaScript; it changes the draft version
through :mod:`app.schemes.drafts` (a published version is never touched) and leaves an audit record.
Steps and fields are named in the query string or the posted form (``?etape=…``, ``?champ=…``):
URL arguments other than ``<tenant>`` are object ids (see ``tests/test_isolation.py``).
"""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, request, url_for

from app import forms
from app.auth.access import staff_required
from app.auth.models import Role
from app.schemes import builder_form, builder_outline, drafts
from app.schemes.builder_fields import KINDS, TOP_LEVEL_ONLY
from app.schemes.builder_values import BuilderError
from app.schemes.field_forms import (
    FieldForm,
    StepForm,
    condition_data,
    field_data,
    inputs_for,
    problem_errors,
)
from app.schemes.forms import RAW_FORM_PROBLEMS, RawFormForm
from app.schemes.pages import apply_change, button_change, current_problems, load, render

FORM_PART = "form"


@staff_required(Role.ADMIN)
def form(scheme_id: int):  # type: ignore[no-untyped-def]
    """Steps and fields of the form, with their actions."""
    scheme = load(scheme_id)
    bundle = drafts.working_bundle(scheme)
    problems = current_problems(bundle, FORM_PART)
    return render(
        "schemes/form.html",
        scheme,
        "form",
        bundle=bundle,
        steps=builder_outline.outline(bundle["form"]),
        problems=problems,
    )


@staff_required(Role.ADMIN)
def step(scheme_id: int):  # type: ignore[no-untyped-def]
    """Add a step, or edit the title of ``?etape=``."""
    scheme = load(scheme_id)
    bundle = drafts.working_bundle(scheme)
    step_id = request.args.get("etape")
    current = _step(bundle, step_id) if step_id else None
    form = StepForm(data=current)
    if form.validate_on_submit():
        title, text = form.title.data, form.description.data or ""

        def operation(draft: dict[str, Any]) -> Any:
            if current is None:
                return builder_form.add_step(draft["form"], title, text)
            return builder_form.update_step(draft["form"], str(step_id), title, text)

        if _apply(scheme, form, operation, "step.added" if current is None else "step.updated"):
            return redirect(url_for("schemes.form", scheme_id=scheme.id))
    return render("schemes/step.html", scheme, "form", _status(form), form=form, current=current)


@staff_required(Role.ADMIN)
def move_step(scheme_id: int):  # type: ignore[no-untyped-def]
    """Move a step up or down (POST ``target``, ``direction``)."""
    return _button(scheme_id, "step.moved", lambda f, t, d: builder_form.move_step(f, t, d))


@staff_required(Role.ADMIN)
def delete_step(scheme_id: int):  # type: ignore[no-untyped-def]
    """Delete an empty step (POST ``target``)."""
    return _button(scheme_id, "step.deleted", lambda f, t, _d: builder_form.delete_step(f, t))


@staff_required(Role.ADMIN)
def field(scheme_id: int):  # type: ignore[no-untyped-def]
    """Edit ``?champ=``; or add a field of ``?type=`` to ``?etape=`` (or the group ``?groupe=``)."""
    scheme = load(scheme_id)
    definition = drafts.working_bundle(scheme)["form"]
    path, parent = request.args.get("champ"), request.args.get("groupe") or None
    kind = request.args.get("type")
    step_id = request.args.get("etape") or builder_outline.steps_of(definition)[0]["id"]
    if path is None and kind not in KINDS:
        kinds = {k: v for k, v in KINDS.items() if not (parent and k in TOP_LEVEL_ONLY)}
        return render(
            "schemes/field_kind.html", scheme, "form", kinds=kinds, step_id=step_id, parent=parent
        )
    values = _existing(definition, path)
    kind = values["kind"] if values else kind
    variables = builder_outline.condition_variables(definition, path, parent)
    form = FieldForm(data=_initial(values, variables))
    form.setup(variables)
    if form.validate_on_submit() and _save_field(
        scheme, form, kind, path, step_id, parent, variables
    ):
        return redirect(url_for("schemes.form", scheme_id=scheme.id))
    return render(
        "schemes/field.html",
        scheme,
        "form",
        _status(form),
        form=form,
        kind=kind,
        kind_label=KINDS.get(kind, (kind, ""))[0],
        inputs=inputs_for(kind),
        path=path,
        values=values,
        parent=parent,
    )


def _existing(definition: dict[str, Any], path: str | None) -> dict[str, Any] | None:
    """The editor values of the field at ``path`` (404 when there is none)."""
    if path is None:
        return None
    try:
        return builder_form.field_values(definition, path)
    except BuilderError:
        abort(404)


def _initial(values: dict[str, Any] | None, variables: list[Any]) -> dict[str, Any]:
    if values is None:
        return {}
    return {**field_data(values), **condition_data(values["condition"], variables)}


def _save_field(scheme, form, kind, path, step_id, parent, variables) -> bool:  # type: ignore[no-untyped-def]
    """Add or update the field; errors go next to the inputs."""
    fields = form.values(kind, new=path is None)
    try:
        if not form.cond_raw.data:
            fields["condition"] = form.condition(variables)
    except BuilderError as error:
        form.add_errors(error.errors)
        return False
    if path is None:
        fields["kind"] = kind
        fields["name"] = (fields.get("name") or "").strip() or builder_form.suggest_name(
            drafts.working_bundle(scheme)["form"], fields["label"] or "", parent
        )

    def operation(draft: dict[str, Any]) -> Any:
        if path is None:
            return builder_form.add_field(draft["form"], fields, step=step_id, parent=parent)
        return builder_form.update_field(draft["form"], path, fields)

    target = path or (f"{parent}.{fields['name']}" if parent else fields["name"])
    pointers = builder_outline.pointers(drafts.working_bundle(scheme)["form"], target)
    return apply_change(
        scheme,
        form,
        operation,
        part=FORM_PART,
        change="field.added" if path is None else "field.updated",
        message=f"Le champ « {fields['label']} » a été enregistré",
        errors_of=lambda problems: problem_errors(problems, pointers),
    )


@staff_required(Role.ADMIN)
def move_field(scheme_id: int):  # type: ignore[no-untyped-def]
    """Move a field up or down (POST ``target``: its path, ``direction``)."""
    return _button(scheme_id, "field.moved", lambda f, t, d: builder_form.move_field(f, t, d))


@staff_required(Role.ADMIN)
def delete_field(scheme_id: int):  # type: ignore[no-untyped-def]
    """Delete a field (POST ``target``: its path)."""
    return _button(scheme_id, "field.deleted", lambda f, t, _d: builder_form.delete_field(f, t))


@staff_required()
def preview(scheme_id: int):  # type: ignore[no-untyped-def]
    """The real citizen form of one step (``?etape=``), from the working version; posting it only
    checks the answers (nothing is stored)."""
    scheme = load(scheme_id)
    bundle = drafts.working_bundle(scheme)
    definition = bundle["form"]
    problems = forms.validate_definition(definition)
    steps = builder_outline.steps_of(definition)
    step_id = request.args.get("etape") or steps[0]["id"]
    if step_id not in {s["id"] for s in steps}:
        abort(404)
    citizen_form, status = None, 200
    if not problems:
        if request.method == "POST":
            citizen_form = forms.build_form_class(definition, step=step_id, key=None)(answers={})
            if not forms.apply_action(citizen_form):
                result = forms.process_step(citizen_form, answers={})
                status = 200 if result.ok else 422
        else:
            citizen_form = forms.form_from_answers(definition, {}, step=step_id, key=None)
    return render(
        "schemes/preview.html",
        scheme,
        "form",
        status,
        bundle=bundle,
        citizen_form=citizen_form,
        steps=steps,
        step_id=step_id,
        problems=problems,
    )


@staff_required(Role.ADMIN)
def raw(scheme_id: int):  # type: ignore[no-untyped-def]
    """The form definition as JSON Schema + UI schema; saving updates the same draft."""
    scheme = load(scheme_id)
    bundle = drafts.working_bundle(scheme)
    form = RawFormForm(
        data={"schema": bundle["form"].get("schema"), "ui": bundle["form"].get("ui")}
    )
    if form.validate_on_submit():
        definition = {"schema": form.schema.data}
        if form.ui.data is not None:
            definition["ui"] = form.ui.data

        def operation(draft: dict[str, Any]) -> None:
            draft["form"] = definition

        if _apply(scheme, form, operation, "form.raw_saved", RAW_FORM_PROBLEMS):
            return redirect(url_for("schemes.raw_form", scheme_id=scheme.id))
    problems = current_problems(bundle, FORM_PART)
    return render(
        "schemes/form_raw.html", scheme, "form", _status(form), form=form, problems=problems
    )


def _apply(scheme, form, operation, change: str, where=None) -> bool:  # type: ignore[no-untyped-def]
    """Run a form-part change; on failure its messages go to ``form``."""
    return apply_change(
        scheme,
        form,
        operation,
        part=FORM_PART,
        change=change,
        message="Le formulaire a été enregistré",
        where=where,
    )


def _button(scheme_id: int, change: str, operation):  # type: ignore[no-untyped-def]
    """A move/delete button on the form's steps and fields."""
    return button_change(
        load(scheme_id),
        FORM_PART,
        change,
        lambda bundle, target, direction: operation(bundle["form"], target, direction),
        "schemes.form",
    )


def _step(bundle: dict[str, Any], step_id: str) -> dict[str, Any]:
    for candidate in builder_outline.steps_of(bundle["form"]):
        if candidate["id"] == step_id:
            return candidate
    abort(404)


def _status(form) -> int:  # type: ignore[no-untyped-def]
    return 422 if form.errors or form.form_errors else 200
