"""Turning API Particulier v3 error responses into the platform's typed errors.

Body format: ``{"errors": [{"code", "title", "detail", "source", "meta"}]}``; ``code`` is 2 digits
of origin (00 API, 10 MSA, 23 CNAF, 25 MESRI, 26 CNOUS, 30 MEN, 35 CNAF & MSA, 37 CNAV, 40 RNCPS,
50/51 FranceConnect) + 3 digits of subcode (003 not found, 015 several matches, …).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import time
from typing import Any

import httpx

from app.datasources.errors import (
    ConfigurationError,
    DataSourceError,
    InvalidInput,
    NotFound,
    RateLimited,
    Unavailable,
)

#: 422 codes → the input (identity-pivot vocabulary) at fault.
FIELD_BY_CODE = {
    "00420": "nom_naissance",
    "00361": "nom_naissance",
    "00421": "prenoms",
    "00362": "prenoms",
    "00367": "prenoms",
    "00422": "date_naissance",
    "00423": "date_naissance",
    "00424": "date_naissance",
    "00425": "date_naissance",
    "00363": "date_naissance",
    "00426": "code_cog_commune_naissance",
    "00365": "code_cog_commune_naissance",
    "00317": "nom_commune_naissance",
    "00427": "sexe",
    "00364": "sexe",
    "00428": "code_cog_departement_naissance",
    "00400": "code_cog_pays_naissance",
    "00360": "ine",
    "00410": "code_etablissement",
    "00411": "annee_scolaire",
    "00412": "degre_etablissement",
    "00413": "code_etablissement",
    "00414": "code_etablissement",
    "00415": "code_etablissement",
    "00416": "codes_bcn_departements",
    "00417": "codes_bcn_regions",
    "00419": "code_etablissement",
    "00353": "annee",
    "00356": "annee",
    "00354": "mois",
    "00368": "annee_campagne",
}
FIELD_MESSAGES = {
    "nom_naissance": "L'administration n'accepte pas ce nom de naissance.",
    "prenoms": "L'administration n'accepte pas ces prénoms (lettres, espaces, tirets et "
    "apostrophes uniquement ; trois au plus).",
    "date_naissance": "La date de naissance est incomplète ou invalide.",
    "code_cog_commune_naissance": "La commune de naissance est manquante ou invalide.",
    "nom_commune_naissance": "Le nom de la commune de naissance est invalide.",
    "code_cog_departement_naissance": "Le département de naissance est manquant ou invalide.",
    "code_cog_pays_naissance": "Le code du pays de naissance est invalide.",
    "sexe": "Le sexe à l'état civil est manquant ou invalide (F ou M).",
    "ine": "L'INE n'est pas correctement formaté.",
    "code_etablissement": "Le code de l'établissement (UAI) est invalide.",
    "annee_scolaire": "L'année scolaire doit être au format AAAA ou AAAA-AAAA.",
    "degre_etablissement": "Le degré de l'établissement doit être 1D ou 2D.",
    "codes_bcn_departements": "Un code de département BCN est inconnu.",
    "codes_bcn_regions": "Un code de région BCN est inconnu.",
    "annee": "L'année du quotient familial doit être l'année en cours ou l'une des deux "
    "précédentes, et ne pas être dans le futur.",
    "mois": "Le mois du quotient familial est invalide ou dans le futur.",
    "annee_campagne": "L'année de campagne de bourse est invalide.",
    "nom_usage": "L'administration n'accepte pas ce nom d'usage.",
}
#: ``source.parameter`` of a v3 error (the API's parameter names) → the input at fault, for
#: codes missing from :data:`FIELD_BY_CODE` (the ``Error`` schema documents ``source``).
FIELD_BY_PARAMETER = {
    "nomNaissance": "nom_naissance",
    "nomUsage": "nom_usage",
    "prenoms": "prenoms",
    "anneeDateNaissance": "date_naissance",
    "moisDateNaissance": "date_naissance",
    "jourDateNaissance": "date_naissance",
    "sexeEtatCivil": "sexe",
    "codeCogInseePaysNaissance": "code_cog_pays_naissance",
    "codeCogInseeCommuneNaissance": "code_cog_commune_naissance",
    "nomCommuneNaissance": "nom_commune_naissance",
    "codeCogInseeDepartementNaissance": "code_cog_departement_naissance",
    "ine": "ine",
    "codeEtablissement": "code_etablissement",
    "anneeScolaire": "annee_scolaire",
    "degreEtablissement": "degre_etablissement",
    "codesBcnDepartements": "codes_bcn_departements",
    "codesBcnRegions": "codes_bcn_regions",
    "annee": "annee",
    "mois": "mois",
    "campaignYear": "annee_campagne",
}
RECIPIENT_CODES = {"00203", "00210", "00211"}
FRANCE_CONNECT_CODES = {"50001", "50002", "50003", "51001", "51002", "51003"}
CONFLICT_IN_FLIGHT = "00015"
DEFAULT_RETRY_AFTER = 1.0
CONFLICT_RETRY_AFTER = 2.0


def first_error(response: httpx.Response) -> dict[str, Any]:
    """The first entry of a v3 ``errors`` array (``{}`` when the body is not one)."""
    try:
        body = json.loads(response.content or b"null")
    except ValueError:
        return {}
    errors = body.get("errors") if isinstance(body, dict) else None
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        return errors[0]
    return {}


def retry_after(response: httpx.Response, error: dict[str, Any] | None = None) -> float | None:
    """Seconds to wait, from ``Retry-After`` (seconds or date), ``RateLimit-Reset`` or
    ``meta.retry_in``."""
    value = response.headers.get("Retry-After", "").strip()
    if value.isdigit():
        return float(value)
    if value:
        parsed = _http_date(value)
        if parsed is not None:
            return max(0.0, parsed - time.time())
    reset = response.headers.get("RateLimit-Reset", "").strip()
    if response.status_code == 429 and reset.isdigit():
        return max(0.0, float(reset) - time.time())
    meta = (error or {}).get("meta")
    if isinstance(meta, dict) and isinstance(meta.get("retry_in"), int | float):
        return float(meta["retry_in"])
    return None


def _http_date(value: str) -> float | None:
    """An HTTP-date (``Retry-After: Wed, 21 Oct 2015 07:28:00 GMT``) as a timestamp; ``None``
    when the header is neither seconds nor a date (never an exception)."""
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed.tzinfo is None:  # HTTP dates are GMT
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.timestamp()


def parameter(error: dict[str, Any]) -> str:
    """``source.parameter`` of a v3 error, without a trailing ``[]`` (``""`` when absent)."""
    source = error.get("source")
    name = source.get("parameter") if isinstance(source, dict) else None
    return name.removesuffix("[]") if isinstance(name, str) else ""


def error_from_response(response: httpx.Response, *, france_connect: bool) -> DataSourceError:
    """The typed error for a non-2xx response (see docs/datasources.md for the table)."""
    status = response.status_code
    error = first_error(response)
    code = str(error.get("code", ""))
    common: dict[str, Any] = {
        "code": code,
        "request_id": response.headers.get("X-Request-ID", ""),
        "status": status,
    }
    if code in FRANCE_CONNECT_CODES or (france_connect and status == 401):
        return InvalidInput(
            "La connexion FranceConnect a expiré ou ne transmet pas l'identité nécessaire : "
            "reconnectez-vous avec FranceConnect.",
            field_errors={"france_connect_token": "Reconnectez-vous avec FranceConnect."},
            **common,
        )
    if status in (401, 403):
        return ConfigurationError(_auth_message(status, code), **common)
    if status == 404:
        # xx003 is "not found"; any other provider code (origin other than 00) is about the
        # person too. Generic 00xxx codes (00402: unsupported version) and bodies that are not
        # a v3 error (a gateway's page) mean the configured URL is wrong.
        if error and (code.endswith("003") or (len(code) == 5 and not code.startswith("00"))):
            return NotFound(**common)
        return ConfigurationError(
            "L'adresse de l'API Particulier configurée ne correspond à aucun service "
            "(version d'API ou URL incorrecte).",
            **common,
        )
    if status == 409:
        if code == CONFLICT_IN_FLIGHT or not code:
            return Unavailable(
                "Une demande identique est déjà en cours de traitement ; nouvel essai sous peu.",
                retry_after=retry_after(response, error) or CONFLICT_RETRY_AFTER,
                **common,
            )
        return NotFound(
            "Plusieurs personnes correspondent aux informations saisies : précisez tous les "
            "prénoms et le lieu de naissance, ou joignez un justificatif.",
            **common,
        )
    source = parameter(error)
    if status in (400, 422) and (code in RECIPIENT_CODES or source == "recipient"):
        return ConfigurationError(
            "Le numéro SIRET de la collectivité (destinataire des données) est refusé par "
            "l'API Particulier.",
            **common,
        )
    field = FIELD_BY_CODE.get(code) or FIELD_BY_PARAMETER.get(source)
    if status in (400, 422) and field is not None:
        return InvalidInput(field_errors={field: FIELD_MESSAGES[field]}, **common)
    if status == 422:
        return InvalidInput(**common)
    if status == 400:
        # 400 is "bad syntax" (``00401`` Mauvaise requête: missing parameter object, wrong
        # MIME type, or a gateway's page): the request we built, never the family's inputs.
        return ConfigurationError(
            "L'API Particulier a refusé la requête comme mal formée (statut 400) : vérifiez la "
            "configuration.",
            **common,
        )
    if status == 429:
        return RateLimited(
            retry_after=retry_after(response, error) or DEFAULT_RETRY_AFTER, **common
        )
    if status == 410 or 300 <= status < 400:
        return ConfigurationError(
            "Ce service n'est plus proposé à cette adresse par l'API Particulier.", **common
        )
    if status >= 500:
        return Unavailable(retry_after=retry_after(response, error), **common)
    # Any other 4xx means the request itself is wrong (an integration problem, never the family's).
    return ConfigurationError(
        f"L'API Particulier a refusé la requête (statut {status}) : vérifiez la configuration.",
        **common,
    )


def _auth_message(status: int, code: str) -> str:
    if code == "00103":
        return "Le jeton API Particulier de la collectivité a expiré : il doit être renouvelé."
    if code == "00105":
        return "Le jeton API Particulier de la collectivité a été révoqué (liste noire)."
    if code == "00107":
        return (
            "Le jeton API Particulier de la collectivité n'est pas autorisé depuis l'adresse IP "
            "de la plateforme."
        )
    if status == 403:
        return (
            "Le jeton API Particulier de la collectivité ne donne pas accès à ces données "
            "(droits insuffisants)."
        )
    return "Le jeton API Particulier de la collectivité est invalide ou absent."
