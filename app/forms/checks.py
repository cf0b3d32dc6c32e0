"""Checking a bound form for the person: each field's converted value against its own schema.

The rules are the field's JSON Schema (run by the same validator class as the authority), plus what
only a form knows: text that cannot be read as a number or a date, the identity block's birthplace
choice, and uploaded files' size and type. Every message is French and sits next to its field.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from jsonschema import ValidationError

from app.forms import identity, messages
from app.forms.conditions import has_conditions, prune
from app.forms.fields import MISSING, GroupField, ObjectField, TremplinField, UploadField
from app.forms.files import check_upload
from app.forms.spec import FieldSpec, FormSpec, Kind
from app.forms.tree import data_fields

_PRIORITY: Final = ("type", "required", "enum", "oneOf", "const", "format", "pattern")

_UNREADABLE: Final = {
    Kind.INTEGER: messages.INTEGER,
    Kind.NUMBER: messages.NUMBER,
    Kind.DATE: messages.DATE,
    Kind.YES_NO: messages.YES_NO,
    Kind.CHOICE: messages.CHOICE,
    Kind.MULTI: messages.CHOICE,
    Kind.CHECKBOX: messages.CHOICE,
}


def first_message(spec: FieldSpec, value: Any) -> str | None:
    """The French message of the most telling schema error of ``value``, if any."""
    errors = list(spec.validator.iter_errors(value))
    if not errors:
        return None
    error = min(errors, key=_rank)
    return messages.message_for(error, spec)


def _rank(error: ValidationError) -> tuple[int, int]:
    keyword = str(error.validator)
    order = _PRIORITY.index(keyword) if keyword in _PRIORITY else len(_PRIORITY)
    return (len(error.absolute_path), order)


def required_message(spec: FieldSpec) -> str:
    """« Ce champ est obligatoire. », or its variant for choices and files."""
    if spec.kind in (Kind.YES_NO, Kind.CHOICE, Kind.MULTI):
        return messages.REQUIRED_CHOICE
    if spec.kind is Kind.FILE:
        return "Sélectionnez un fichier."
    return messages.REQUIRED


def merge(saved: Mapping[str, Any], form: Any) -> dict[str, Any]:
    """The saved answers with the form's fields replaced by what they hold now."""
    answers = dict(saved)
    for field in data_fields(form):
        value, _ok = field.answer()  # type: ignore[attr-defined]
        if value is MISSING:
            answers.pop(field.spec.name, None)
        else:
            answers[field.spec.name] = value
    return answers


def check_form(form: Any, spec: FormSpec, saved: Mapping[str, Any]) -> None:
    """Add a French message to every field whose answer is wrong (hidden fields skipped)."""
    hidden: set[tuple[str, ...]] = set()
    if has_conditions(spec):
        _, hidden = prune(spec, merge(saved, form))
    for field in data_fields(form):
        _check(field, (field.spec.name,), hidden)


def _check(field: TremplinField, path: tuple[str, ...], hidden: set[tuple[str, ...]]) -> None:
    if path in hidden:
        return
    spec = field.spec
    if isinstance(field, UploadField):
        _check_upload(field)
        return
    value, ok = field.answer()  # type: ignore[attr-defined]
    if isinstance(field, GroupField):
        if value is MISSING:
            return  # an optional group where nothing was entered
        message = first_message(spec, value)
        if message:
            field.add_error(message)
        for index, entry in enumerate(field.entries):
            _check_children(entry, (*path, str(index)), hidden, entry.answer()[0])
        return
    if isinstance(field, ObjectField):
        if value is not MISSING:
            _check_children(field, path, hidden, value)
        return
    if value is MISSING:
        if spec.required:
            field.add_error(required_message(spec))
        return
    if not ok:
        field.add_error(_UNREADABLE.get(spec.kind, messages.INVALID))
        return
    message = first_message(spec, value)
    if message:
        field.add_error(message)


def _check_children(
    field: ObjectField, path: tuple[str, ...], hidden: set[tuple[str, ...]], value: dict[str, Any]
) -> None:
    is_identity = field.spec.kind is Kind.IDENTITY
    for child in data_fields(field.form):
        name = child.spec.name
        if is_identity and (
            child.spec.virtual or (name.startswith("code_cog") and name not in value)
        ):
            continue  # the birthplace is checked below; a code the choice excludes is not kept
        _check(child, (*path, name), hidden)
    if is_identity:
        _check_birthplace(field, value)


def _check_birthplace(field: ObjectField, value: dict[str, Any]) -> None:
    sub = field.form
    choice, _ = sub[identity.BIRTHPLACE].answer()
    if choice == identity.IN_FRANCE and "code_cog_commune_naissance" not in value:
        sub["code_cog_commune_naissance"].add_error(messages.COMMUNE_MISSING)
    elif choice == identity.ABROAD and "code_cog_pays_naissance" not in value:
        sub["code_cog_pays_naissance"].add_error(messages.COUNTRY_MISSING)
    elif choice not in (identity.IN_FRANCE, identity.ABROAD):
        codes = sum(
            key in value for key in ("code_cog_commune_naissance", "code_cog_pays_naissance")
        )
        if codes == 0:
            sub[identity.BIRTHPLACE].add_error(messages.REQUIRED_CHOICE)
        elif codes == 2:
            sub[identity.BIRTHPLACE].add_error(messages.BIRTHPLACE)


def _check_upload(field: UploadField) -> None:
    if field.upload is not None:
        message = check_upload(field.spec, field.upload)
        if message:
            field.add_error(message)
        return
    if field.reference is None and field.spec.required:
        field.add_error(required_message(field.spec))
