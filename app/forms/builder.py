"""Generating WTForms classes from a form definition, cached per (scheme version, step).

``key`` is the caller's promise that the definition behind it never changes (a published scheme
version id). Without a key nothing is cached: use that for definitions being edited.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any, Final

from wtforms.fields.core import UnboundField

from app.forms.base import SubForm, TremplinForm
from app.forms.cache import LRU
from app.forms.definition import ensure_valid
from app.forms.fields import (
    CheckboxField,
    GroupField,
    MultiField,
    ObjectField,
    ScalarField,
    UploadField,
)
from app.forms.spec import FieldSpec, FormSpec, Kind, compile_spec

CACHE_SIZE: Final = 256

_specs: LRU[FormSpec] = LRU(CACHE_SIZE)
_classes: LRU[type[TremplinForm]] = LRU(CACHE_SIZE)


def load_spec(definition: Mapping[str, Any], key: Hashable | None = None) -> FormSpec:
    """The checked :class:`FormSpec` of a definition (``InvalidDefinition`` if it has problems)."""

    def build() -> FormSpec:
        ensure_valid(definition)
        return compile_spec(definition)

    return build() if key is None else _specs.get(key, build)


def build_form_class(
    definition: Mapping[str, Any], *, step: str | None = None, key: Hashable | None = None
) -> type[TremplinForm]:
    """The FlaskForm class of one step of the form (the whole form when ``step`` is ``None``).

    Raises ``KeyError`` for an unknown step and :class:`~app.forms.definition.InvalidDefinition`
    for a definition with problems.
    """
    spec = load_spec(definition, key)
    spec.step(step)  # KeyError for an unknown step, before anything is cached

    def build() -> type[TremplinForm]:
        attrs: dict[str, Any] = {"_spec": spec, "_step_id": step}
        for field in spec.fields_of(step):
            attrs[field.name] = unbound(field)
        return type(f"TremplinForm_{step or 'all'}", (TremplinForm,), attrs)

    return build() if key is None else _classes.get((key, step), build)


def identity_fields(definition: Mapping[str, Any], *, key: Hashable | None = None) -> list[str]:
    """Where the identity blocks are: ``["demandeur", "enfants.*.identite"]`` (dotted paths).

    A top-level block is its property name; one inside a repeating group has ``*`` for the item
    index. The pipeline maps each to the data sources' identity-pivot inputs
    (:func:`app.forms.identity.pivot`).
    """
    spec = load_spec(definition, key)
    return [".".join(f.path) for f in spec.walk() if f.kind is Kind.IDENTITY]


def unbound(spec: FieldSpec) -> UnboundField:
    """The unbound WTForms field of one field spec (recursively for containers)."""
    if spec.kind is Kind.GROUP:
        item = ObjectField(_subform(spec.item), spec.item.label, spec=spec.item)
        return GroupField(item, spec.label, spec=spec)
    if spec.kind in (Kind.OBJECT, Kind.IDENTITY):
        return ObjectField(_subform(spec), spec.label, spec=spec)
    if spec.kind is Kind.MULTI:
        return MultiField(spec.label, spec=spec)
    if spec.kind is Kind.CHECKBOX:
        return CheckboxField(spec.label, spec=spec)
    if spec.kind is Kind.FILE:
        return UploadField(spec.label, spec=spec)
    return ScalarField(spec.label, spec=spec)


def _subform(spec: FieldSpec) -> type[SubForm]:
    attrs = {child.name: unbound(child) for child in spec.children}
    return type(f"SubForm_{spec.name}", (SubForm,), attrs)


def clear_caches() -> None:
    """Forget every cached spec and class (tests; a process never needs it)."""
    _specs.clear()
    _classes.clear()
