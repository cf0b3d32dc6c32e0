"""Answers ⇄ forms: typed JSON answers from a bound form, and form data to prefill a step.

Answers are plain JSON: texts, ``int`` / ``float`` numbers (see :mod:`app.forms.parsing`), ``true``
/ ``false``, ISO dates (``"2015-09-15"``), lists, objects, and file references (strings). An empty
input leaves its key out; a repeating group is always a list; an optional object or identity block
left empty is left out.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from typing import Any

from werkzeug.datastructures import FileStorage, MultiDict

from app.forms import identity
from app.forms.base import TremplinForm, form_spec, saved_answers
from app.forms.builder import build_form_class, load_spec
from app.forms.checks import merge
from app.forms.conditions import has_conditions, prune
from app.forms.fields import MISSING, NO, YES, UploadField, raw_of
from app.forms.files import check_upload
from app.forms.spec import FieldSpec, FormSpec, Kind
from app.forms.tree import data_fields

ITEM_MARKER = "_item"
"""Hidden input posted with every group item, so that an item whose inputs are all empty (radios
left unchecked) is still sent."""

StoreFile = Callable[[str, FileStorage], str]
"""``store_file(field_name, upload) -> reference``: the journey stores an accepted upload."""


def answers_from_form(
    form: TremplinForm,
    definition: Mapping[str, Any] | None = None,
    *,
    answers: Mapping[str, Any] | None = None,
    store_file: StoreFile | None = None,
) -> dict[str, Any]:
    """The answers with this form's fields replaced by what they hold, hidden fields dropped.

    ``answers`` defaults to the answers the form was built with (``form_cls(answers=...)``), so the
    result is the whole draft; with none, it is this step's answers alone. An acceptable new upload
    is handed to ``store_file`` and its reference stored (even when other fields have errors, since
    a browser cannot send a file again by itself). ``definition`` is accepted for symmetry: the form
    knows its definition.
    """
    del definition
    spec = form_spec(form)
    saved = dict(saved_answers(form) if answers is None else answers)
    if store_file is not None:
        for field in data_fields(form):
            upload = field.upload if isinstance(field, UploadField) else None
            if upload is not None and check_upload(field.spec, upload) is None:
                field.reference = store_file(field.spec.name, upload)  # type: ignore[attr-defined]
                field.upload = None  # type: ignore[attr-defined]
    result = merge(saved, form)
    return prune_answers(spec, result)


def prune_answers(spec: FormSpec, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers without the fields hidden by their display condition."""
    if not has_conditions(spec):
        return dict(answers)
    return prune(spec, answers)[0]


def formdata_from_answers(
    answers: Mapping[str, Any],
    definition: Mapping[str, Any],
    *,
    step: str | None = None,
    key: Hashable | None = None,
) -> MultiDict[str, str]:
    """The form data a browser would post for these answers (one step, or the whole form)."""
    spec = load_spec(definition, key)
    data: MultiDict[str, str] = MultiDict()
    for field in spec.fields_of(step):
        _emit(data, field, answers.get(field.name, MISSING), field.name)
    return data


def _emit(data: MultiDict[str, str], spec: FieldSpec, value: Any, name: str) -> None:
    if value is MISSING or value is None or spec.kind is Kind.FILE:
        return
    kind = spec.kind
    if kind is Kind.GROUP:
        for index, item in enumerate(value if isinstance(value, list) else []):
            data.add(f"{name}-{index}-{ITEM_MARKER}", "1")
            if isinstance(item, Mapping):
                for child in spec.children:
                    _emit(
                        data, child, item.get(child.name, MISSING), f"{name}-{index}-{child.name}"
                    )
    elif kind in (Kind.OBJECT, Kind.IDENTITY):
        if not isinstance(value, Mapping):
            return
        for child in spec.children:
            if child.virtual:
                place = identity.birthplace_of(value)
                if place:
                    data.add(f"{name}-{child.name}", place)
                continue
            _emit(data, child, value.get(child.name, MISSING), f"{name}-{child.name}")
    elif kind is Kind.MULTI:
        for element in value if isinstance(value, list) else [value]:
            data.add(name, raw_of(spec, element))
    elif kind is Kind.CHECKBOX:
        if value is not False:
            data.add(name, YES if value is True else str(value))
    elif kind is Kind.YES_NO and isinstance(value, bool):
        data.add(name, YES if value else NO)
    else:
        data.add(name, raw_of(spec, value))


def defaults(spec: FormSpec, step: str | None = None) -> dict[str, Any]:
    """The schema's ``default`` values of a step's top-level fields."""
    return {f.name: f.schema["default"] for f in spec.fields_of(step) if "default" in f.schema}


def form_from_answers(
    definition: Mapping[str, Any],
    answers: Mapping[str, Any],
    *,
    step: str | None = None,
    key: Hashable | None = None,
) -> TremplinForm:
    """A step's form prefilled from saved answers, ready to display (not to validate).

    Defaults from the schema fill a step none of whose fields has been answered yet.
    """
    form_class = build_form_class(definition, step=step, key=key)
    spec = load_spec(definition, key)
    values: Mapping[str, Any] = answers
    if not any(field.name in answers for field in spec.fields_of(step)):
        values = {**defaults(spec, step), **answers}
    formdata = formdata_from_answers(values, definition, step=step, key=key)
    return form_class(formdata=formdata, answers=answers, prefill=True)
