"""JSON Schema validation of a source's inputs and configuration, with French messages per field.

A property's ``x-message`` is the message shown for any error on it; otherwise a generic French
message per kind of error is used.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from app.datasources.base import JSONSchema

REQUIRED = "Ce champ est obligatoire."
GENERIC = {
    "type": "Le format de ce champ n'est pas valide.",
    "enum": "Choisissez une des valeurs proposées.",
    "pattern": "Le format de ce champ n'est pas valide.",
    "format": "Le format de ce champ n'est pas valide.",
    "minLength": "Ce champ est trop court.",
    "maxLength": "Ce champ est trop long.",
    "minimum": "Cette valeur est trop petite.",
    "maximum": "Cette valeur est trop grande.",
    "minItems": "Indiquez au moins une valeur.",
    "maxItems": "Trop de valeurs ont été indiquées.",
    "additionalProperties": "Ce champ n'est pas attendu.",
}
FORM_LEVEL = "_form"
_REQUIRED_NAME = re.compile(r"^'(?P<name>[^']+)' is a required property")
_ANY_OF = "Indiquez l'une des informations demandées."


def field_errors(schema: JSONSchema, instance: Mapping[str, Any]) -> dict[str, str]:
    """``{field: French message}`` for every invalid or missing top-level field."""
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    errors: dict[str, str] = {}
    for error in sorted(validator.iter_errors(instance), key=lambda e: list(e.path)):
        for field, message in _messages(schema, error):
            errors.setdefault(field, message)
    return errors


def _messages(schema: JSONSchema, error: ValidationError) -> list[tuple[str, str]]:
    properties = schema.get("properties", {})
    if error.validator == "required":
        match = _REQUIRED_NAME.match(error.message)
        name = match.group("name") if match else FORM_LEVEL
        return [(name, REQUIRED)]
    if error.validator in ("anyOf", "oneOf") and not error.path:
        return [(FORM_LEVEL, _ANY_OF)]
    if error.validator == "additionalProperties" and not error.path:
        extras = re.findall(r"'([^']+)'", error.message)
        return [(name, GENERIC["additionalProperties"]) for name in extras] or [
            (FORM_LEVEL, GENERIC["additionalProperties"])
        ]
    if not error.path:
        return [(FORM_LEVEL, GENERIC.get(str(error.validator), GENERIC["type"]))]
    name = str(error.path[0])
    spec = properties.get(name, {})
    message = spec.get("x-message") or GENERIC.get(str(error.validator), GENERIC["type"])
    return [(name, message)]
