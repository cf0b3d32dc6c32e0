"""Reading a form definition as the builder shows it (pure functions): steps and their fields,
where a field is, what its display condition may read.

Fields are named by their dotted path of property names (``enfants.niveau``: the field
``niveau`` of the repeating group ``enfants``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from app.forms.spec import DEFAULT_STEP_ID, Kind
from app.forms.spec import ordered as spec_ordered
from app.schemes.builder_fields import CONTAINERS, KINDS, choice_values, field_kind
from app.schemes.builder_values import BuilderError
from app.schemes.variables import FORM_TYPES


@dataclass
class FieldOutline:
    """One field as the builder lists it."""

    path: str
    name: str
    label: str
    kind: str
    required: bool
    condition: Any = None
    children: list[FieldOutline] = field(default_factory=list)
    choices: tuple[Any, ...] = ()

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, (self.kind, ""))[0]

    @property
    def is_container(self) -> bool:
        return self.kind in CONTAINERS


@dataclass
class StepOutline:
    """One step and its top-level fields."""

    id: str
    title: str
    description: str | None
    fields: list[FieldOutline]


def steps_of(form: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The steps (``ui:steps``), or the one implicit step of a definition without steps."""
    ui = form.get("ui") or {}
    if ui.get("ui:steps"):
        return list(ui["ui:steps"])
    schema = form.get("schema") or {}
    names = ordered(list(schema.get("properties") or {}), ui.get("ui:order"))
    title = ui.get("ui:title") or schema.get("title") or "Formulaire"
    step = {"id": DEFAULT_STEP_ID, "title": title, "fields": names}
    if ui.get("ui:description"):
        step["description"] = ui["ui:description"]
    return [step]


def outline(form: Mapping[str, Any]) -> list[StepOutline]:
    """Steps with their fields (and containers' children), in display order."""
    schema = form.get("schema") or {}
    ui = form.get("ui") or {}
    properties = schema.get("properties") or {}
    required = set(schema.get("required") or ())
    return [
        StepOutline(
            step["id"],
            step["title"],
            step.get("description"),
            [
                _outline(name, properties[name], ui.get(name) or {}, name in required, name)
                for name in step["fields"]
                if name in properties
            ],
        )
        for step in steps_of(form)
    ]


def _outline(
    name: str, schema: Mapping[str, Any], ui: Mapping[str, Any], required: bool, path: str
) -> FieldOutline:
    kind = field_kind(schema, ui)
    item = FieldOutline(
        path,
        name,
        ui.get("ui:title") or schema.get("title") or name,
        kind,
        required,
        ui.get("ui:condition"),
        choices=choice_values(schema.get("items", {}) if kind == Kind.MULTI else schema),
    )
    if kind in CONTAINERS:
        content, content_ui = inner(schema, ui, kind)
        needed = set(content.get("required") or ())
        for child in ordered(list(content.get("properties") or {}), content_ui.get("ui:order")):
            item.children.append(
                _outline(
                    child,
                    content["properties"][child],
                    content_ui.get(child) or {},
                    child in needed,
                    f"{path}.{child}",
                )
            )
    return item


def all_fields(form: Mapping[str, Any]) -> list[FieldOutline]:
    """Every field, depth first in display order."""
    found: list[FieldOutline] = []

    def walk(items: list[FieldOutline]) -> None:
        for item in items:
            found.append(item)
            walk(item.children)

    for step in outline(form):
        walk(step.fields)
    return found


NOT_VARIABLES: Final = (Kind.GROUP, Kind.OBJECT, Kind.IDENTITY, Kind.FILE)


@dataclass(frozen=True)
class ConditionVariable:
    """An answer a display condition may read (``form.x``, or ``item.x`` inside a group)."""

    path: str
    label: str
    type: str
    choices: tuple[Any, ...] = ()


