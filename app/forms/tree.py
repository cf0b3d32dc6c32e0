"""Walking the generated fields of a bound form."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from app.forms.fields import GroupField, ObjectField, TremplinField


def data_fields(form: Any) -> Iterator[TremplinField]:
    """The generated fields directly in ``form`` (the CSRF token left out)."""
    for field in form:
        if isinstance(field, TremplinField):
            yield field


def walk(
    form: Any, parent: tuple[str, ...] = ()
) -> Iterator[tuple[TremplinField, tuple[str, ...]]]:
    """Every generated field with its data path (``("enfants", "1", "nom")``), in display order."""
    for field in data_fields(form):
        path = (*parent, field.spec.name)
        yield field, path
        if isinstance(field, GroupField):
            for index, entry in enumerate(field.entries):
                yield from walk(entry.form, (*path, str(index)))
        elif isinstance(field, ObjectField):
            yield from walk(field.form, path)


def find_field(form: Any, tokens: tuple[str, ...] | list[str]) -> TremplinField | None:
    """The bound field at a data path (``["enfants", "1", "nom"]``), if it is in this form."""
    current: Any = None
    container: Any = form
    for token in tokens:
        if isinstance(current, GroupField):
            if not (token.isdigit() and token.isascii() and int(token) < len(current.entries)):
                return None
            current = current.entries[int(token)]
            container = current.form
            continue
        field = container._fields.get(token) if hasattr(container, "_fields") else None
        if not isinstance(field, TremplinField):
            return None
        current = field
        container = field.form if isinstance(field, ObjectField) else None
    return current
