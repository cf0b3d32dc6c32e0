"""Typed output variables of a source, for the rule builder (path, JSON type, French label)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.datasources.base import JSONSchema


@dataclass(frozen=True)
class Variable:
    """One value a source returns: ``path`` is dotted (``quotient_familial.valeur``)."""

    path: str
    type: str
    label: str
    nullable: bool = False
    choices: tuple[Any, ...] = ()
    """The values an ``enum`` output may take (for type checks of rules)."""


def schema_variables(
    schema: JSONSchema, prefix: str = "", parent_label: str = ""
) -> list[Variable]:
    """Leaves of an output schema: scalars and arrays, nested objects flattened with dots."""
    variables: list[Variable] = []
    for name, spec in (schema.get("properties") or {}).items():
        path = f"{prefix}{name}"
        kinds = _types(spec)
        label = spec.get("title") or (f"{parent_label} — {name}" if parent_label else name)
        main = next((k for k in kinds if k != "null"), "string")
        if main == "object" and spec.get("properties"):
            variables.extend(schema_variables(spec, f"{path}.", label))
            continue
        choices = tuple(v for v in spec.get("enum", ()) if v is not None)
        variables.append(Variable(path, main, label, "null" in kinds, choices))
    return variables


def _types(spec: dict[str, Any]) -> list[str]:
    kind = spec.get("type")
    if isinstance(kind, list):
        return [str(k) for k in kind]
    if isinstance(kind, str):
        return [kind]
    if "enum" in spec:
        return ["string"]
    return ["string"]
