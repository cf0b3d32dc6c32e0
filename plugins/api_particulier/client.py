"""HTTP calls to API Particulier through the host's shared client."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from app.datasources.base import CheckResult, FetchContext
from app.datasources.errors import (
    ConfigurationError,
    DestinationRefused,
    RateLimited,
    Unavailable,
)
from plugins.api_particulier.errors import error_from_response, retry_after

Params = Sequence[tuple[str, str]]


@dataclass(frozen=True)
class ApiResponse:
    """A successful v3 response: its ``data`` object and the headers worth keeping."""

    data: dict[str, Any]
    request_id: str
    cache_expires_in: int | None


def url(ctx: FetchContext, path: str) -> str:
    """``base_url`` + ``path`` (the base URL may carry a prefix, never a trailing slash issue)."""
    return str(ctx.config["base_url"]).rstrip("/") + path


def send(
    ctx: FetchContext,
    path: str,
    params: Params = (),
    *,
    bearer: str,
    recipient: bool = True,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    """GET ``path``; network failures become typed errors, HTTP errors are left to the caller."""
    query: list[tuple[str, str]] = (
        [("recipient", str(ctx.config["recipient"]))] if recipient else []
    )
    query.extend(params)
    all_headers = {"Authorization": f"Bearer {bearer}", **(headers or {})}
    if ctx.fresh:
        all_headers["Cache-Control"] = "no-cache"
    try:
        return ctx.http.get(url(ctx, path), params=query, headers=all_headers)
    except DestinationRefused as error:
        raise ConfigurationError(
            "L'adresse de l'API Particulier configurée n'est pas autorisée (adresse privée ou "
            "non chiffrée)."
        ) from error
    except httpx.TimeoutException as error:
        raise Unavailable(
            "L'API Particulier n'a pas répondu à temps. Veuillez réessayer dans quelques instants."
        ) from error
    except httpx.HTTPError as error:
        raise Unavailable() from error


def get_data(
    ctx: FetchContext, path: str, params: Params, *, france_connect_token: str | None = None
) -> ApiResponse:
    """Call a v3+ data endpoint and return its ``data`` object, or raise the typed error.

    When a response says the token's window is used up (``RateLimit-Remaining: 0``), later calls
    with that token wait for ``RateLimit-Reset`` instead of earning a 429 (shared quota).
    """
    token = str(ctx.config["token"])
    _respect_exhausted_window(ctx, token)
    response = send(ctx, path, params, bearer=france_connect_token or token)
    if france_connect_token is None:
        _remember_window(ctx, token, response)
    if response.status_code != 200:
        raise error_from_response(response, france_connect=france_connect_token is not None)
    request_id = response.headers.get("X-Request-ID", "")
    try:
        body = json.loads(response.content)
    except ValueError as error:
        raise Unavailable(
            "La réponse de l'API Particulier est illisible.", request_id=request_id, status=200
        ) from error
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(data, dict):
        raise Unavailable(
            "La réponse de l'API Particulier est incomplète.", request_id=request_id, status=200
        )
    return ApiResponse(data, request_id, _cache_expires_in(response))


def introspect(ctx: FetchContext, required: Sequence[str]) -> CheckResult:
    """``GET /api/introspect``: is the token valid, and which scopes does it grant?"""
    token = str(ctx.config["token"])
    response = send(
        ctx, "/api/introspect", bearer=token, recipient=False, headers={"X-Api-Key": token}
    )
    request_id = response.headers.get("X-Request-ID", "")
    if response.status_code in (401, 403):
        return CheckResult(
            False,
            "Le jeton est refusé par l'API Particulier (invalide, expiré ou révoqué).",
            request_id=request_id,
        )
    if response.status_code != 200:
        raise error_from_response(response, france_connect=False)
    try:
        scopes = json.loads(response.content).get("scopes")
    except (ValueError, AttributeError):
        scopes = None
    if not isinstance(scopes, list) or not all(isinstance(s, str) for s in scopes):
        raise Unavailable("La réponse d'introspection est illisible.", request_id=request_id)
    missing = sorted(set(required) - set(scopes))
    if missing:
        message = (
            f"Connexion réussie, mais le jeton ne donne pas les droits nécessaires à cette "
            f"source : {', '.join(missing)}."
        )
    else:
        message = f"Connexion réussie : le jeton est valide ({len(scopes)} droit(s))."
    return CheckResult(not missing, message, scopes=tuple(sorted(scopes)), request_id=request_id)


def _window_key(token: str) -> str:
    return "api_particulier.window:" + hashlib.sha256(token.encode()).hexdigest()


def _respect_exhausted_window(ctx: FetchContext, token: str) -> None:
    until = ctx.memo.get(_window_key(token))
    if until is not None and until > time.time():
        raise RateLimited(retry_after=until - time.time())


def _remember_window(ctx: FetchContext, token: str, response: httpx.Response) -> None:
    """Remember until when the token must not be used: ``RateLimit-Reset`` (an epoch timestamp)
    once ``RateLimit-Remaining`` is 0, or — a 429 without those headers — ``Retry-After``. The
    documentation warns that ignoring 429s gets the platform's address banned for 12 hours."""
    remaining = response.headers.get("RateLimit-Remaining", "").strip()
    reset = response.headers.get("RateLimit-Reset", "").strip()
    now = time.time()
    until = None
    if (remaining == "0" or response.status_code == 429) and reset.isdigit():
        until = float(reset)
    elif response.status_code == 429:
        wait = retry_after(response)
        until = now + wait if wait else None
    if until is not None and until > now:
        ctx.memo.set(_window_key(token), until, until - now)


def _cache_expires_in(response: httpx.Response) -> int | None:
    value = response.headers.get("X-Cache-Expires-in", "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else None
