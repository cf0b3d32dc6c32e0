"""Situation d'impôt sur le revenu: revenu fiscal de référence, parts, situation de famille,
personnes à charge — ``GET {api_url}/spi/{spi}/situations/ir/assiettes/annrev/{annrev}``."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any, ClassVar
from urllib.parse import quote

import httpx

from app.datasources.base import (
    CheckResult,
    DataSource,
    FetchContext,
    FetchResult,
    JSONSchema,
    RateLimit,
    utcnow,
)
from app.datasources.errors import (
    ConfigurationError,
    DataSourceError,
    DestinationRefused,
    InvalidInput,
    NotFound,
    RateLimited,
    Unavailable,
)
from app.datasources.identity import FRANCE_CONNECT_TOKEN, SPI, object_schema
from plugins.impot_particulier import CONFIG_SCHEMA, HABILITATION_LABEL, PROVIDER, oauth

SITUATIONS = {
    "M": "Marié(e)s",
    "C": "Célibataire",
    "D": "Divorcé(e)",
    "V": "Veuf(ve)",
    "O": "Pacsé(e)s",
}
NOT_FOUND_STATUSES = (204, 404, 410)
UNKNOWN_SITUATION = "Situation de famille « {code} » inconnue de Tremplin : vérifiez l'avis."
DEFAULT_YEAR = "Revenus {year} : année de revenus par défaut (année précédente)."

_person = {
    "type": ["object", "null"],
    "properties": {
        "nom_naissance": {"type": ["string", "null"], "title": "Nom de naissance"},
        "nom_usage": {"type": ["string", "null"], "title": "Nom d'usage"},
        "prenoms": {"type": ["string", "null"], "title": "Prénoms"},
        "date_naissance": {"type": ["string", "null"], "title": "Date de naissance"},
    },
}


class SituationIR(DataSource):
    """The household's income-tax situation for one year of income, by numéro fiscal."""

    id = "impot_particulier.situation_ir"
    label = "Revenu fiscal de référence et situation du foyer fiscal"
    description = (
        "Revenu fiscal de référence, nombre de parts, situation de famille et personnes à "
        "charge déclarés pour une année de revenus."
    )
    provider = PROVIDER
    provider_label = "DGFiP (API Impôt particulier)"
    habilitation_label = HABILITATION_LABEL
    scopes = ("dgfip_rfr",)
    optional_scopes = ("dgfip_nbpart", "dgfip_sitfam", "dgfip_pac_nbPac", "dgfip_aft")
    config_schema = CONFIG_SCHEMA
    ttl_seconds = 24 * 3600
    rate_limit = RateLimit(requests=20, period=1.0)
    input_schema = object_schema(
        {
            "spi": SPI,
            "annee_revenus": {
                "type": "integer",
                "minimum": 2010,
                "maximum": 2100,
                "title": "Année des revenus",
                "description": "Par défaut l'année précédente (avis d'imposition de l'année).",
                "x-message": "L'année des revenus est invalide.",
            },
            "france_connect_token": FRANCE_CONNECT_TOKEN,
        },
        [],
        anyOf=[{"required": ["spi"]}, {"required": ["france_connect_token"]}],
    )
    output_schema: ClassVar[JSONSchema] = {
        "type": "object",
        "properties": {
            "annee_revenus": {"type": "integer", "title": "Année des revenus"},
            "revenu_fiscal_reference": {
                "type": ["integer", "null"],
                "title": "Revenu fiscal de référence (RFR)",
            },
            "nombre_parts": {"type": ["number", "null"], "title": "Nombre de parts"},
            "situation_familiale": {"type": ["string", "null"], "title": "Situation (code)"},
            "situation_familiale_libelle": {
                "type": ["string", "null"],
                "title": "Situation de famille",
            },
            "nombre_personnes_a_charge": {
                "type": ["integer", "null"],
                "title": "Nombre de personnes à charge",
            },
            "personnes_a_charge": {
                "type": ["object", "null"],
                "title": "Personnes à charge par catégorie",
            },
            "declarant1": {**_person, "title": "Déclarant 1"},
            "declarant2": {**_person, "title": "Déclarant 2"},
            "adresse_fiscale": {"type": ["string", "null"], "title": "Adresse fiscale"},
            "revenu_brut_global": {"type": ["integer", "null"], "title": "Revenu brut global"},
            "revenu_imposable": {"type": ["integer", "null"], "title": "Revenu imposable"},
            "montant_impot": {"type": ["integer", "null"], "title": "Montant de l'impôt"},
        },
    }

    def fetch(self, ctx: FetchContext, inputs: Mapping[str, Any]) -> FetchResult:
        """Get a token (cached), call the SPI or FranceConnect path, map the fields."""
        caveats = []
        year = inputs.get("annee_revenus")
        if year is None:
            year = utcnow().year - 1
            caveats.append(DEFAULT_YEAR.format(year=year))
        path = f"/situations/ir/assiettes/annrev/{int(year)}"
        if not inputs.get("france_connect_token"):
            path = f"/spi/{quote(str(inputs['spi']), safe='')}{path}"
        response = self._get(ctx, path, inputs.get("france_connect_token"))
        body = _json(response)
        values = situation_values(body, int(year))
        code = values.get("situation_familiale")
        if code and code not in SITUATIONS:
            caveats.append(UNKNOWN_SITUATION.format(code=code))
        return FetchResult(
            values=values,
            request_id=response.headers.get("X-Correlation-ID", ctx.correlation_id),
            caveats=tuple(caveats),
        )

    def check(self, ctx: FetchContext) -> CheckResult:
        """Obtain a fresh OAuth token: proves the URLs and the client credentials."""
        oauth.access_token(ctx, renew=True)
        return CheckResult(
            True,
            "Connexion réussie : la DGFiP a délivré un jeton d'accès pour le périmètre "
            f"« {ctx.config.get('oauth_scope') or 'RessourceIR'} ».",
        )

    def _get(self, ctx: FetchContext, path: str, fc_token: str | None) -> httpx.Response:
        response = self._send(ctx, path, oauth.access_token(ctx), fc_token)
        if response.status_code == 401:  # token revoked or expired early: renew once
            response = self._send(ctx, path, oauth.access_token(ctx, renew=True), fc_token)
        if response.status_code != 200:
            error = error_from_response(response, france_connect=fc_token is not None)
            error.request_id = response.headers.get("X-Correlation-ID") or ctx.correlation_id
            raise error
        return response

    @staticmethod
    def _send(ctx: FetchContext, path: str, token: str, fc_token: str | None) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}", "X-Correlation-ID": ctx.correlation_id}
        if ctx.config.get("id_teleservice"):
            headers["ID_Teleservice"] = str(ctx.config["id_teleservice"])
        if fc_token:
            headers["X-FranceConnect-OAuth"] = fc_token
        try:
            return ctx.http.get(str(ctx.config["api_url"]).rstrip("/") + path, headers=headers)
        except DestinationRefused as error:
            raise ConfigurationError(
                "L'adresse de l'API Impôt particulier n'est pas autorisée (adresse privée ou "
                "non chiffrée)."
            ) from error
        except httpx.TimeoutException as error:
            raise Unavailable("La DGFiP n'a pas répondu à temps.") from error
        except httpx.HTTPError as error:
            raise Unavailable("L'API Impôt particulier est injoignable.") from error


