"""OAuth 2.0 client-credentials tokens for the DGFiP gateway, cached until shortly before expiry."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

import httpx

from app.datasources.base import FetchContext
from app.datasources.errors import ConfigurationError, DestinationRefused, Unavailable
from plugins.impot_particulier import DEFAULT_OAUTH_SCOPE

EXPIRY_MARGIN = 30.0
DEFAULT_EXPIRES_IN = 300.0


def memo_key(config: Mapping[str, Any]) -> str:
    """Cache key derived from the credentials (never the secret itself)."""
    material = "\n".join(
        str(config.get(name, ""))
        for name in ("token_url", "client_id", "client_secret", "oauth_scope")
    )
    return "impot_particulier.token:" + hashlib.sha256(material.encode()).hexdigest()


def access_token(ctx: FetchContext, *, renew: bool = False) -> str:
    """A valid access token, from the host's memo unless ``renew``."""
    key = memo_key(ctx.config)
    if not renew:
        cached = ctx.memo.get(key)
        if cached:
            return str(cached)
    token, expires_in = request_token(ctx)
    ctx.memo.set(key, token, max(1.0, expires_in - EXPIRY_MARGIN))
    return token


def request_token(ctx: FetchContext) -> tuple[str, float]:
    """``POST token_url`` with HTTP Basic credentials; returns the token and its lifetime."""
    config = ctx.config
    try:
        response = ctx.http.post(
            str(config["token_url"]),
            auth=(str(config["client_id"]), str(config["client_secret"])),
            data={
                "grant_type": "client_credentials",
                "scope": str(config.get("oauth_scope") or DEFAULT_OAUTH_SCOPE),
            },
            headers={"Accept": "application/json"},
        )
    except DestinationRefused as error:
        raise ConfigurationError(
            "L'adresse du service de jetons DGFiP n'est pas autorisée (adresse privée ou non "
            "chiffrée)."
        ) from error
    except httpx.TimeoutException as error:
        raise Unavailable("Le service de jetons de la DGFiP n'a pas répondu à temps.") from error
    except httpx.HTTPError as error:
        raise Unavailable("Le service de jetons de la DGFiP est injoignable.") from error
    if response.status_code in (400, 401, 403):
        raise ConfigurationError(
            "Les identifiants OAuth de la DGFiP (client_id, client_secret ou périmètre) sont "
            "refusés.",
            status=response.status_code,
        )
    if response.status_code != 200:
        raise Unavailable(
            "Le service de jetons de la DGFiP est indisponible.", status=response.status_code
        )
    try:
        body = json.loads(response.content)
        token = body["access_token"]
        expires_in = float(body.get("expires_in") or DEFAULT_EXPIRES_IN)
    except (ValueError, KeyError, TypeError) as error:
        raise Unavailable("La réponse du service de jetons de la DGFiP est illisible.") from error
    if not isinstance(token, str) or not token:
        raise Unavailable("La réponse du service de jetons de la DGFiP est illisible.")
    return token, expires_in
