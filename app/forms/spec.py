"""A form definition read once into a typed tree of fields (:class:`FormSpec`).

Every other module works on this tree: the WTForms builder, the conversion of answers, validation,
conditions and the review page. It is built from a definition that :func:`app.forms.definition.
validate_definition` accepted; :func:`compile_spec` trusts that.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Any, Final

from app.core.jsonschemas import registry
from app.core.jsonschemas import schema as published_schema
from app.forms.identity import (
    BIRTHPLACE,
    BIRTHPLACE_CHOICES,
    IDENTITY_SCHEMA_ID,
    PRESENTATION,
    is_identity,
)
from app.forms.validators import FORMAT_CHECKER, VALIDATOR

RADIO_LIMIT: Final = 6
"""A single choice with more options than this is a ``<select>`` unless ``ui:widget`` says radio."""

MAX_GROUP_ITEMS: Final = 100
"""Hard cap on a repeating group's items, whatever ``maxItems`` says (also the schema's cap)."""

DEFAULT_STEP_ID: Final = "formulaire"


class Kind(StrEnum):
    """What a field holds, hence how it is converted and rendered."""

    TEXT = "text"
    TEXTAREA = "textarea"
    EMAIL = "email"
    TEL = "tel"
    POSTAL = "code-postal"
    DATE = "date"
    INTEGER = "integer"
    NUMBER = "number"
    YES_NO = "yes-no"
    CHECKBOX = "checkbox"
    CHOICE = "choice"
    MULTI = "multi"
    NAMES = "names"
    FILE = "file"
    GROUP = "group"
    OBJECT = "object"
    IDENTITY = "identity"


SCALAR_KINDS: Final = frozenset(
    {Kind.TEXT, Kind.TEXTAREA, Kind.EMAIL, Kind.TEL, Kind.POSTAL, Kind.DATE, Kind.INTEGER}
    | {Kind.NUMBER, Kind.YES_NO, Kind.CHOICE}
)
CONTAINER_KINDS: Final = frozenset({Kind.GROUP, Kind.OBJECT, Kind.IDENTITY})
LIST_KINDS: Final = frozenset({Kind.GROUP, Kind.MULTI, Kind.NAMES})


@dataclass(frozen=True)
class Choice:
    """One option of a single or multiple choice."""

    value: str | int
    label: str
    hint: str | None = None

    @property
    def token(self) -> str:
        """The option's value as sent by the browser."""
        return str(self.value)


