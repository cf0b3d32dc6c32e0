"""The rules' JSON Schemas (``schemas/rules/v1/``), validated through the platform's schema
registry (:mod:`app.core.jsonschemas`: one cached ``Draft202012Validator`` per schema).

Schema ids live under the stable base ``https://schemas.tremplin.fr/``; a published schema is never
edited (add ``v2``). Other schemas refer to these by id (the scheme bundle embeds the rules
document and its personas).
"""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator

from app.core import jsonschemas

SCHEMA_BASE = "https://schemas.tremplin.fr/"
SCHEMA_DIR = jsonschemas.SCHEMAS_DIR / "rules" / "v1"
LOGIC_SCHEMA_ID = f"{SCHEMA_BASE}rules/v1/logic.schema.json"
RULES_SCHEMA_ID = f"{SCHEMA_BASE}rules/v1/rules.schema.json"
RULE_SCHEMAS = (LOGIC_SCHEMA_ID, RULES_SCHEMA_ID)


def load_schemas() -> dict[str, dict[str, Any]]:
    """The rules schemas by ``$id``."""
    return {schema_id: jsonschemas.schema(schema_id) for schema_id in RULE_SCHEMAS}


def validator(schema_id: str) -> Draft202012Validator:
    """The cached validator of one schema."""
    return jsonschemas.validator(schema_id)
