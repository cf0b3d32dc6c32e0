"""The base class shared by every API Particulier source: modalities, call, result."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, ClassVar

from app.datasources.base import CheckResult, DataSource, FetchContext, FetchResult, utcnow
from plugins.api_particulier import CONFIG_SCHEMA, HABILITATION_LABEL, PROVIDER, RATE_LIMIT
from plugins.api_particulier.client import get_data, introspect

IDENTITE = "identite"
INE = "ine"
FRANCE_CONNECT = "france_connect"


class ApiParticulierSource(DataSource):
    """One API Particulier resource, reachable through one or more modalities.

    Subclasses set ``paths`` (modality → path) and implement :meth:`params` and :meth:`values`.
    The modality follows the inputs: a ``france_connect_token`` selects FranceConnect, an ``ine``
    the INE modality, anything else the identity pivot.
    """

    provider = PROVIDER
    habilitation_label = HABILITATION_LABEL
    config_schema = CONFIG_SCHEMA
    rate_limit = RATE_LIMIT
    paths: ClassVar[dict[str, str]] = {}

    def modality(self, inputs: Mapping[str, Any]) -> str:
        """Which path to call for these inputs."""
        if inputs.get("france_connect_token"):
            return FRANCE_CONNECT
        if inputs.get("ine") and INE in self.paths:
            return INE
        return IDENTITE

    def params(self, modality: str, inputs: Mapping[str, Any]) -> list[tuple[str, str]]:
        """Query parameters (without ``recipient``) in the API's own names."""
        raise NotImplementedError

    def values(
        self, data: dict[str, Any], inputs: Mapping[str, Any], fetched_at: dt.datetime
    ) -> tuple[dict[str, Any], list[str]]:
        """The output values and the caveats (French sentences) for a response's ``data``."""
        return data, []

    def fetch(self, ctx: FetchContext, inputs: Mapping[str, Any]) -> FetchResult:
        """Call the modality's path and convert the response."""
        modality = self.modality(inputs)
        response = get_data(
            ctx,
            self.paths[modality],
            self.params(modality, inputs),
            france_connect_token=inputs.get("france_connect_token"),
        )
        fetched_at = utcnow()
        values, caveats = self.values(response.data, inputs, fetched_at)
        return FetchResult(
            values=values,
            fetched_at=fetched_at,
            request_id=response.request_id,
            caveats=tuple(caveats),
            ttl_seconds=response.cache_expires_in,
        )

    def check(self, ctx: FetchContext) -> CheckResult:
        """Introspect the token: valid, and does it grant this source's scopes?"""
        return introspect(ctx, self.scopes)