@dataclass(eq=False)
class FieldSpec:
    """One field of the form (a property of the data schema) with its presentation."""

    name: str
    path: tuple[str, ...]
    kind: Kind
    schema: Mapping[str, Any]
    ui: Mapping[str, Any]
    label: str
    required: bool
    hint: str | None = None
    help: str | None = None
    placeholder: str | None = None
    widget: str = "text"
    autocomplete: str | None = None
    choices: tuple[Choice, ...] = ()
    children: tuple[FieldSpec, ...] = ()
    condition: Any = None
    virtual: bool = False
    """A form-only input that is not stored (the identity block's birthplace radio)."""
    uppercase: bool = False
    """Letters are stored upper-case (COG codes: ``2a004`` → ``2A004``)."""

    @property
    def options(self) -> Mapping[str, Any]:
        """``ui:options``."""
        return self.ui.get("ui:options", {})

    @property
    def hidden_input(self) -> bool:
        """Rendered as ``<input type=hidden>`` (``ui:widget: hidden``)."""
        return self.widget == "hidden"

    @property
    def pointer(self) -> str:
        """JSON pointer pattern (``/enfants/*/nom``)."""
        return "/" + "/".join(self.path)

    @property
    def min_items(self) -> int:
        """``minItems`` of a group or multiple choice."""
        return int(self.schema.get("minItems", 0))

    @property
    def max_items(self) -> int:
        """``maxItems`` (capped at :data:`MAX_GROUP_ITEMS`)."""
        return min(int(self.schema.get("maxItems", MAX_GROUP_ITEMS)), MAX_GROUP_ITEMS)

    @cached_property
    def validator(self) -> Any:
        """A validator of this field's own value (a group's items are checked field by field)."""
        schema = dict(self.schema)
        if self.kind is Kind.GROUP:
            schema.pop("items", None)
        return VALIDATOR(schema, format_checker=FORMAT_CHECKER)

    @cached_property
    def item(self) -> FieldSpec:
        """The spec of one item of a repeating group (an object holding the group's fields)."""
        return FieldSpec(
            name=self.name,
            path=(*self.path, "*"),
            kind=Kind.OBJECT,
            schema=self.schema.get("items", {}),
            ui=self.ui.get("items", {}),
            label=self.options.get("itemTitle", "Élément"),
            required=True,
            children=self.children,
        )

    def child(self, name: str) -> FieldSpec | None:
        """The direct child called ``name``."""
        return next((c for c in self.children if c.name == name), None)

    def walk(self) -> Iterator[FieldSpec]:
        """This field and every field below it, depth first in display order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Step:
    """One page of the form."""

    id: str
    title: str
    fields: tuple[str, ...]
    description: str | None = None


@dataclass(eq=False)
class FormSpec:
    """A whole form: its top-level fields in display order and its steps."""

    schema: Mapping[str, Any]
    ui: Mapping[str, Any]
    fields: tuple[FieldSpec, ...]
    steps: tuple[Step, ...]
    title: str | None = None
    by_name: dict[str, FieldSpec] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_name = {f.name: f for f in self.fields}

    @cached_property
    def validator(self) -> Any:
        """The authority on this form's answers (the identity block resolved by ``$id``)."""
        return VALIDATOR(self.schema, registry=registry(), format_checker=FORMAT_CHECKER)

    def step(self, step_id: str | None) -> Step | None:
        """The step ``step_id`` (``None`` → none: the whole form); ``KeyError`` if unknown."""
        if step_id is None:
            return None
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def fields_of(self, step_id: str | None) -> tuple[FieldSpec, ...]:
        """Top-level fields of a step (all fields for ``None``), in display order."""
        step = self.step(step_id)
        if step is None:
            return self.fields
        return tuple(self.by_name[name] for name in step.fields)

    def step_of(self, name: str) -> Step:
        """The step holding top-level field ``name``."""
        return next(s for s in self.steps if name in s.fields)

    def find(self, tokens: tuple[str, ...] | list[str]) -> FieldSpec | None:
        """The field at a data path (``("enfants", "1", "nom")``; array indices are skipped)."""
        current: FieldSpec | None = None
        siblings = self.fields
        for token in tokens:
            if current is not None and current.kind in LIST_KINDS and token.isdigit():
                continue
            current = next((f for f in siblings if f.name == token), None)
            if current is None:
                return None
            siblings = current.children
        return current

    def walk(self) -> Iterator[FieldSpec]:
        """Every field of the form, depth first in display order."""
        for top in self.fields:
            yield from top.walk()


def ordered(names: list[str], order: list[str] | None) -> list[str]:
    """Names sorted by an rjsf ``ui:order`` (``"*"`` stands for the names it does not list)."""
    if not order:
        return names
    rest = [n for n in names if n not in order]
    result: list[str] = []
    for entry in order if "*" in order else [*order, "*"]:
        if entry == "*":
            result.extend(rest)
        elif entry in names:
            result.append(entry)
    return result


def choices_of(schema: Mapping[str, Any]) -> tuple[Choice, ...]:
    """Options from ``oneOf: [{const, title}]`` or from ``enum`` (the value is its own label)."""
    if "oneOf" in schema:
        return tuple(
            Choice(option["const"], option["title"], option.get("description"))
            for option in schema["oneOf"]
        )
    return tuple(Choice(value, str(value)) for value in schema.get("enum", ()))


def is_choice(schema: Mapping[str, Any]) -> bool:
    """Whether a scalar schema offers options."""
    return "enum" in schema or "oneOf" in schema


