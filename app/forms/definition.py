"""Checking a form definition: the published schema of schemas, then what a schema cannot say.

:func:`validate_definition` reports every problem at once, each with the JSON pointer of the
offending part and a French message for the scheme builder (and bundle import).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final

from jsonschema import ValidationError
from jsonschema.exceptions import SchemaError

from app.core.jsonschemas import validator as published_validator
from app.forms.base import RESERVED_NAMES
from app.forms.conditions import ITEM, logic_validator, references
from app.forms.identity import IDENTITY_FIELD, is_identity
from app.forms.spec import Kind, is_choice, kind_of
from app.forms.validators import FORMAT_CHECKER, VALIDATOR

DEFINITION_SCHEMA_ID: Final = "https://schemas.tremplin.fr/forms/v1/form-definition.schema.json"
MAX_DEPTH: Final = 4

_STRING_KEYWORDS = ("minLength", "maxLength", "pattern", "format")
_NUMBER_KEYWORDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")
_ARRAY_KEYWORDS = ("items", "minItems", "maxItems", "uniqueItems")
_OBJECT_KEYWORDS = ("properties", "required", "additionalProperties")
SUPPORTED_KEYWORDS: Final = frozenset(
    (
        "$comment",
        "$ref",
        "type",
        "title",
        "description",
        "default",
        "enum",
        "oneOf",
        "const",
        *_STRING_KEYWORDS,
        *_NUMBER_KEYWORDS,
        *_ARRAY_KEYWORDS,
        *_OBJECT_KEYWORDS,
    )
)
_WIDGETS: Final[dict[Kind, frozenset[str]]] = {
    Kind.TEXT: frozenset({"text", "hidden"}),
    Kind.TEXTAREA: frozenset({"textarea"}),
    Kind.TEL: frozenset({"text", "hidden"}),
    Kind.POSTAL: frozenset({"code-postal"}),
    Kind.EMAIL: frozenset({"email", "text", "hidden"}),
    Kind.DATE: frozenset({"date", "text"}),
    Kind.INTEGER: frozenset({"text", "updown", "hidden"}),
    Kind.NUMBER: frozenset({"text", "updown", "hidden"}),
    Kind.YES_NO: frozenset({"radio"}),
    Kind.CHECKBOX: frozenset({"checkbox"}),
    Kind.CHOICE: frozenset({"radio", "select", "hidden"}),
    Kind.MULTI: frozenset({"checkboxes"}),
    Kind.FILE: frozenset({"file"}),
}
_OPTIONS: Final[dict[str, frozenset[Kind]]] = {
    "inputType": frozenset({Kind.TEXT, Kind.TEL}),
    "rows": frozenset({Kind.TEXTAREA}),
    "accept": frozenset({Kind.FILE}),
    "maxSize": frozenset({Kind.FILE}),
    "addable": frozenset({Kind.GROUP}),
    "removable": frozenset({Kind.GROUP}),
    "addLabel": frozenset({Kind.GROUP}),
    "removeLabel": frozenset({Kind.GROUP}),
    "itemTitle": frozenset({Kind.GROUP}),
    "autocomplete": frozenset({Kind.IDENTITY}),
}


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a definition: where (JSON pointer) and what (French)."""

    path: str
    message: str

    def as_json(self) -> dict[str, str]:
        """``{"path": ..., "message": ...}``."""
        return {"path": self.path, "message": self.message}


