"""``demo.annuaire``: a school directory lookup — the smallest complete data source.

Copy this file to write a new source: declare the schemas, map inputs to the provider's request,
map every failure to a typed error, and use only ``ctx.http`` (the host's client) for HTTP.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, ClassVar

import httpx

from app.datasources.base import (
    CheckResult,
    DataSource,
    FetchContext,
    FetchResult,
    JSONSchema,
    RateLimit,
)
from app.datasources.errors import (
    ConfigurationError,
    DataSourceError,
    DestinationRefused,
    NotFound,
    RateLimited,
    Unavailable,
)
from app.datasources.identity import object_schema


class Annuaire(DataSource):
    """Looks a school up by its UAI code in the demo directory."""

    id = "demo.annuaire"  # = the entry-point name; stored in the database, never renamed
    label = "Annuaire des établissements (démonstration)"
    description = "Nom, commune et secteur d'un établissement scolaire, à partir de son code UAI."
    provider = "demo"
    provider_label = "Annuaire de démonstration"
    habilitation_label = "Annuaire de démonstration"
    scopes = ()
    ttl_seconds = 3600
    rate_limit = RateLimit(requests=10, period=1.0)
    config_schema: ClassVar[JSONSchema] = {
        "type": "object",
        "properties": {
            "base_url": {
                "type": "string",
                "pattern": "^https?://[^/?#]+(/[^?#]*)?$",
                "title": "Adresse de l'annuaire",
                "x-message": "Saisissez une adresse web complète (https://…).",
            },
            "api_key": {
                "type": "string",
                "minLength": 8,
                "writeOnly": True,  # secret: stored encrypted, never shown back
                "title": "Clé d'API",
                "x-message": "La clé d'API comporte au moins 8 caractères.",
            },
        },
        "required": ["base_url", "api_key"],
        "additionalProperties": False,
    }
    input_schema = object_schema(
        {
            "code_etablissement": {
                "type": "string",
                "pattern": r"^\d{7}[A-Za-z]$",
                "title": "Code UAI de l'établissement",
                "x-message": "Le code UAI comporte 7 chiffres suivis d'une lettre (ex. 0330023W).",
            }
        },
        ["code_etablissement"],
    )
    output_schema: ClassVar[JSONSchema] = {
        "type": "object",
        "properties": {
            "nom": {"type": "string", "title": "Nom de l'établissement"},
            "commune": {"type": "string", "title": "Commune"},
            "type": {"type": "string", "title": "Type (école, collège, lycée)"},
            "secteur": {"type": "string", "enum": ["public", "prive"], "title": "Secteur"},
            "education_prioritaire": {"type": "boolean", "title": "Éducation prioritaire"},
        },
        "required": ["nom", "secteur"],
    }

    def fetch(self, ctx: FetchContext, inputs: Mapping[str, Any]) -> FetchResult:
        """``GET {base_url}/etablissements/{uai}`` with the API key."""
        uai = inputs["code_etablissement"].upper()
        response = self._get(ctx, f"/etablissements/{uai}")
        if response.status_code == 404:
            raise NotFound("Cet établissement est inconnu de l'annuaire.", status=404)
        if response.status_code != 200:
            raise _error(response)
        try:
            body = json.loads(response.content)
        except ValueError as error:
            raise Unavailable("La réponse de l'annuaire est illisible.") from error
        caveats = () if body.get("ouvert", True) else ("Établissement fermé.",)
        values = {key: body[key] for key in self.output_schema["properties"] if key in body}
        return FetchResult(
            values=values,
            request_id=response.headers.get("X-Request-ID", ""),
            caveats=caveats,
        )

    def check(self, ctx: FetchContext) -> CheckResult:
        """``GET {base_url}/ping``: the key is accepted and the directory answers."""
        response = self._get(ctx, "/ping")
        if response.status_code in (401, 403):
            return CheckResult(False, "La clé d'API est refusée par l'annuaire.")
        if response.status_code != 200:
            raise _error(response)
        return CheckResult(True, "Connexion réussie à l'annuaire de démonstration.")

    @staticmethod
    def _get(ctx: FetchContext, path: str) -> httpx.Response:
        try:
            return ctx.http.get(
                str(ctx.config["base_url"]).rstrip("/") + path,
                headers={"X-Api-Key": str(ctx.config["api_key"])},
            )
        except DestinationRefused as error:
            raise ConfigurationError("L'adresse de l'annuaire n'est pas autorisée.") from error
        except httpx.HTTPError as error:  # timeouts, refused connections, resets…
            raise Unavailable("L'annuaire ne répond pas.") from error


def _error(response: httpx.Response) -> DataSourceError:
    if response.status_code in (401, 403):
        return ConfigurationError("La clé d'API de l'annuaire est refusée.", status=401)
    if response.status_code == 429:
        after = response.headers.get("Retry-After", "")
        return RateLimited(retry_after=float(after) if after.isdigit() else 1.0, status=429)
    if response.status_code >= 500:
        return Unavailable(status=response.status_code)
    return ConfigurationError(
        f"L'annuaire a refusé la requête (statut {response.status_code}).",
        status=response.status_code,
    )