def kind_of(schema: Mapping[str, Any], ui: Mapping[str, Any]) -> Kind | None:
    """The kind of a property (``None`` when the subset does not support it)."""
    widget = ui.get("ui:widget")
    kind: Kind | None = None
    if is_identity(schema):
        kind = Kind.IDENTITY
    elif schema.get("type") == "object":
        kind = Kind.OBJECT
    elif schema.get("type") == "array":
        items = schema.get("items", {})
        if items.get("type") == "object":
            kind = Kind.GROUP
        elif items.get("type") in ("string", "integer") and is_choice(items):
            kind = Kind.MULTI
    elif schema.get("type") == "boolean":
        kind = Kind.CHECKBOX if widget == "checkbox" else Kind.YES_NO
    elif is_choice(schema):
        kind = Kind.CHOICE
    elif schema.get("type") == "string":
        kind = _string_kind(schema, ui)
    elif schema.get("type") == "integer":
        kind = Kind.INTEGER
    elif schema.get("type") == "number":
        kind = Kind.NUMBER
    return kind


def _string_kind(schema: Mapping[str, Any], ui: Mapping[str, Any]) -> Kind:
    widget = ui.get("ui:widget")
    by_format = {"email": Kind.EMAIL, "date": Kind.DATE, "tremplin-file": Kind.FILE}
    if schema.get("format") in by_format:
        return by_format[schema["format"]]
    if widget == "textarea":
        return Kind.TEXTAREA
    if widget == "code-postal":
        return Kind.POSTAL
    if ui.get("ui:options", {}).get("inputType") == "tel":
        return Kind.TEL
    return Kind.TEXT


def _widget(kind: Kind, schema: Mapping[str, Any], ui: Mapping[str, Any]) -> str:
    requested = ui.get("ui:widget")
    if requested == "hidden":
        return "hidden"
    if kind is Kind.CHOICE:
        if requested in ("radio", "select"):
            return str(requested)
        return "radio" if len(choices_of(schema)) <= RADIO_LIMIT else "select"
    if kind in (Kind.INTEGER, Kind.NUMBER):
        return "updown" if requested == "updown" else "text"
    return {
        Kind.MULTI: "checkboxes",
        Kind.YES_NO: "radio",
        Kind.CHECKBOX: "checkbox",
        Kind.GROUP: "group",
        Kind.OBJECT: "fieldset",
        Kind.IDENTITY: "fieldset",
        Kind.FILE: "file",
        Kind.TEXTAREA: "textarea",
    }.get(kind, "text")


_AUTOCOMPLETE = {Kind.EMAIL: "email", Kind.TEL: "tel", Kind.POSTAL: "postal-code"}


def _humanise(name: str) -> str:
    return name.replace("_", " ").capitalize()


def build_field(
    name: str,
    schema: Mapping[str, Any],
    ui: Mapping[str, Any],
    *,
    required: bool,
    parent: tuple[str, ...] = (),
    in_group: bool = False,
) -> FieldSpec:
    """The :class:`FieldSpec` of one property (recursively for groups, objects and identity)."""
    path = (*parent, name)
    if is_identity(schema):
        return _identity_field(name, schema, ui, required=required, path=path, in_group=in_group)
    kind = kind_of(schema, ui)
    if kind is None:  # pragma: no cover - validate_definition refuses these first
        raise ValueError(f"unsupported property at {'/'.join(path)}")
    children: tuple[FieldSpec, ...] = ()
    choices: tuple[Choice, ...] = ()
    if kind is Kind.OBJECT:
        children = _children(schema, ui, path, in_group=in_group)
    elif kind is Kind.GROUP:
        children = _children(schema["items"], ui.get("items", {}), (*path, "*"), in_group=True)
    elif kind is Kind.MULTI:
        choices = choices_of(schema["items"])
    elif kind is Kind.CHOICE:
        choices = choices_of(schema)
    return FieldSpec(
        name=name,
        path=path,
        kind=kind,
        schema=schema,
        ui=ui,
        label=ui.get("ui:title") or schema.get("title") or _humanise(name),
        required=required,
        hint=ui.get("ui:description") or schema.get("description"),
        help=ui.get("ui:help"),
        placeholder=ui.get("ui:placeholder"),
        widget=_widget(kind, schema, ui),
        autocomplete=ui.get("ui:autocomplete") or _AUTOCOMPLETE.get(kind),
        choices=choices,
        children=children,
        condition=ui.get("ui:condition"),
    )