class InvalidDefinition(ValueError):
    """A definition that :func:`validate_definition` refuses was used to build a form."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(f"{p.path or '/'} : {p.message}" for p in problems[:5]))
        self.problems = problems


def pointer(*tokens: object) -> str:
    """JSON pointer of path tokens."""
    return "".join("/" + str(t).replace("~", "~0").replace("/", "~1") for t in tokens)


def validate_definition(definition: Any) -> list[Problem]:
    """Every problem of a form definition (empty when it can be published), sorted by path."""
    if not isinstance(definition, Mapping):
        return [Problem("", "La définition doit être un objet JSON.")]
    problems = set(_structure(definition))
    checker = _Semantics(definition)
    try:
        checker.run()
    except (TypeError, KeyError, AttributeError, ValueError, IndexError):
        # Semantic checks assume the structure; its problems are already reported above.
        if not problems:  # pragma: no cover - a structurally valid definition never gets here
            raise
    problems.update(checker.problems)
    return sorted(problems)


def ensure_valid(definition: Any) -> None:
    """Raise :class:`InvalidDefinition` unless the definition is valid."""
    problems = validate_definition(definition)
    if problems:
        raise InvalidDefinition(problems)


# Structure: the published schema of schemas ------------------------------------------------------


def _structure(definition: Mapping[str, Any]) -> Iterator[Problem]:
    for error in published_validator(DEFINITION_SCHEMA_ID).iter_errors(definition):
        yield from _translate(error)


def _translate(error: ValidationError) -> Iterator[Problem]:
    path = pointer(*error.absolute_path)
    keyword = error.validator
    instance = error.instance
    if keyword == "additionalProperties" and isinstance(instance, Mapping):
        known = set(error.schema.get("properties", {}))
        patterns = error.schema.get("patternProperties", {})
        for key in instance:
            if key not in known and not any(re.search(p, key) for p in patterns):
                yield Problem(pointer(*error.absolute_path, key), _unknown_key(key))
        return
    if "propertyNames" in error.schema_path:
        yield Problem(
            pointer(*error.absolute_path, instance),
            f"Nom de champ invalide « {str(instance)[:60]} » : lettres minuscules sans accent, "
            "chiffres et « _ », en commençant par une lettre (63 caractères au plus).",
        )
        return
    if keyword in ("anyOf", "oneOf") and error.context:
        deepest = max(error.context, key=lambda e: len(e.absolute_path))
        if len(deepest.absolute_path) > len(error.absolute_path):
            yield from _translate(deepest)
            return
    yield Problem(path, _message(error))


def _unknown_key(key: str) -> str:
    if key.startswith("ui:"):
        return f"Clé d'interface non prise en charge : « {key} »."
    return f"Mot-clé non pris en charge : « {key} » (voir docs/forms.md)."


def _message(error: ValidationError) -> str:
    keyword = error.validator
    value = error.validator_value
    messages: dict[str, Callable[[], str]] = {
        "required": lambda: (
            "Clés obligatoires manquantes : "
            + ", ".join(f"« {k} »" for k in value if k not in error.instance)
            + "."
        ),
        "type": lambda: f"Type attendu : {_types(value)}.",
        "enum": lambda: (
            "Valeur non prise en charge ; valeurs possibles : "
            + ", ".join(f"« {v} »" for v in value)
            + "."
        ),
        "const": lambda: (
            f"Seule la valeur {value!r} est possible ici."
            if value is not True
            else "Seule la valeur true est possible ici."
        ),
        "pattern": lambda: "Valeur au format invalide.",
        "minItems": lambda: f"Au moins {value} élément(s) attendu(s).",
        "maxItems": lambda: f"Au plus {value} élément(s).",
        "uniqueItems": lambda: "Les éléments doivent être tous différents.",
        "minProperties": lambda: f"Au moins {value} champ(s) attendu(s).",
        "maxProperties": lambda: f"Au plus {value} champs.",
        "maxLength": lambda: f"Texte trop long ({value} caractères au plus).",
        "minLength": lambda: "Texte vide.",
        "minimum": lambda: f"Valeur inférieure au minimum ({value}).",
        "maximum": lambda: f"Valeur supérieure au maximum ({value}).",
        "exclusiveMinimum": lambda: f"La valeur doit être strictement supérieure à {value}.",
    }
    return messages.get(keyword, lambda: f"Valeur invalide (« {keyword} »).")()


def _types(value: Any) -> str:
    names = {
        "string": "texte",
        "integer": "nombre entier",
        "number": "nombre",
        "boolean": "booléen",
        "array": "liste",
        "object": "objet",
    }
    values = value if isinstance(value, list) else [value]
    return " ou ".join(names.get(v, str(v)) for v in values)


# Semantics: what the schema of schemas cannot express ---------------------------------------------


class _Semantics:
    """Walks a definition collecting :class:`Problem`\\ s."""

    def __init__(self, definition: Mapping[str, Any]) -> None:
        self.schema = definition.get("schema", {})
        self.ui = definition.get("ui", {}) or {}
        self.problems: list[Problem] = []
        self.top_names: set[str] = set()

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def run(self) -> None:
        properties = self.schema.get("properties", {})
        self.top_names = set(properties)
        self.object_level(self.schema, self.ui, ("schema",), ("ui",), depth=0, in_group=False)
        self.steps(properties)

    # Objects and their properties ---------------------------------------------------------------

    def object_level(
        self,
        schema: Mapping[str, Any],
        ui: Mapping[str, Any],
        at: tuple[str, ...],
        ui_at: tuple[str, ...],
        *,
        depth: int,
        in_group: bool,
    ) -> None:
        properties = schema.get("properties", {})
        for name in schema.get("required", ()):
            if name not in properties:
                self.add(pointer(*at, "required"), f"Champ obligatoire inconnu : « {name} ».")
        for key in ui:
            if not key.startswith("ui:") and key not in properties and key != "items":
                self.add(pointer(*ui_at, key), f"Champ inconnu dans l'interface : « {key} ».")
        for name in ui.get("ui:order", ()):
            if name != "*" and name not in properties:
                self.add(pointer(*ui_at, "ui:order"), f"Champ inconnu dans ui:order : « {name} ».")
        siblings = set(properties)
        required = set(schema.get("required", ()))
        for name, prop in properties.items():
            if isinstance(prop, Mapping) and prop.get("const") is True and name not in required:
                self.add(
                    pointer(*at, "properties", name, "const"),
                    "Une case à cocher imposée (« const »: true) doit être dans « required ».",
                )
            self.property(
                name,
                prop,
                ui.get(name, {}),
                (*at, "properties", name),
                (*ui_at, name),
                depth=depth,
                in_group=in_group,
                siblings=siblings,
            )

    def property(
        self,
        name: str,
        prop: Mapping[str, Any],
        ui: Mapping[str, Any],
        at: tuple[str, ...],
        ui_at: tuple[str, ...],
        *,
        depth: int,
        in_group: bool,
        siblings: set[str],
    ) -> None:
        here = pointer(*at)
        if name in RESERVED_NAMES:
            self.add(here, f"Nom de champ réservé : « {name} » ; choisissez un autre nom.")
        if ui.get("ui:field") == IDENTITY_FIELD and not is_identity(prop):
            self.add(
                pointer(*ui_at, "ui:field"),
                "Le bloc identité se déclare par "
                '"$ref": "https://schemas.tremplin.fr/forms/v1/identite.schema.json".',
            )
        if "$ref" in prop:
            extra = set(prop) - {"$ref", "title", "description", "$comment"}
            if extra:
                self.add(here, "Le bloc identité n'accepte que « title » et « description ».")
            self.options(Kind.IDENTITY, ui, ui_at)
            self.condition(ui, ui_at, in_group=in_group, siblings=siblings)
            return
        kind = self.kind(prop, ui, here)
        if kind is None:
            return
        self.keywords(kind, prop, here)
        self.ui_for(kind, prop, ui, ui_at, in_group=in_group, siblings=siblings)
        if kind is Kind.FILE and (depth > 0 or in_group):
            self.add(here, "Un fichier ne peut être demandé qu'au premier niveau du formulaire.")
        if kind in (Kind.OBJECT, Kind.GROUP) and depth + 1 >= MAX_DEPTH:
            self.add(here, f"Trop de niveaux imbriqués ({MAX_DEPTH} au plus).")
            return
        if kind is Kind.OBJECT:
            self.object_level(prop, ui, at, ui_at, depth=depth + 1, in_group=in_group)
        elif kind is Kind.GROUP:
            items = prop["items"]
            if "properties" not in items:
                self.add(
                    pointer(*at, "items"), "Un groupe répétable décrit ses champs (« properties »)."
                )
                return
            self.no_extras(
                items,
                pointer(*at, "items"),
                (*_OBJECT_KEYWORDS, "type", "title", "description", "$comment"),
            )
            self.object_level(
                items,
                ui.get("items", {}),
                (*at, "items"),
                (*ui_at, "items"),
                depth=depth + 1,
                in_group=True,
            )

    def kind(self, prop: Mapping[str, Any], ui: Mapping[str, Any], here: str) -> Kind | None:
        if "type" not in prop:
            self.add(here, "Indiquez le type du champ (« type »).")
            return None
        kind = kind_of(prop, ui)
        if kind is None and prop["type"] == "array":
            self.add(
                here,
                "Liste non prise en charge : ses éléments (« items ») doivent être soit des objets "
                "(groupe répétable), soit des textes ou nombres entiers avec « enum » ou « oneOf » "
                "(choix multiple).",
            )
        return kind

    def no_extras(self, prop: Mapping[str, Any], here: str, allowed: tuple[str, ...]) -> None:
        for key in prop:
            if key in SUPPORTED_KEYWORDS and key not in allowed:  # unknown ones: see _structure
                self.add(f"{here}/{key}", f"Mot-clé « {key} » sans effet sur ce type de champ.")

    def keywords(self, kind: Kind, prop: Mapping[str, Any], here: str) -> None:
        kind_type = prop["type"]
        base = ("type", "title", "description", "$comment", "default")
        allowed: tuple[str, ...] = base
        if kind_type == "string":
            allowed += (*_STRING_KEYWORDS, "enum", "oneOf")
        elif kind_type in ("integer", "number"):
            allowed += _NUMBER_KEYWORDS + (("enum", "oneOf") if kind_type == "integer" else ())
        elif kind_type == "boolean":
            allowed += ("const",)
        elif kind_type == "array":
            allowed += _ARRAY_KEYWORDS
        elif kind_type == "object":
            allowed = ("type", "title", "description", "$comment", *_OBJECT_KEYWORDS)
        self.no_extras(prop, here, allowed)
        if is_choice(prop):
            self.choice_values(prop, here)
            if "format" in prop or "pattern" in prop:
                self.add(here, "Un choix n'a ni « format » ni « pattern ».")
        if kind is Kind.MULTI:
            items = prop["items"]
            self.no_extras(items, f"{here}/items", ("type", "enum", "oneOf", "title", "$comment"))
            self.choice_values(items, f"{here}/items")
        self.bounds(prop, here)
        if "pattern" in prop:
            try:
                re.compile(prop["pattern"])
            except re.error as exc:
                self.add(f"{here}/pattern", f"Motif (pattern) invalide : {exc}.")
        if "default" in prop:
            self.default(kind, prop, here)

    def choice_values(self, prop: Mapping[str, Any], here: str) -> None:
        if "enum" in prop and "oneOf" in prop:
            self.add(here, "Utilisez « enum » ou « oneOf », pas les deux.")
        expected = {"string": str, "integer": int}.get(prop.get("type", ""))
        values = [o.get("const") for o in prop.get("oneOf", ())] + list(prop.get("enum", ()))
        if expected is None:
            self.add(here, "Les choix sont des textes (« string ») ou des entiers (« integer »).")
        elif any(type(v) is not expected for v in values):
            self.add(here, "Chaque valeur proposée doit être du type du champ.")
        if len({str(v) for v in values}) != len(values):
            self.add(here, "Deux options ont la même valeur.")

    def bounds(self, prop: Mapping[str, Any], here: str) -> None:
        for low, high in (
            ("minLength", "maxLength"),
            ("minimum", "maximum"),
            ("minItems", "maxItems"),
            ("exclusiveMinimum", "exclusiveMaximum"),
        ):
            if low in prop and high in prop and prop[low] > prop[high]:
                self.add(here, f"« {low} » est plus grand que « {high} ».")

    def default(self, kind: Kind, prop: Mapping[str, Any], here: str) -> None:
        if kind in (Kind.GROUP, Kind.OBJECT, Kind.FILE):
            self.add(f"{here}/default", "Pas de valeur par défaut pour ce type de champ.")
            return
        schema = {k: v for k, v in prop.items() if k != "default"}
        try:
            errors = list(
                VALIDATOR(schema, format_checker=FORMAT_CHECKER).iter_errors(prop["default"])
            )
        except SchemaError:  # pragma: no cover - the structure check reports it
            return
        if errors:
            self.add(f"{here}/default", "La valeur par défaut ne respecte pas le champ.")

    # Presentation --------------------------------------------------------------------------------

    def ui_for(
        self,
        kind: Kind,
        prop: Mapping[str, Any],
        ui: Mapping[str, Any],
        ui_at: tuple[str, ...],
        *,
        in_group: bool,
        siblings: set[str],
    ) -> None:
        widget = ui.get("ui:widget")
        if widget is not None and widget not in _WIDGETS.get(kind, frozenset()):
            self.add(
                pointer(*ui_at, "ui:widget"),
                f"Le widget « {widget} » ne convient pas à ce champ.",
            )
        if kind is Kind.POSTAL and "pattern" not in prop:
            self.add(
                pointer(*ui_at, "ui:widget"),
                'Un code postal a un motif, par exemple "pattern": "^[0-9]{5}$".',
            )
        if widget == "hidden" and "default" not in prop:
            self.add(pointer(*ui_at, "ui:widget"), "Un champ caché a une valeur par défaut.")
        if "patternMessage" in ui.get("ui:options", {}) and "pattern" not in prop:
            self.add(
                pointer(*ui_at, "ui:options", "patternMessage"), "Message sans motif (pattern)."
            )
        self.options(kind, ui, ui_at)
        self.condition(ui, ui_at, in_group=in_group, siblings=siblings)

    def options(self, kind: Kind, ui: Mapping[str, Any], ui_at: tuple[str, ...]) -> None:
        for option in ui.get("ui:options", {}):
            kinds = _OPTIONS.get(option)
            if kinds is not None and kind not in kinds:
                self.add(
                    pointer(*ui_at, "ui:options", option),
                    f"L'option « {option} » ne s'applique pas à ce champ.",
                )

    def condition(
        self, ui: Mapping[str, Any], ui_at: tuple[str, ...], *, in_group: bool, siblings: set[str]
    ) -> None:
        if "ui:condition" not in ui:
            return
        logic = ui["ui:condition"]
        here = pointer(*ui_at, "ui:condition")
        for scope, name in sorted(references(logic)):
            known = siblings if scope == ITEM and in_group else self.top_names
            if scope not in ("form", ITEM) or (scope == ITEM and not in_group):
                self.add(here, f"Variable inconnue : « {scope}.{name} » (utilisez form.<champ>).")
            elif name not in known:
                self.add(here, f"Champ inconnu dans la condition : « {scope}.{name} ».")
        check = logic_validator()
        if check is None:
            return
        for problem in check(logic) or ():
            path, message = _logic_problem(problem)
            self.add(here + path, message)

    # Steps ---------------------------------------------------------------------------------------

    def steps(self, properties: Mapping[str, Any]) -> None:
        steps = self.ui.get("ui:steps")
        if not steps:
            return
        if "ui:order" in self.ui:
            self.add(
                "/ui/ui:order",
                "Avec des étapes, l'ordre des champs est celui de chaque étape (ui:steps).",
            )
        seen: dict[str, str] = {}
        ids: set[str] = set()
        for index, step in enumerate(steps):
            here = pointer("ui", "ui:steps", index)
            if step["id"] in ids:
                self.add(f"{here}/id", f"Deux étapes ont l'identifiant « {step['id']} ».")
            ids.add(step["id"])
            for name in step["fields"]:
                if name not in properties:
                    self.add(f"{here}/fields", f"Champ inconnu : « {name} ».")
                elif name in seen:
                    self.add(
                        f"{here}/fields",
                        f"Le champ « {name} » est déjà dans l'étape « {seen[name]} ».",
                    )
                else:
                    seen[name] = step["id"]
        for name in properties:
            if name not in seen:
                self.add("/ui/ui:steps", f"Le champ « {name} » n'est dans aucune étape.")


def _logic_problem(problem: Any) -> tuple[str, str]:
    """(sub-path, message) of whatever ``validate_logic`` reports (objects or pairs)."""
    if isinstance(problem, tuple) and len(problem) == 2:
        return str(problem[0]), str(problem[1])
    return str(getattr(problem, "path", "")), str(getattr(problem, "message", problem))
