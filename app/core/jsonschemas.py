"""Registry of the platform's JSON Schemas (``schemas/``), resolved by ``$id``, validators cached.

Every contract document (form definitions, rules, scheme bundles, plugin options…) is validated
against a versioned schema here. Schemas are loaded once per process; a published schema file is
never edited — a new version gets a new ``$id``.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMAS_DIR = Path(__file__).resolve().parents[2] / "schemas"


@cache
def registry() -> Registry:
    """Every ``*.schema.json`` under ``schemas/``, keyed by its ``$id``."""
    resources = []
    for path in sorted(SCHEMAS_DIR.rglob("*.schema.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        if "$id" not in document:
            raise ValueError(f"{path} has no $id")
        resources.append((document["$id"], Resource.from_contents(document, DRAFT202012)))
    return Registry().with_resources(resources)


def schema(schema_id: str) -> dict[str, Any]:
    """The schema document published under ``schema_id``."""
    return registry().contents(schema_id)


@cache
def validator(schema_id: str) -> Draft202012Validator:
    """A cached validator (with format checking) for the schema ``schema_id``."""
    document = schema(schema_id)
    Draft202012Validator.check_schema(document)
    return Draft202012Validator(document, registry=registry(), format_checker=FormatChecker())


def json_path(parts: Any) -> str:
    """JSON pointer (``/a/0/b``) of a jsonschema error path."""
    return (
        "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in parts) if parts else ""
    )


def errors(schema_id: str, document: Any) -> list[tuple[str, str]]:
    """Every violation as (JSON pointer, message), sorted by path."""
    found = validator(schema_id).iter_errors(document)
    return sorted((json_path(e.absolute_path), e.message) for e in found)


def _deepest(error: Any) -> Any:
    while error.context:
        error = max(error.context, key=lambda e: len(e.absolute_path))
    return error


def french_message(error: Any) -> str:
    """A French sentence for an administrator, from a jsonschema error."""
    keyword, expected = error.validator, error.validator_value
    if keyword == "required":
        missing = [name for name in expected if name not in (error.instance or {})]
        return f"Propriété obligatoire manquante : « {', '.join(missing)} »"
    if keyword == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        extra = sorted(set(error.instance) - known) if isinstance(error.instance, dict) else []
        return f"Propriété non prévue : « {', '.join(extra)} »"
    if keyword == "type":
        return f"Type invalide (attendu : {expected})"
    if keyword in ("enum", "const"):
        allowed = expected if keyword == "enum" else [expected]
        return "Valeur non autorisée (attendu : " + ", ".join(map(str, allowed)) + ")"
    if keyword == "pattern":
        return "Format invalide"
    if keyword == "format":
        return f"Format invalide (attendu : {expected})"
    if keyword in ("minLength", "maxLength", "minItems", "maxItems"):
        return f"Longueur invalide ({keyword} = {expected})"
    if keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        return f"Valeur hors limites ({keyword} = {expected})"
    if keyword == "uniqueItems":
        return "Éléments en double"
    if keyword == "not":
        return "Contenu non autorisé à cet endroit"
    return f"Valeur non conforme ({keyword})"


def french_errors(schema_id: str, document: Any, prefix: str = "") -> list[tuple[str, str]]:
    """Every violation as (JSON pointer, French message), sorted by path."""
    found = []
    for error in validator(schema_id).iter_errors(document):
        deepest = _deepest(error)
        found.append((prefix + json_path(deepest.absolute_path), french_message(deepest)))
    return sorted(set(found))