def error_from_response(response: httpx.Response, *, france_connect: bool) -> DataSourceError:
    """Typed error for a non-200 DGFiP answer (204/404/410: no tax situation for this SPI)."""
    status = response.status_code
    common: dict[str, Any] = {"status": status, "code": str(status)}
    message = _erreur_message(response).lower()
    if status in NOT_FOUND_STATUSES:
        return NotFound(
            "La DGFiP n'a pas de situation fiscale pour ce numéro fiscal et cette année de "
            "revenus.",
            **common,
        )
    if status == 403:
        challenge = response.headers.get("WWW-Authenticate", "").lower()
        if "scope" in challenge or "token" in challenge:
            return ConfigurationError(
                "Le jeton DGFiP ne donne pas accès à ces données (périmètre insuffisant).",
                **common,
            )
        return NotFound(
            "La DGFiP ne communique pas de situation fiscale pour ce numéro fiscal.", **common
        )
    if status == 401:
        if france_connect:
            return InvalidInput(
                "La connexion FranceConnect a expiré : reconnectez-vous avec FranceConnect.",
                field_errors={"france_connect_token": "Reconnectez-vous avec FranceConnect."},
                **common,
            )
        return ConfigurationError("Le jeton d'accès DGFiP est refusé.", **common)
    if status == 400 and "spi" in message:
        return InvalidInput(field_errors={"spi": SPI["x-message"]}, **common)
    if status == 429:
        after = response.headers.get("Retry-After", "")
        return RateLimited(retry_after=float(after) if after.isdigit() else 1.0, **common)
    if status == 409:
        return Unavailable("La DGFiP traite déjà une demande identique.", retry_after=1.0, **common)
    if status >= 500:
        return Unavailable(**common)
    return ConfigurationError(
        f"L'API Impôt particulier a refusé la requête (statut {status}) : vérifiez la "
        "configuration.",
        **common,
    )


