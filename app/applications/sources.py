"""Turning a scheme's data-source mapping and an application's answers into fetched facts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from app.datasources import service as datasources
from app.datasources.errors import DataSourceError
from app.forms import pivot
from app.tenants.models import Tenant


@dataclass
class FetchedSources:
    """What the data sources returned for one application (by alias)."""

    values: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    fetched_at: dict[str, dt.datetime] = field(default_factory=dict)
    provenance: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: dict[str, DataSourceError] = field(default_factory=dict)

    @property
    def retryable(self) -> list[DataSourceError]:
        return [e for e in self.errors.values() if e.retryable]

    def retry_after(self) -> float | None:
        """Longest ``retry_after`` a provider asked for, if any."""
        waits = [getattr(e, "retry_after", None) for e in self.retryable]
        waits = [w for w in waits if w]
        return max(waits) if waits else None


def resolve(answers: dict[str, Any], path: str) -> Any:
    """Value at a dotted path of the answers (``None`` if absent); list indices are digits."""
    current: Any = answers
    for part in path.removeprefix("form.").split("."):
        if isinstance(current, dict):
            current = current.get(part)
        elif isinstance(current, list) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        else:
            return None
    return current


def build_inputs(mapping: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """Inputs of one data source: identity-pivot fields from the identity block, then the rest."""
    inputs: dict[str, Any] = {}
    identity = mapping.get("identity")
    if identity:
        block = resolve(answers, identity)
        if isinstance(block, dict):
            inputs.update(pivot(block))
    for name, spec in (mapping.get("inputs") or {}).items():
        value = spec["const"] if "const" in spec else resolve(answers, spec["field"])
        if value is not None:
            inputs[name] = value
    return inputs


def fetch_all(
    tenant: Tenant, mappings: list[dict[str, Any]], answers: dict[str, Any]
) -> FetchedSources:
    """Ask every data source of the scheme; failures are collected, never raised."""
    fetched = FetchedSources()
    for mapping in mappings:
        alias = mapping["alias"]
        try:
            source = datasources.get_source(mapping["source"])
            fetched.labels[alias] = source.provider_label
            result = datasources.fetch(tenant, mapping["source"], build_inputs(mapping, answers))
        except DataSourceError as error:
            fetched.values[alias] = None
            fetched.errors[alias] = error
            continue
        fetched.values[alias] = result.values
        fetched.fetched_at[alias] = result.fetched_at
        fetched.provenance[alias] = {
            "source": mapping["source"],
            "label": source.provider_label,
            "fetched_at": result.fetched_at.isoformat(),
            "request_id": result.request_id,
            "caveats": list(result.caveats),
        }
    return fetched
