"""A form field as the builder edits it: its kind, and the values of the field editor ↔ its
JSON Schema and UI schema (pure functions).

Keys the builder does not manage (``default``, ``ui:placeholder``…) are kept as they are when an
existing field is changed.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from typing import Any, Final

from app.forms import IDENTITY_SCHEMA_ID
from app.forms.spec import Kind, kind_of
from app.schemes.builder_values import BuilderError, parse_number, slug, unique

HIDDEN: Final = "hidden"


KINDS: Final[dict[str, tuple[str, str]]] = {
    Kind.TEXT: ("Texte court", "Un nom, une référence… sur une ligne."),
    Kind.TEXTAREA: ("Texte long", "Plusieurs lignes de texte libre."),
    Kind.EMAIL: ("Adresse électronique", "Vérifiée au format nom@exemple.fr."),
    Kind.TEL: ("Téléphone", "Numéro de téléphone."),
    Kind.POSTAL: ("Code postal", "Cinq chiffres."),
    Kind.DATE: ("Date", "Saisie au format jour/mois/année."),
    Kind.INTEGER: ("Nombre entier", "Un nombre sans virgule, avec un minimum et un maximum."),
    Kind.NUMBER: ("Nombre décimal", "Un montant, une surface…"),
    Kind.YES_NO: ("Oui / non", "Deux boutons « Oui » et « Non »."),
    Kind.CHECKBOX: ("Case à cocher", "Une case, par exemple une attestation sur l'honneur."),
    Kind.CHOICE: ("Choix unique", "Une réponse parmi une liste."),
    Kind.MULTI: ("Choix multiples", "Plusieurs réponses parmi une liste."),
    Kind.FILE: ("Pièce justificative", "Un fichier PDF, JPEG ou PNG."),
    Kind.IDENTITY: ("Bloc identité", "Nom, prénoms, sexe, date et lieu de naissance."),
    Kind.GROUP: ("Groupe répété", "Des champs à remplir pour chaque élément (chaque enfant…)."),
    Kind.OBJECT: ("Groupe de champs", "Des champs présentés ensemble (une adresse…)."),
    HIDDEN: ("Valeur cachée", "Une valeur fixe transmise sans être affichée."),
}


CONTAINERS: Final = (Kind.GROUP, Kind.OBJECT)


TOP_LEVEL_ONLY: Final = (Kind.FILE,)


CHOICE_KINDS: Final = (Kind.CHOICE, Kind.MULTI)


ACCEPT: Final = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}


POSTAL_PATTERN: Final = "^[0-9]{5}$"


PHONE_PATTERN: Final = "^[0-9 +().-]{6,20}$"


_TEXT_KINDS: Final = (Kind.TEXT, Kind.TEXTAREA, Kind.TEL)


def field_kind(schema: Mapping[str, Any], ui: Mapping[str, Any]) -> str:
    """The builder kind of a property (``hidden`` for ``ui:widget: hidden``)."""
    if ui.get("ui:widget") == HIDDEN:
        return HIDDEN
    kind = kind_of(schema, ui)
    return str(kind) if kind is not None else "inconnu"


def values_of(
    name: str, schema: Mapping[str, Any], ui: Mapping[str, Any], required: bool
) -> dict[str, Any]:
    """What the field editor shows for an existing field (inverse of :func:`field_schema`)."""
    kind = field_kind(schema, ui)
    options = ui.get("ui:options") or {}
    values: dict[str, Any] = {
        "kind": kind,
        "name": name,
        "label": ui.get("ui:title") or schema.get("title") or "",
        "hint": ui.get("ui:description") or schema.get("description") or "",
        "help": ui.get("ui:help") or "",
        "required": required,
        "condition": ui.get("ui:condition"),
    }
    bounds = schema.get("items", {}) if kind == Kind.MULTI else schema
    values.update(
        min_length=schema.get("minLength"),
        max_length=schema.get("maxLength"),
        pattern=schema.get("pattern") if kind in (Kind.TEXT, Kind.TEXTAREA, Kind.TEL) else None,
        pattern_message=options.get("patternMessage") or "",
        rows=options.get("rows"),
        minimum=schema.get("minimum"),
        maximum=schema.get("maximum"),
        multiple_of=schema.get("multipleOf"),
        options=options_text(bounds) if kind in CHOICE_KINDS else "",
        widget=ui.get("ui:widget") if ui.get("ui:widget") in ("radio", "select") else "",
        min_items=schema.get("minItems"),
        max_items=schema.get("maxItems"),
        item_title=options.get("itemTitle") or "",
        add_label=options.get("addLabel") or "",
        attestation=schema.get("const") is True,
        accept=list(options.get("accept") or []),
        max_size_mb=round(options["maxSize"] / 1048576) if options.get("maxSize") else None,
        default=schema.get("default", "") if kind == HIDDEN else "",
    )
    return values


def field_schema(
    kind: str,
    values: Mapping[str, Any],
    schema: Mapping[str, Any] | None = None,
    ui: Mapping[str, Any] | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The (schema, UI schema) of a field from the editor's values, keeping unmanaged keys of an
    existing field (``schema``/``ui``)."""
    new = copy.deepcopy(dict(schema or {}))
    new_ui = copy.deepcopy(dict(ui or {}))
    if not schema:
        new.update(_base(kind))
        new_ui.update(base_ui(kind))
    label = required_text(values.get("label"), "label")
    if "ui:title" in new_ui:
        new_ui["ui:title"] = label
    else:
        new["title"] = label
    if "ui:description" in new_ui:
        _put(new_ui, "ui:description", _text(values.get("hint")))
    else:
        _put(new, "description", _text(values.get("hint")))
    _put(new_ui, "ui:help", _text(values.get("help")))
    options = dict(new_ui.get("ui:options") or {})
    if kind in _TEXT_KINDS:
        _text_bounds(kind, new, options, values)
    if kind in (Kind.INTEGER, Kind.NUMBER):
        _number_bounds(kind, new, values)
    if kind == Kind.TEXTAREA:
        _put(options, "rows", _int(values.get("rows"), "rows", 2, 30))
    if kind in CHOICE_KINDS:
        _choices(kind, new, new_ui, values)
    if kind in (Kind.MULTI, Kind.GROUP):
        _item_bounds(new, values)
    if kind == Kind.GROUP:
        _put(options, "itemTitle", _text(values.get("item_title")))
        _put(options, "addLabel", _text(values.get("add_label")))
    if kind == Kind.CHECKBOX:
        _put(new, "const", True if values.get("attestation") else None)
    if kind == Kind.FILE:
        accept = [a for a in values.get("accept") or () if a in ACCEPT]
        _put(options, "accept", accept or None)
        size = _int(values.get("max_size_mb"), "max_size_mb", 1, 20)
        _put(options, "maxSize", size * 1048576 if size else None)
    if kind == HIDDEN:
        new["default"] = required_text(values.get("default"), "default")
    if "condition" in values:
        _put(new_ui, "ui:condition", values["condition"])
    _put(new_ui, "ui:options", options or None)
    return new, new_ui