def situation_values(body: Mapping[str, Any], year: int) -> dict[str, Any]:
    """DGFiP field names → the source's output names."""
    pac = body.get("pac") if isinstance(body.get("pac"), dict) else None
    code = body.get("sitFam")
    return {
        "annee_revenus": year,
        "revenu_fiscal_reference": body.get("rfr"),
        "nombre_parts": body.get("nbPart"),
        "situation_familiale": code,
        "situation_familiale_libelle": SITUATIONS.get(code) if isinstance(code, str) else None,
        "nombre_personnes_a_charge": pac.get("nbPac") if pac else None,
        "personnes_a_charge": pac,
        "declarant1": _declarant(body, "1"),
        "declarant2": _declarant(body, "2"),
        "adresse_fiscale": body.get("aft"),
        "revenu_brut_global": body.get("revenuBrutGlobal"),
        "revenu_imposable": body.get("revImposable"),
        "montant_impot": body.get("montTotIr"),
    }


def _declarant(body: Mapping[str, Any], n: str) -> dict[str, Any] | None:
    if not body.get(f"nmNaiDec{n}"):
        return None
    return {
        "nom_naissance": body.get(f"nmNaiDec{n}"),
        "nom_usage": body.get(f"nmUsaDec{n}") or None,
        "prenoms": body.get(f"prnmDec{n}"),
        "date_naissance": _birth_date(body.get(f"dateNaisDec{n}")),
    }


def _birth_date(value: Any) -> str | None:
    """``{"jour": "02", "mois": "08", "annee": "1973"}`` (strings in the spec) → ``1973-08-02``;
    ``None`` when a part is missing or is not a valid calendar date (never an exception)."""
    if not isinstance(value, Mapping):
        return None
    try:
        parts = [int(str(value.get(k) or "").strip()) for k in ("annee", "mois", "jour")]
        return dt.date(*parts).isoformat()
    except (TypeError, ValueError):
        return None


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        body = json.loads(response.content)
    except ValueError as error:
        raise Unavailable("La réponse de la DGFiP est illisible.", status=200) from error
    if not isinstance(body, dict):
        raise Unavailable("La réponse de la DGFiP est illisible.", status=200)
    return body


def _erreur_message(response: httpx.Response) -> str:
    try:
        body = json.loads(response.content or b"null")
    except ValueError:
        return ""
    erreur = body.get("erreur") if isinstance(body, dict) else None
    return str(erreur.get("message", "")) if isinstance(erreur, dict) else ""
