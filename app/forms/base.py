"""Base classes of the generated forms, and walking a bound form's fields.

The generated classes keep their own state in underscore attributes, so the public attribute names
of these classes are the only property names a definition may not use (:data:`RESERVED_NAMES`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar, Final

from flask_wtf import FlaskForm
from flask_wtf.form import _Auto
from werkzeug.datastructures import FileStorage, MultiDict
from wtforms import Form

from app.forms.checks import check_form
from app.forms.conditions import shown_on_page
from app.forms.fields import GroupField, UploadField
from app.forms.spec import FormSpec
from app.forms.tree import data_fields, walk

_KEY: Final = re.compile(r"[A-Za-z0-9_:-]{1,200}", re.ASCII)
MAX_VALUE_LENGTH: Final = 100_000
"""Longer values are cut: no field of the subset can accept more (``maxLength`` ≤ 100 000)."""


def sanitize(formdata: Any) -> MultiDict[str, Any] | None:
    """Only plain keys (ASCII letters, digits, ``_ : -``) with text or file values are kept.

    Anything else (odd Unicode digits in ``enfants-²-nom``, nested JSON values…) could only come
    from a forged request; dropping it keeps every later step total.
    """
    if formdata is None:
        return None
    clean: MultiDict[str, Any] = MultiDict()
    for key, value in formdata.items(multi=True):
        if not (isinstance(key, str) and _KEY.fullmatch(key)):
            continue
        if isinstance(value, str):
            clean.add(key, value[: MAX_VALUE_LENGTH + 1])
        elif isinstance(value, FileStorage):
            clean.add(key, value)
    return clean


class SubForm(Form):
    """Fields of a nested object, identity block or group item (no CSRF of its own)."""

    class Meta:
        csrf = False


class TremplinForm(FlaskForm):
    """Base of every generated form (one step, or the whole form).

    ``answers`` are the answers saved so far (the draft): they give file fields their stored
    reference and display conditions the earlier steps' answers. ``prefill`` marks a form built to
    be displayed (not submitted): repeating groups then show at least ``minItems`` items.
    """

    _spec: ClassVar[FormSpec]
    _step_id: ClassVar[str | None]

    class Meta(FlaskForm.Meta):
        def wrap_formdata(self, form: Any, formdata: Any) -> Any:
            try:
                wrapped = super().wrap_formdata(form, formdata)
            except (TypeError, ValueError):  # e.g. a JSON body that is not an object
                wrapped = MultiDict()
            if wrapped is None and formdata is _Auto and form.is_submitted():
                wrapped = MultiDict()  # a submission with nothing in it is still a submission
            clean = sanitize(wrapped)
            if isinstance(form, TremplinForm):
                form._posted = clean
            return clean

    def __init__(
        self,
        formdata: Any = _Auto,
        *,
        answers: Mapping[str, Any] | None = None,
        prefill: bool = False,
        **kwargs: Any,
    ) -> None:
        self._saved: dict[str, Any] = dict(answers or {})
        self._posted: MultiDict[str, Any] | None = None
        super().__init__(formdata, **kwargs)
        self._prefill = prefill or self._posted is None
        for field in self:
            if isinstance(field, UploadField):
                stored = self._saved.get(field.spec.name)
                field.reference = stored if isinstance(stored, str) and stored else None
        if self._prefill:
            for field, _path in walk(self):
                if isinstance(field, GroupField):
                    while len(field.entries) < field.spec.min_items:
                        field.append_entry()
        self._mark_displayed()

    def _mark_displayed(self) -> None:
        """Hide the fields whose condition is false on the earlier steps' answers."""
        page = {field.spec.name for field in data_fields(self)}
        for field, _path in walk(self):
            if field.spec.condition is not None:
                field.displayed = shown_on_page(field.spec, page, self._saved)

    def validate(self, extra_validators: Mapping[str, Any] | None = None) -> bool:
        """WTForms' validation (CSRF), then every field against its JSON Schema, in French.

        Conditions are applied first: a field hidden by its condition is not checked.
        """
        super().validate(extra_validators)
        check_form(self, self._spec, self._saved)
        return not has_errors(self)


def form_spec(form: TremplinForm) -> FormSpec:
    """The spec a generated form was built from."""
    return type(form)._spec


def form_step(form: TremplinForm) -> str | None:
    """The step a generated form shows (``None``: the whole form)."""
    return type(form)._step_id


def saved_answers(form: TremplinForm) -> dict[str, Any]:
    """The answers the form was built with (``answers=``)."""
    return form._saved


def has_errors(form: TremplinForm) -> bool:
    """Whether the form or any field has a message to show."""
    if form.form_errors or (form.meta.csrf and form.csrf_token.errors):
        return True
    return any(field.own_errors for field, _ in walk(form))


def _public(cls: type) -> set[str]:
    return {name for name in dir(cls) if not name.startswith("_")}


RESERVED_NAMES: Final = frozenset(
    _public(TremplinForm) | _public(SubForm) | {"csrf_token", "meta", "form_errors"}
)
"""Property names a definition may not use: they are attributes of the generated forms."""