def _base(kind: str) -> dict[str, Any]:
    return {
        Kind.TEXT: {"type": "string"},
        Kind.TEXTAREA: {"type": "string"},
        Kind.EMAIL: {"type": "string", "format": "email"},
        Kind.TEL: {"type": "string"},
        Kind.POSTAL: {"type": "string", "pattern": POSTAL_PATTERN},
        Kind.DATE: {"type": "string", "format": "date"},
        Kind.INTEGER: {"type": "integer"},
        Kind.NUMBER: {"type": "number"},
        Kind.YES_NO: {"type": "boolean"},
        Kind.CHECKBOX: {"type": "boolean"},
        Kind.CHOICE: {"type": "string"},
        Kind.MULTI: {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
        Kind.FILE: {"type": "string", "format": "tremplin-file"},
        Kind.IDENTITY: {"$ref": IDENTITY_SCHEMA_ID},
        Kind.GROUP: {"type": "array", "items": {"type": "object", "properties": {}}},
        Kind.OBJECT: {"type": "object", "properties": {}},
        HIDDEN: {"type": "string"},
    }[kind]  # type: ignore[index]


def base_ui(kind: str) -> dict[str, Any]:
    """The UI keys a new field of this kind needs."""
    return {
        Kind.TEXTAREA: {"ui:widget": "textarea"},
        Kind.TEL: {"ui:options": {"inputType": "tel"}},
        Kind.POSTAL: {"ui:widget": "code-postal"},
        Kind.CHECKBOX: {"ui:widget": "checkbox"},
        HIDDEN: {"ui:widget": "hidden"},
    }.get(kind, {})  # type: ignore[call-overload]


def _text_bounds(
    kind: str, schema: dict[str, Any], options: dict[str, Any], values: Mapping[str, Any]
) -> None:
    low = _int(values.get("min_length"), "min_length", 0, 10000)
    high = _int(values.get("max_length"), "max_length", 1, 10000)
    if low is not None and high is not None and low > high:
        raise BuilderError(
            {"max_length": "La longueur maximale doit dépasser la longueur minimale."}
        )
    _put(schema, "minLength", low)
    _put(schema, "maxLength", high)
    pattern = _text(values.get("pattern")) or (PHONE_PATTERN if kind == Kind.TEL else None)
    if pattern:
        try:
            re.compile(pattern)
        except re.error:
            raise BuilderError({"pattern": "Ce format n'est pas une expression valide."}) from None
    _put(schema, "pattern", pattern)
    _put(options, "patternMessage", _text(values.get("pattern_message")))


def _number_bounds(kind: str, schema: dict[str, Any], values: Mapping[str, Any]) -> None:
    low, high = _number(values.get("minimum"), "minimum"), _number(values.get("maximum"), "maximum")
    if kind == Kind.INTEGER:
        for name, value in (("minimum", low), ("maximum", high)):
            if value is not None and value != int(value):
                raise BuilderError({name: "Saisissez un nombre entier."})
        low = int(low) if low is not None else None
        high = int(high) if high is not None else None
    if low is not None and high is not None and low > high:
        raise BuilderError({"maximum": "Le maximum doit être supérieur ou égal au minimum."})
    _put(schema, "minimum", low)
    _put(schema, "maximum", high)
    if kind == Kind.NUMBER:
        step = _number(values.get("multiple_of"), "multiple_of")
        if step is not None and step <= 0:
            raise BuilderError({"multiple_of": "Saisissez un nombre positif, par exemple 0,01."})
        _put(schema, "multipleOf", step)


def _item_bounds(schema: dict[str, Any], values: Mapping[str, Any]) -> None:
    low = _int(values.get("min_items"), "min_items", 0, 100)
    high = _int(values.get("max_items"), "max_items", 1, 100)
    if low is not None and high is not None and low > high:
        raise BuilderError({"max_items": "Le maximum doit être supérieur ou égal au minimum."})
    _put(schema, "minItems", low or None)
    _put(schema, "maxItems", high)


def _choices(
    kind: str, schema: dict[str, Any], ui: dict[str, Any], values: Mapping[str, Any]
) -> None:
    choices = parse_options(str(values.get("options") or ""))
    target = schema["items"] if kind == Kind.MULTI else schema
    target.pop("enum", None)
    target["type"] = "string"
    target["oneOf"] = choices
    if kind == Kind.CHOICE:
        widget = values.get("widget")
        _put(ui, "ui:widget", widget if widget in ("radio", "select") else None)


def parse_options(text: str) -> list[dict[str, str]]:
    """Options typed one per line, « Libellé » or « code | Libellé » (codes derived if absent)."""
    choices: list[dict[str, str]] = []
    taken: set[str] = set()
    for line in text.splitlines():
        if not line.strip():
            continue
        code, bar, label = line.partition("|")
        if not bar:
            code, label = "", code
        label, code = label.strip(), code.strip()
        if not label:
            raise BuilderError({"options": f"Ligne « {line.strip()} » : le libellé manque."})
        code = code or unique(slug(label, "_", "choix")[:40], taken, "_")
        if code in taken:
            raise BuilderError({"options": f"Le code « {code} » est utilisé deux fois."})
        taken.add(code)
        choices.append({"const": code, "title": label})
    if not choices:
        raise BuilderError({"options": "Saisissez au moins une option (une par ligne)."})
    return choices


def options_text(schema: Mapping[str, Any]) -> str:
    """Options as the editor shows them, one « code | Libellé » per line."""
    if "oneOf" in schema:
        return "\n".join(f"{o['const']} | {o['title']}" for o in schema["oneOf"])
    return "\n".join(f"{v} | {v}" for v in schema.get("enum", ()))


def choice_values(schema: Mapping[str, Any]) -> tuple[Any, ...]:
    """The values of a choice's options."""
    if "oneOf" in schema:
        return tuple(option.get("const") for option in schema["oneOf"])
    return tuple(schema.get("enum") or ())


def _put(target: dict[str, Any], key: str, value: Any) -> None:
    if value is None or value == "" or value == []:
        target.pop(key, None)
    else:
        target[key] = value


def _text(value: Any) -> str | None:
    text = str(value or "").strip()
    return text or None


def required_text(value: Any, name: str) -> str:
    """The trimmed text, or :class:`BuilderError` on input ``name`` when it is empty."""
    text = _text(value)
    if text is None:
        raise BuilderError({name: "Ce champ est obligatoire."})
    return text


def _int(value: Any, name: str, low: int, high: int) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        raise BuilderError({name: "Saisissez un nombre entier."}) from None
    if not low <= number <= high:
        raise BuilderError({name: f"Saisissez un nombre entre {low} et {high}."})
    return number


def _number(value: Any, name: str) -> int | float | None:
    if value in (None, ""):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    try:
        return parse_number(str(value))
    except ValueError as error:
        raise BuilderError({name: str(error)}) from None