def condition_variables(
    form: Mapping[str, Any], path: str | None = None, parent: str | None = None
) -> list[ConditionVariable]:
    """What the display condition of the field at ``path`` (or of a new field added to
    ``parent``) may read: answers outside groups, and its own group's item fields."""
    found: list[ConditionVariable] = []
    where = path or (f"{parent}.?" if parent else None)
    group = group_of(form, where) if where else None

    def walk(items: list[FieldOutline], prefix: str, in_group: str | None) -> None:
        for item in items:
            if item.path == path:
                continue
            if item.kind == Kind.GROUP:
                walk(item.children, "item.", item.path)
            elif item.kind == Kind.OBJECT:
                walk(item.children, prefix, in_group)
            elif item.kind not in NOT_VARIABLES and in_group in (None, group):
                name = item.path if in_group is None else item.path.removeprefix(in_group + ".")
                kind = FORM_TYPES.get(item.kind, "string")  # type: ignore[call-overload]
                found.append(ConditionVariable(f"{prefix}{name}", item.label, kind, item.choices))

    for step in outline(form):
        walk(step.fields, "form.", None)
    return found


def pointers(form: Mapping[str, Any], path: str) -> tuple[str, str]:
    """JSON pointers (in the bundle) of a field's schema and UI schema."""
    schema_ptr, ui_ptr = "/form/schema", "/form/ui"
    parts = path.split(".")
    for depth, name in enumerate(parts, start=1):
        schema_ptr += f"/properties/{name}"
        ui_ptr += f"/{name}"
        if depth < len(parts):
            schema, ui, _ = locate(form, ".".join(parts[:depth]))
            if field_kind(schema, ui) == Kind.GROUP:
                schema_ptr += "/items"
                ui_ptr += "/items"
    return schema_ptr, ui_ptr


def group_of(form: Mapping[str, Any], path: str) -> str | None:
    """The repeating group a field belongs to (its path), ``None`` at top level."""
    parts = path.split(".")
    for depth in range(len(parts) - 1, 0, -1):
        prefix = ".".join(parts[:depth])
        schema, ui, _ = locate(form, prefix)
        if field_kind(schema, ui) == Kind.GROUP:
            return prefix
    return None


def locate(form: Mapping[str, Any], path: str) -> tuple[Mapping[str, Any], Mapping[str, Any], bool]:
    """(schema, ui, required) of the field at ``path``; :class:`BuilderError` if there is none."""
    parent, _, name = path.rpartition(".")
    properties, required, ui = container(form, parent or None)
    if name not in properties:
        raise BuilderError({"field": "Ce champ n'existe pas (ou plus)."})
    return properties[name], ui.get(name) or {}, name in required


def container(
    form: Mapping[str, Any], parent: str | None
) -> tuple[Mapping[str, Any], list[str], Mapping[str, Any]]:
    """(properties, required, ui) of the top level or of the group or object at ``parent``."""
    schema: Mapping[str, Any] = form.get("schema") or {}
    ui: Mapping[str, Any] = form.get("ui") or {}
    for name in parent.split(".") if parent else ():
        prop = (schema.get("properties") or {}).get(name)
        kind = field_kind(prop, ui.get(name) or {}) if isinstance(prop, Mapping) else None
        if kind not in CONTAINERS:
            raise BuilderError({"field": "Ce champ n'existe pas (ou plus)."})
        schema, ui = inner(prop, ui.get(name) or {}, kind)  # type: ignore[arg-type]
    return schema.get("properties") or {}, list(schema.get("required") or []), ui


def inner(schema: Any, ui: Any, kind: str) -> tuple[Any, Any]:
    """The schema and UI schema holding a container's fields (a group's items)."""
    if kind == Kind.GROUP:
        return schema.get("items") or {}, ui.get("items") or {}
    return schema, ui


def ordered(names: list[str], order: Any) -> list[str]:
    """Names sorted by an rjsf ``ui:order`` (``"*"`` stands for the others)."""
    return spec_ordered(names, order if isinstance(order, list) else None)
