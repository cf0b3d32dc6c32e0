"""Form-builder operations on a form definition (``{"schema", "ui"}``): pure functions, no database.

Each operation changes the definition in place and raises :class:`BuilderError` (French messages
per input) when the admin's input cannot be applied; nothing is changed then. The whole definition
is then checked by ``validate_bundle`` before the draft is saved (:mod:`app.schemes.drafts`).

Fields are named by their dotted path (:mod:`app.schemes.builder_outline`). Top-level fields live
in steps (``ui:steps``); a definition without steps gets one when it is first edited.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from app.forms.base import RESERVED_NAMES
from app.forms.spec import Kind
from app.schemes.builder_fields import (
    CONTAINERS,
    KINDS,
    TOP_LEVEL_ONLY,
    field_kind,
    field_schema,
    required_text,
    values_of,
)
from app.schemes.builder_outline import locate, ordered, steps_of
from app.schemes.builder_values import BuilderError, slug, unique

NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


def field_values(form: Mapping[str, Any], path: str) -> dict[str, Any]:
    """What the field editor shows for the field at ``path``."""
    schema, ui, required = locate(form, path)
    return values_of(path.rsplit(".", 1)[-1], schema, ui, required)


# Steps --------------------------------------------------------------------------------------------


def add_step(form: dict[str, Any], title: str, description: str = "") -> str:
    """Append a step (its id derived from the title); returns the id."""
    steps = _steps(form)
    title = required_text(title, "title")
    taken = {step["id"] for step in steps}
    step_id = unique(slug(title, "-", "etape")[:40].strip("-") or "etape", taken, "-")
    step: dict[str, Any] = {"id": step_id, "title": title, "fields": []}
    if description.strip():
        step["description"] = description.strip()
    steps.append(step)
    return step_id


def update_step(form: dict[str, Any], step_id: str, title: str, description: str = "") -> None:
    """Change a step's title and lead text (its id stays: citizens' drafts refer to it)."""
    step = _step(form, step_id)
    step["title"] = required_text(title, "title")
    if description.strip():
        step["description"] = description.strip()
    else:
        step.pop("description", None)


def move_step(form: dict[str, Any], step_id: str, delta: int) -> None:
    """Move a step up (``-1``) or down (``+1``)."""
    steps = _steps(form)
    index = steps.index(_step(form, step_id))
    target = index + delta
    if 0 <= target < len(steps):
        steps.insert(target, steps.pop(index))


def delete_step(form: dict[str, Any], step_id: str) -> None:
    """Delete an empty step (its fields must be moved or deleted first)."""
    steps = _steps(form)
    step = _step(form, step_id)
    if step["fields"]:
        raise BuilderError(
            {"step": "Cette étape contient des champs : déplacez-les ou supprimez-les d'abord."}
        )
    if len(steps) == 1:
        raise BuilderError({"step": "Le formulaire doit garder au moins une étape."})
    steps.remove(step)


# Fields -------------------------------------------------------------------------------------------


def add_field(
    form: dict[str, Any],
    values: Mapping[str, Any],
    *,
    step: str | None = None,
    parent: str | None = None,
) -> str:
    """Add a field at the end of a step (top level) or of a container; returns its path."""
    kind = values.get("kind")
    if kind not in KINDS:
        raise BuilderError({"kind": "Choisissez un type de champ dans la liste."})
    name = str(values.get("name") or "").strip()
    properties, required, ui = _container(form, parent)
    _check_name(name, properties)
    if parent is not None and kind in TOP_LEVEL_ONLY:
        raise BuilderError({"kind": "Une pièce justificative se place hors des groupes."})
    schema, field_ui = field_schema(str(kind), values)
    target = None if parent else (_step(form, step) if step else _steps(form)[-1])
    properties[name] = schema
    if field_ui:
        ui[name] = field_ui
    if values.get("required") or schema.get("const") is True:
        required.append(name)
    if target is not None:
        target["fields"].append(name)
    else:
        _append_order(ui, name)
    _store_required(form, parent, required)
    return f"{parent}.{name}" if parent else name


def update_field(form: dict[str, Any], path: str, values: Mapping[str, Any]) -> None:
    """Change a field's label, help, required flag, bounds, options… (not its name or kind)."""
    schema, ui, _required = locate(form, path)
    kind = field_kind(schema, ui)
    if kind not in KINDS:
        raise BuilderError({"kind": "Ce champ ne peut être modifié qu'en mode JSON."})
    new_schema, new_ui = field_schema(kind, {**values, "kind": kind}, schema, ui)
    parent, _, name = path.rpartition(".")
    properties, required, container_ui = _container(form, parent or None)
    properties[name] = new_schema
    if new_ui:
        container_ui[name] = new_ui
    else:
        container_ui.pop(name, None)
    wanted = bool(values.get("required")) or new_schema.get("const") is True
    if wanted and name not in required:
        required.append(name)
    if not wanted and name in required:
        required.remove(name)
    _store_required(form, parent or None, required)


