"""Read models for the "Sources de données" pages."""

from __future__ import annotations

from dataclasses import dataclass

from app.datasources.base import DataSource
from app.datasources.habilitations import habilitations_of, missing_reason
from app.datasources.models import Habilitation
from app.datasources.runtime import runtime


@dataclass(frozen=True)
class SourceStatus:
    """A source and, when it cannot be used, why (French)."""

    source: DataSource
    reason: str | None

    @property
    def available(self) -> bool:
        """An active habilitation covers it."""
        return self.reason is None


@dataclass(frozen=True)
class ProviderOverview:
    """One habilitation kind: its sources and the collectivité's habilitations."""

    provider: str
    label: str
    sources: list[SourceStatus]
    habilitations: list[Habilitation]


def overview(tenant_id: int) -> list[ProviderOverview]:
    """Every provider with its sources' availability and the habilitations on file."""
    habilitations = habilitations_of(tenant_id)
    result = []
    providers = runtime().registry.providers()
    for provider, sources in sorted(providers.items(), key=lambda item: item[0] == "demo"):
        result.append(
            ProviderOverview(
                provider=provider,
                label=sources[0].habilitation_label,
                sources=[SourceStatus(s, missing_reason(tenant_id, s)) for s in sources],
                habilitations=[h for h in habilitations if h.provider == provider],
            )
        )
    return result
