"""API Particulier v2 (legacy) routes: ``X-Api-Key`` (or a FranceConnect bearer), optional
``recipient``, flat error bodies, staging test cases of the ``api_particulier_v2_*`` folders."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

from flask import Response, request

from plugins.sandboxes.api_particulier import cases, errors, france_connect, tokens
from plugins.sandboxes.api_particulier.endpoints import V2_ENDPOINTS
from plugins.sandboxes.api_particulier.validation import recipient_error
from plugins.sandboxes.common import Fault, SandboxState, fingerprint


def _json(status: int, payload: Any) -> Response:
    response = Response(
        json.dumps(payload, ensure_ascii=False), status, content_type="application/json"
    )
    response.headers["X-Request-ID"] = str(uuid.uuid4())
    return response


def fault_response(fault: Fault) -> Response:
    """A v2 answer for an injected fault."""
    status = int(fault.kind)
    if status == 429:
        return errors.v2_throttled({"Retry-After": "1"})
    return errors.v2(status)


def _api_token_claims(token: str) -> dict[str, Any] | None:
    try:
        claims = tokens.decode(token)
    except tokens.InvalidToken:
        return None
    return claims if int(claims.get("exp", 0)) >= time.time() else None


def view(path: str, state: SandboxState) -> Response:
    """One v2 endpoint."""
    folder, scopes, fc_allowed = V2_ENDPOINTS[path]
    api_key = request.headers.get("X-Api-Key", "")
    auth = request.headers.get("Authorization", "")
    bearer = auth[7:].strip() if auth.lower().startswith("bearer ") else ""
    allowed, limits = state.limiter.hit(fingerprint(api_key or bearer) or "anonymous")
    if not allowed:
        return errors.v2_throttled(limits)
    fc_claims = None
    if api_key:
        claims = _api_token_claims(api_key)
        if claims is None or claims.get("jti") in getattr(state, "blacklist", ()):
            return errors.v2(401)
        if not set(claims["scopes"]) & set(scopes):
            return errors.v2(
                401, reason="Votre token est valide mais vos privilèges sont insuffisants"
            )
    elif bearer and fc_allowed:
        fc_claims = france_connect.identity(bearer)
        if fc_claims is None:
            return errors.v3(401, [errors.error_entry("50002")])
        if not france_connect.scopes(fc_claims) & set(scopes):
            return errors.v2(401, reason="Le jeton FranceConnect ne donne pas accès à ces données")
    else:
        return errors.v2(401)
    recipient = request.args.get("recipient")
    if (recipient or fc_claims is not None) and recipient_error(recipient):
        return errors.v2(400, "bad_request", "Le paramètre recipient n'est pas un siret valide")
    params: dict[str, Any] = {}
    for raw in request.args:
        if raw in ("recipient", "token"):
            continue
        params[raw.removesuffix("[]")] = (
            request.args.getlist(raw) if raw.endswith("[]") else request.args.get(raw)
        )
    if fc_claims is not None:
        derived = {**france_connect.derived_params(fc_claims), **params}
        case = cases.match_subset(folder, derived, france_connect.optional_keys(fc_claims))
    else:
        case = cases.match(folder, params)
    case = case or cases.not_found(folder)
    if case is None:
        return errors.v2(404, "not_found", "Aucune donnée n'a pu être trouvée")
    response = _json(case.status, case.payload)
    response.headers.update(limits)
    return response


def introspect(state: SandboxState) -> Response:
    """``GET /api/introspect``: the token's id and scopes."""
    auth = request.headers.get("Authorization", "")
    token = (
        request.headers.get("X-Api-Key")
        or (auth[7:].strip() if auth.lower().startswith("bearer ") else "")
        or request.args.get("token", "")
    )
    claims = _api_token_claims(token) if token else None
    if claims is None or claims.get("jti") in getattr(state, "blacklist", ()):
        return errors.v2(401)
    return _json(200, {"_id": claims["jti"], "name": claims.get("sub"), "scopes": claims["scopes"]})
