"""Official error bodies of API Particulier (v3 JSON:API-style, v2 flat), from the OpenAPI files
and ``siade/config/errors.yml``."""

from __future__ import annotations

import json
import uuid
from typing import Any

from flask import Response

from plugins.sandboxes.api_particulier.validation import DETAILS, PARAMETER

V3_CONTENT_TYPE = "application/vnd.api+json"
UNPROCESSABLE = "Entité non traitable"
TOKEN_SOURCE = {"parameter": "token"}
API = {
    "00100": (
        "Privilèges insuffisants",
        "Votre token est valide mais vos privilèges sont insuffisants. Listez vos privilèges sur "
        "/api/introspect",
        TOKEN_SOURCE,
    ),
    "00101": ("Interdit", "Votre token n'est pas valide ou n'est pas renseigné", TOKEN_SOURCE),
    "00103": (
        "Jeton expiré",
        "Votre token est expiré. Vous devez refaire une demande à API Particulier, un guide est "
        "disponible sur https://particulier.api.gouv.fr/faq#comment-renouveler-mon-jeton-arrivant"
        "-a-expiration",
        TOKEN_SOURCE,
    ),
    "00105": (
        "Jeton sur liste noire",
        "Votre jeton est sur liste noire, celui-ci a certainement été divulgué sur un canal "
        "non-sécurisé. Vous pouvez trouver un jeton valide sur votre espace personnel: "
        "https://particulier.api.gouv.fr/compte",
        TOKEN_SOURCE,
    ),
    "00015": (
        "Conflit",
        "Une requête associé à votre jeton est déjà en cours de traitement pour ces paramètres. "
        "Veuillez attendre la fin du traitement avant d'effectuer une nouvelle requête.",
        None,
    ),
    "00429": ("Trop de requêtes", "Vous avez effectué trop de requêtes", None),
    "00500": (
        "Erreur interne",
        "Une erreur interne a été détectée, l'équipe d'API Entreprise a été notifié de l'erreur.",
        None,
    ),
    "50001": ("Accès non autorisé", "Le jeton d'accès est mal formaté.", None),
    "50002": ("Accès non autorisé", "Le jeton d'accès n'a pas été trouvé ou est expiré.", None),
    "50003": (
        "Accès non autorisé",
        "Le jeton d'accès ne possède pas les données pivot requises pour effectuer cet appel.",
        None,
    ),
}
#: Provider failures by HTTP status (subcodes 999 unknown error, 020 maintenance, 002 timeout).
PROVIDER = {
    502: (
        "999",
        "Erreur inconnue du fournisseur de données",
        "La réponse retournée par le fournisseur de données est invalide et inconnue de notre "
        "service. L'équipe technique a été notifiée de cette erreur pour investigation.",
    ),
    503: (
        "001",
        "Service non disponible",
        "Service du fournisseur de données temporairement indisponible ou en maintenance.",
    ),
    504: (
        "002",
        "Intermédiaire hors-délai",
        "Temps d’attente d’une réponse du fournisseur de données écoulé.",
    ),
}
V2_KINDS = {
    401: ("access_denied", "Votre jeton d'API n'a pas été trouvé ou n'est pas actif"),
    403: ("access_denied", "Votre token est valide mais vos privilèges sont insuffisants"),
    409: ("conflict", "Une requête associée à votre jeton est déjà en cours de traitement"),
    500: ("internal_error", "Une erreur interne s'est produite, l'équipe a été prévenue."),
    502: ("provider_unknown_error", PROVIDER[502][2]),
    503: (
        "data_provider_error",
        "Une erreur est survenue lors de l'appel au fournisseur de donnée",
    ),
    504: ("timeout_error", PROVIDER[504][2]),
}


def error_entry(code: str, *, meta: dict[str, Any] | None = None) -> dict[str, Any]:
    """One v3 ``errors[]`` entry for an API-level code."""
    if code in API:
        title, detail, source = API[code]
    else:
        title, detail = UNPROCESSABLE, DETAILS.get(code, DETAILS["00366"])
        source = {"parameter": PARAMETER[code]} if code in PARAMETER else None
    return {"code": code, "title": title, "detail": detail, "source": source, "meta": meta or {}}


def v3(status: int, entries: list[dict[str, Any]] | dict[str, Any], headers=None) -> Response:  # type: ignore[no-untyped-def]
    """A v3 response with ``Content-Type: application/vnd.api+json`` and an ``X-Request-ID``."""
    body = entries if isinstance(entries, dict) else {"errors": entries}
    response = Response(json.dumps(body, ensure_ascii=False), status, content_type=V3_CONTENT_TYPE)
    response.headers["X-Request-ID"] = str(uuid.uuid4())
    response.headers.update(headers or {})
    return response


def v3_error(status: int, code: str, headers: dict[str, str] | None = None) -> Response:
    """A v3 error response for an API-level code."""
    return v3(status, [error_entry(code)], headers)


def v3_provider_error(status: int, origin: str = "37", provider: str = "CNAV") -> Response:
    """502/503/504 with the provider's code (e.g. 37999, 37001, 37002)."""
    subcode, title, detail = PROVIDER[status]
    entry = {
        "code": origin + subcode,
        "title": title,
        "detail": detail,
        "source": None,
        "meta": {"provider": provider},
    }
    return v3(status, [entry])


def v2(status: int, kind: str | None = None, reason: str | None = None) -> Response:
    """A v2 flat error ``{"error", "reason", "message"}``."""
    default_kind, default_reason = V2_KINDS.get(status, ("bad_request", "Mauvaise requête"))
    reason = reason or default_reason
    body = {"error": kind or default_kind, "reason": reason, "message": reason}
    response = Response(
        json.dumps(body, ensure_ascii=False), status, content_type="application/json"
    )
    response.headers["X-Request-ID"] = str(uuid.uuid4())
    return response


def v2_throttled(headers: dict[str, str]) -> Response:
    """v2 throttled answer (flat serializer)."""
    response = Response(
        json.dumps({"errors": ["Vous avez effectué trop de requêtes"]}, ensure_ascii=False),
        429,
        content_type="application/json",
    )
    response.headers.update(headers)
    return response
