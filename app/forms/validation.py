"""The authority on answers: one cached Draft 2020-12 validator per form, errors in French.

Every :class:`FieldError` has a JSON pointer (``/enfants/1/date_naissance``, what the REST API
returns) and the id of the HTML input where the message belongs (``enfants-1-date_naissance``).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from jsonschema import ValidationError

from app.forms import identity, messages
from app.forms.base import TremplinForm, form_spec, form_step
from app.forms.builder import load_spec
from app.forms.checks import required_message
from app.forms.conditions import has_conditions, prune
from app.forms.convert import StoreFile, answers_from_form
from app.forms.definition import pointer
from app.forms.spec import LIST_KINDS, FieldSpec, FormSpec, Kind
from app.forms.tree import find_field, walk

NOT_AN_OBJECT = "Les réponses doivent être un objet JSON."


@dataclass(frozen=True)
class FieldError:
    """One wrong answer: where (JSON pointer and HTML id) and why (French)."""

    path: str
    message: str
    field_id: str
    keyword: str = ""

    def as_json(self) -> dict[str, str]:
        """``{"path": "/enfants/1/date_naissance", "message": "..."}`` for the REST API."""
        return {"path": self.path, "message": self.message}

    @property
    def tokens(self) -> tuple[str, ...]:
        """The path as keys and indices (``("enfants", "1", "date_naissance")``)."""
        if not self.path:
            return ()
        return tuple(t.replace("~1", "/").replace("~0", "~") for t in self.path[1:].split("/"))


def validate_answers(
    definition: Mapping[str, Any],
    answers: Any,
    *,
    key: Hashable | None = None,
    partial_step: str | None = None,
) -> list[FieldError]:
    """Every error of ``answers`` (only those of ``partial_step``'s fields when given), in French.

    Fields hidden by their condition are dropped first: they are neither required nor checked.
    """
    return errors_of(load_spec(definition, key), answers, partial_step=partial_step)


def errors_of(spec: FormSpec, answers: Any, *, partial_step: str | None = None) -> list[FieldError]:
    """:func:`validate_answers` on a loaded spec."""
    if not isinstance(answers, Mapping):
        return [FieldError("", NOT_AN_OBJECT, "", "type")]
    hidden: set[tuple[str, ...]] = set()
    if has_conditions(spec):
        answers, hidden = prune(spec, answers)
    step = spec.step(partial_step)
    wanted = set(step.fields) if step is not None else None
    found: dict[str, FieldError] = {}
    for error in spec.validator.iter_errors(answers):
        for field_error in _translate(spec, error, hidden):
            tokens = field_error.tokens
            if wanted is not None and (not tokens or tokens[0] not in wanted):
                continue
            found.setdefault(field_error.field_id or field_error.path, field_error)
    return sorted(found.values(), key=lambda e: _order(spec, e.tokens))


def _translate(
    spec: FormSpec, error: ValidationError, hidden: set[tuple[str, ...]]
) -> Iterator[FieldError]:
    tokens = tuple(str(t) for t in error.absolute_path)
    if error.validator == "required" and isinstance(error.instance, Mapping):
        for name in error.validator_value:
            if name not in error.instance and (*tokens, name) not in hidden:
                field = spec.find((*tokens, name))
                message = messages.REQUIRED if field is None else required_message(field)
                path = (*tokens, name)
                yield FieldError(pointer(*path), message, _field_id(spec, path), "required")
        return
    if error.validator == "additionalProperties" and isinstance(error.instance, Mapping):
        known = error.schema.get("properties", {}) if isinstance(error.schema, Mapping) else {}
        for name in error.instance:
            if name not in known:
                path = (*tokens, str(name))
                message = messages.UNKNOWN_FIELD
                yield FieldError(pointer(*path), message, "-".join(path), "additionalProperties")
        return
    field = spec.find(tokens)
    message = messages.message_for(error, field)
    field_id = _field_id(spec, tokens)
    if field is not None and field.kind is Kind.IDENTITY and error.validator == "oneOf":
        field_id = f"{field_id}-{identity.BIRTHPLACE}"
    yield FieldError(pointer(*tokens), message, field_id, str(error.validator))


def _field_id(spec: FormSpec, tokens: tuple[str, ...]) -> str:
    """Id of the input showing a path: a list of checkboxes or first names is one input."""
    kept: list[str] = []
    for token in tokens:
        field = spec.find(kept)
        if field is not None and field.kind in LIST_KINDS - {Kind.GROUP}:
            break
        kept.append(token)
    return "-".join(kept)


def _order(spec: FormSpec, tokens: tuple[str, ...]) -> tuple[int, ...]:
    """Display order of a path: position among siblings at each level, item index for groups."""
    key: list[int] = []
    siblings: tuple[FieldSpec, ...] = spec.fields
    current: FieldSpec | None = None
    for token in tokens:
        if current is not None and current.kind in LIST_KINDS and token.isdigit():
            key.append(int(token))
            continue
        names = [f.name for f in siblings]
        if token not in names:
            key.append(len(names))
            break
        key.append(names.index(token))
        current = siblings[names.index(token)]
        siblings = current.children
    return tuple(key)


def attach_errors(form: TremplinForm, errors: list[FieldError]) -> list[FieldError]:
    """Put each error next to its input in the form; returns those not in this form.

    A field that already shows a message keeps it (the person's check found the same problem).
    """
    elsewhere = []
    for error in errors:
        tokens = tuple(error.field_id.split("-")) if error.field_id else ()
        field = find_field(form, tokens) if tokens else None
        if field is None:
            field = find_field(form, error.tokens) if error.tokens else None
        if field is None:
            elsewhere.append(error)
            if error.message not in form.form_errors:
                form.form_errors.append(error.message)
        elif not field.own_errors:
            field.add_error(error.message)
    return elsewhere


def first_step_with_errors(spec: FormSpec, errors: list[FieldError]) -> str | None:
    """The first step (in order) holding a field with an error — where to send the person back."""
    names = {e.tokens[0] for e in errors if e.tokens}
    for step in spec.steps:
        if names & set(step.fields):
            return step.id
    return spec.steps[0].id if errors else None


@dataclass
class StepResult:
    """What :func:`process_step` found: the answers so far and the errors (none: all good)."""

    answers: dict[str, Any]
    errors: list[FieldError]

    @property
    def ok(self) -> bool:
        """Whether the step (or the whole form) can be saved as valid."""
        return not self.errors


def process_step(
    form: TremplinForm,
    *,
    answers: Mapping[str, Any] | None = None,
    store_file: StoreFile | None = None,
    full: bool = False,
) -> StepResult:
    """Validate twice, convert and place every message: the controller's one call on submission.

    WTForms checks for the person first, then the answers are converted (accepted uploads stored
    through ``store_file``) and validated by the form's cached JSON Schema validator: this step's
    fields only, or every field with ``full=True`` (before submission). Errors are attached to the
    form's fields; ``answers`` in the result are the whole draft (with this step's answers, even
    wrong ones: saving them loses nothing typed).
    """
    form.validate()
    spec = form_spec(form)
    converted = answers_from_form(form, answers=answers, store_file=store_file)
    errors = errors_of(spec, converted, partial_step=None if full else form_step(form))
    attach_errors(form, errors)
    return StepResult(converted, shown_errors(form, errors))


def mark_expired(form: TremplinForm) -> None:
    """Show the expiry message in the form's error summary: its post carried a stale or missing
    CSRF token, so nothing was saved, and the posted values are shown again to be resent."""
    form.csrf_token.errors = [messages.CSRF]


def shown_errors(form: TremplinForm, errors: list[FieldError]) -> list[FieldError]:
    """Every message the form shows, as :class:`FieldError` (those of other steps included)."""
    result: list[FieldError] = []
    csrf = getattr(form, "csrf_token", None)
    if csrf is not None and csrf.errors:
        result.append(FieldError("", messages.CSRF, "", "csrf"))
    shown_ids = set()
    for field, path in walk(form):
        for message in field.own_errors:
            result.append(FieldError(pointer(*path), message, field.id, "form"))  # type: ignore[attr-defined]
            shown_ids.add(field.id)  # type: ignore[attr-defined]
    result.extend(e for e in errors if e.field_id not in shown_ids and e not in result)
    return result