def move_field(form: dict[str, Any], path: str, delta: int) -> None:
    """Move a field up (``-1``) or down (``+1``); a top-level field crosses into the next step."""
    locate(form, path)
    parent, _, name = path.rpartition(".")
    if parent:
        properties, _required, ui = _container(form, parent)
        order = ordered(list(properties), ui.get("ui:order"))
        index = order.index(name)
        target = index + delta
        if 0 <= target < len(order):
            order.insert(target, order.pop(index))
            _reorder(properties, ui, order)
        return
    steps = _steps(form)
    here = next(step for step in steps if name in step["fields"])
    fields, index = here["fields"], here["fields"].index(name)
    target = index + delta
    if 0 <= target < len(fields):
        fields.insert(target, fields.pop(index))
        return
    position = steps.index(here) + delta
    if 0 <= position < len(steps):
        fields.remove(name)
        neighbour = steps[position]["fields"]
        neighbour.insert(len(neighbour) if delta < 0 else 0, name)


def delete_field(form: dict[str, Any], path: str) -> None:
    """Remove a field everywhere it appears (schema, required, UI, steps)."""
    locate(form, path)
    parent, _, name = path.rpartition(".")
    properties, required, ui = _container(form, parent or None)
    del properties[name]
    ui.pop(name, None)
    if name in required:
        required.remove(name)
    if isinstance(ui.get("ui:order"), list) and name in ui["ui:order"]:
        ui["ui:order"].remove(name)
    if not parent:
        for step in _steps(form):
            if name in step["fields"]:
                step["fields"].remove(name)
    _store_required(form, parent or None, required)


def suggest_name(form: Mapping[str, Any], label: str, parent: str | None = None) -> str:
    """A free field name derived from a label."""
    properties, _required, _ui = _container(form, parent)  # type: ignore[arg-type]
    return unique(slug(label, "_", "champ")[:50], set(properties) | RESERVED_NAMES, "_")


def _check_name(name: str, properties: Mapping[str, Any]) -> None:
    if not NAME.match(name):
        raise BuilderError(
            {
                "name": "Le nom technique commence par une lettre minuscule, suivie de lettres "
                "minuscules sans accent, de chiffres ou de « _ » (63 caractères au plus)."
            }
        )
    if name in RESERVED_NAMES:
        raise BuilderError({"name": f"« {name} » est un nom réservé : choisissez-en un autre."})
    if name in properties:
        raise BuilderError({"name": f"Un champ s'appelle déjà « {name} » ici."})


def _steps(form: dict[str, Any]) -> list[dict[str, Any]]:
    """``ui:steps``, created from the implicit step when absent (``ui:order`` then goes)."""
    ui = form.setdefault("ui", {})
    if not ui.get("ui:steps"):
        ui["ui:steps"] = steps_of(form)
        for key in ("ui:order", "ui:title", "ui:description"):
            ui.pop(key, None)
    return ui["ui:steps"]  # type: ignore[no-any-return]


def _step(form: dict[str, Any], step_id: str | None) -> dict[str, Any]:
    for step in _steps(form):
        if step["id"] == step_id:
            return step
    raise BuilderError({"step": "Cette étape n'existe pas (ou plus)."})


def _container(
    form: dict[str, Any], parent: str | None
) -> tuple[dict[str, Any], list[str], dict[str, Any]]:
    """(properties, required, ui) of the top level or of the container at ``parent``, created
    where missing (the caller changes them)."""
    schema = form.setdefault("schema", {"type": "object", "properties": {}})
    ui = form.setdefault("ui", {})
    schema.setdefault("properties", {})
    for name in parent.split(".") if parent else ():
        prop = schema["properties"].get(name)
        kind = field_kind(prop, ui.get(name) or {}) if isinstance(prop, dict) else None
        if kind not in CONTAINERS:
            raise BuilderError({"parent": "Ce groupe n'existe pas (ou plus)."})
        schema, ui = _inner(prop, ui.setdefault(name, {}), kind)  # type: ignore[arg-type]
        schema.setdefault("properties", {})
    return schema["properties"], list(schema.get("required") or []), ui


def _inner(schema: Any, ui: Any, kind: str) -> tuple[dict[str, Any], dict[str, Any]]:
    if kind == Kind.GROUP:
        return schema.setdefault("items", {"type": "object"}), ui.setdefault("items", {})
    return schema, ui


def _store_required(form: dict[str, Any], parent: str | None, required: list[str]) -> None:
    schema: dict[str, Any] = form["schema"]
    ui: dict[str, Any] = form["ui"]
    for name in parent.split(".") if parent else ():
        prop = schema["properties"][name]
        kind = field_kind(prop, ui.get(name) or {})
        schema, ui = _inner(prop, ui.setdefault(name, {}), kind)
    if required:
        schema["required"] = required
    else:
        schema.pop("required", None)
    _drop_empty_ui(form)


def _drop_empty_ui(form: dict[str, Any]) -> None:
    """Remove UI entries left empty (``{}``), top level and in containers."""

    def clean(ui: dict[str, Any]) -> None:
        for key in [k for k in ui if not k.startswith("ui:")]:
            if isinstance(ui[key], dict):
                clean(ui[key])
                if not ui[key]:
                    del ui[key]

    clean(form.get("ui") or {})


def _append_order(ui: dict[str, Any], name: str) -> None:
    if isinstance(ui.get("ui:order"), list) and "*" not in ui["ui:order"]:
        ui["ui:order"].append(name)


def _reorder(properties: dict[str, Any], ui: dict[str, Any], order: list[str]) -> None:
    moved = {name: properties[name] for name in order}
    properties.clear()
    properties.update(moved)
    if "ui:order" in ui:
        ui["ui:order"] = list(order)