def _children(
    schema: Mapping[str, Any], ui: Mapping[str, Any], path: tuple[str, ...], *, in_group: bool
) -> tuple[FieldSpec, ...]:
    properties = schema.get("properties", {})
    required = set(schema.get("required", ()))
    return tuple(
        build_field(
            child,
            properties[child],
            ui.get(child, {}),
            required=child in required,
            parent=path,
            in_group=in_group,
        )
        for child in ordered(list(properties), ui.get("ui:order"))
    )


def _identity_field(
    name: str,
    schema: Mapping[str, Any],
    ui: Mapping[str, Any],
    *,
    required: bool,
    path: tuple[str, ...],
    in_group: bool,
) -> FieldSpec:
    block = published_schema(IDENTITY_SCHEMA_ID)
    properties = block["properties"]
    own = ui.get("ui:options", {}).get("autocomplete", not in_group)
    names = [*properties]
    names.insert(names.index("date_naissance") + 1, BIRTHPLACE)
    children = []
    for child in names:
        label, hint, token = PRESENTATION[child]
        if child == BIRTHPLACE:
            child_schema: Mapping[str, Any] = {
                "type": "string",
                "oneOf": [{"const": v, "title": t} for v, t in BIRTHPLACE_CHOICES],
            }
        else:
            child_schema = properties[child]
        kind = kind_of(child_schema, {})
        if child == "prenoms":
            kind = Kind.NAMES
        children.append(
            FieldSpec(
                name=child,
                path=(*path, child),
                kind=kind or Kind.TEXT,
                schema=child_schema,
                ui={},
                label=label,
                required=child in block["required"] or child == BIRTHPLACE,
                hint=hint,
                widget="radio" if kind is Kind.CHOICE else "text",
                autocomplete=token if own else None,
                choices=choices_of(child_schema),
                virtual=child == BIRTHPLACE,
                uppercase=child.startswith("code_cog"),
            )
        )
    return FieldSpec(
        name=name,
        path=path,
        kind=Kind.IDENTITY,
        schema=schema,
        ui=ui,
        label=ui.get("ui:title") or schema.get("title") or "Identité",
        required=required,
        hint=ui.get("ui:description") or schema.get("description"),
        help=ui.get("ui:help"),
        widget="fieldset",
        children=tuple(children),
        condition=ui.get("ui:condition"),
    )


def compile_spec(definition: Mapping[str, Any]) -> FormSpec:
    """The :class:`FormSpec` of a valid definition."""
    schema = definition["schema"]
    ui = definition.get("ui", {})
    properties = schema["properties"]
    required = set(schema.get("required", ()))
    raw_steps = ui.get("ui:steps")
    names = ordered(list(properties), None if raw_steps else ui.get("ui:order"))
    if raw_steps:
        steps = tuple(
            Step(s["id"], s["title"], tuple(s["fields"]), s.get("description")) for s in raw_steps
        )
        names = [name for step in steps for name in step.fields]
    else:
        title = ui.get("ui:title") or schema.get("title") or "Formulaire"
        steps = (Step(DEFAULT_STEP_ID, title, tuple(names), ui.get("ui:description")),)
    fields = tuple(
        build_field(name, properties[name], ui.get(name, {}), required=name in required)
        for name in names
    )
    return FormSpec(
        schema=schema,
        ui=ui,
        fields=fields,
        steps=steps,
        title=ui.get("ui:title") or schema.get("title"),
    )
