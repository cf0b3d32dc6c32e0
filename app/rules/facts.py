"""Facts: the data a scheme's rules read, with where each part came from.

By convention form answers live under ``form.<field>`` (repeating groups are lists of objects, e.g.
``form.enfants``) and data-source outputs under ``sources.<alias>.<field>`` (e.g.
``sources.qf.quotient_familial``). Provenance is attached to path prefixes (``"form"``,
``"sources.qf"``); a value's provenance is that of the longest prefix of its path.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any

from app.rules.paths import is_prefix

FORM = "form"
SOURCE = "source"


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a value came from: a form answer, or a data source (provider, fetch time)."""

    kind: str
    """``"form"`` or ``"source"`` (other kinds are allowed, e.g. ``"agent"``)."""
    label: str = ""
    """French label: « CNAF via API Particulier » for a source."""
    source: str | None = None
    """The data source's alias in the scheme (``"qf"``)."""
    fetched_at: datetime | None = None

    @classmethod
    def form(cls) -> Provenance:
        """A form answer."""
        return cls(FORM, "formulaire")

    @classmethod
    def data_source(cls, alias: str, label: str, fetched_at: datetime | None = None) -> Provenance:
        """A data source's output."""
        return cls(SOURCE, label, alias, fetched_at)

    def to_dict(self) -> dict[str, Any]:
        """JSON form (``fetched_at`` in ISO 8601)."""
        return {
            "kind": self.kind,
            "label": self.label,
            "source": self.source,
            "fetched_at": self.fetched_at.isoformat() if self.fetched_at else None,
        }

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Provenance:
        """Inverse of :meth:`to_dict`."""
        fetched = raw.get("fetched_at")
        return cls(
            kind=raw["kind"],
            label=raw.get("label", ""),
            source=raw.get("source"),
            fetched_at=datetime.fromisoformat(fetched) if fetched else None,
        )


@dataclass(frozen=True, slots=True)
class Facts:
    """The data mapping given to the rules and the provenance of its parts."""

    data: Mapping[str, Any]
    provenance: Mapping[str, Provenance] = field(default_factory=dict)
    _found: dict[str, Provenance | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @classmethod
    def build(
        cls,
        form: Mapping[str, Any] | None = None,
        sources: Mapping[str, Mapping[str, Any]] | None = None,
        source_labels: Mapping[str, str] | None = None,
        fetched_at: Mapping[str, datetime] | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> Facts:
        """Facts from form answers and data-source outputs (by alias), following the variable
        convention; ``source_labels`` and ``fetched_at`` give each source's provider and time."""
        labels, times = source_labels or {}, fetched_at or {}
        data: dict[str, Any] = {FORM: dict(form or {}), "sources": {}}
        provenance = {FORM: Provenance.form()}
        for alias, values in (sources or {}).items():
            data["sources"][alias] = dict(values) if values is not None else None
            provenance[f"sources.{alias}"] = Provenance.data_source(
                alias, labels.get(alias, alias), times.get(alias)
            )
        data.update(extra or {})
        return cls(data, MappingProxyType(provenance))

    def provenance_of(self, path: str) -> Provenance | None:
        """Provenance of the longest registered prefix of ``path`` (``None`` if none)."""
        if path in self._found:
            return self._found[path]
        best: str | None = None
        for prefix in self.provenance:
            if is_prefix(prefix, path) and (best is None or len(prefix) > len(best)):
                best = prefix
        found = None if best is None else self.provenance[best]
        self._found[path] = found
        return found
