"""The API Particulier sandbox application (v3+ and v2 routes, ``/api/introspect``)."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from flask import Flask, Request, Response, request
from werkzeug.datastructures import MultiDict

from plugins.sandboxes import hooks
from plugins.sandboxes.api_particulier import cases, errors, france_connect, tokens, v2
from plugins.sandboxes.api_particulier.endpoints import (
    ENDPOINTS,
    INTEGER_PARAMS,
    RESOURCES,
    V2_ENDPOINTS,
    Endpoint,
)
from plugins.sandboxes.api_particulier.scopes_filter import filter_data
from plugins.sandboxes.api_particulier.validation import recipient_error, validate
from plugins.sandboxes.common import Fault, SandboxState, fingerprint

ORIGINS = {
    "cnav": ("37", "CNAV"),
    "men": ("30", "MEN"),
    "cnous": ("26", "CNOUS"),
    "mesri": ("25", "MESRI"),
}
FRANCE = "99100"


@dataclass
class ParticulierState(SandboxState):
    """Sandbox state plus the token blacklist, in-flight requests and the provider cache."""

    blacklist: set[str] = field(default_factory=set)
    filter_scopes: bool = False
    inflight: set[tuple[str, str, str]] = field(default_factory=set)
    provider_cache: dict[tuple[str, str], float] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    today: Callable[[], dt.date] = dt.date.today

    def reset(self) -> None:
        """Forget faults, logs, counters, in-flight requests and cached answers."""
        super().reset()
        with self.lock:
            self.inflight.clear()
            self.provider_cache.clear()


def credential(req: Request) -> str:
    """The token as the real resolver finds it: Bearer, then ``X-Api-Key``, then ``?token=``."""
    auth = req.headers.get("Authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return req.headers.get("X-Api-Key", "") or req.args.get("token", "")


def query_params(args: MultiDict[str, str], allowed: tuple[str, ...] | None) -> dict[str, Any]:
    """Query parameters as Rails sees them: ``name[]`` → list, integers for date parts."""
    params: dict[str, Any] = {}
    for raw in args:
        array = raw.endswith("[]")
        name = raw[:-2] if array else raw
        if name == "recipient" or (allowed is not None and name not in allowed):
            continue
        # A scalar where a list is expected (``prenoms=X``) stays a string: validation refuses it.
        params[name] = args.getlist(raw) if array else args.get(raw)
    return params


def mocking_params(endpoint: Endpoint, params: dict[str, Any]) -> dict[str, Any]:
    """What staging compares with the test cases (``MakeRequest#mocking_params``)."""
    result: dict[str, Any] = {}
    for name, value in params.items():
        if name in INTEGER_PARAMS:
            number = int(str(value))
            if number:
                result[name] = number
        elif value not in (None, "", []):
            result[name] = value
    if endpoint.family == "cnav" and result.get("codeCogInseePaysNaissance") != FRANCE:
        result.pop("codeCogInseeCommuneNaissance", None)
    return result


def _fault_response(fault: Fault) -> Response:
    if request.path.startswith("/api/"):
        return v2.fault_response(fault)
    endpoint = RESOURCES.get(request.path.split("/", 2)[-1])
    status = int(fault.kind)
    if status in (502, 503, 504):
        origin, provider = ORIGINS[endpoint.family] if endpoint else ("00", "API")
        return errors.v3_provider_error(status, origin, provider)
    code = {500: "00500", 429: "00429", 409: "00015", 401: "00101", 403: "00100"}[status]
    headers = {"Retry-After": "1"} if status == 429 else {}
    return errors.v3_error(status, code, headers)


def _authorise(
    endpoint: Endpoint, token: str, state: ParticulierState
) -> tuple[Response | None, Any]:
    """(error response, claims): FranceConnect claims or the API token's claims."""
    if endpoint.france_connect:
        claims = france_connect.identity(token) if token else None
        if claims is None:
            return errors.v3_error(401, "50002"), None
        if not france_connect.has_pivot_identity(claims):
            return errors.v3_error(401, "50003"), None
        scopes = france_connect.scopes(claims)
    else:
        try:
            claims = tokens.decode(token)
        except tokens.InvalidToken:
            return errors.v3_error(401, "00101"), None
        if int(claims.get("exp", 0)) < time.time():
            return errors.v3_error(401, "00103"), None
        if claims.get("jti") in state.blacklist:
            return errors.v3_error(401, "00105"), None
        scopes = set(claims["scopes"])
    if not scopes & set(endpoint.scopes):
        return errors.v3_error(403, "00100"), None
    return None, claims


def _find_case(endpoint: Endpoint, params: dict[str, Any], claims: Any) -> tuple[int, Any]:
    if endpoint.france_connect:
        derived = {**france_connect.derived_params(claims), **mocking_params(endpoint, params)}
        case = cases.match_subset(endpoint.operation, derived, france_connect.optional_keys(claims))
    else:
        case = cases.match(endpoint.operation, mocking_params(endpoint, params))
    case = case or cases.not_found(endpoint.operation)
    if case is not None:
        return case.status, case.payload
    code, title, detail = endpoint.not_found
    provider = ORIGINS[endpoint.family][1]
    entry = {
        "code": code,
        "title": title,
        "detail": detail,
        "source": None,
        "meta": {"provider": provider},
    }
    return 404, {"errors": [entry]}


def _cache_headers(
    endpoint: Endpoint, key: str, status: int, state: ParticulierState
) -> dict[str, str]:
    """``X-Response-Cached`` / ``X-Cache-Expires-in`` of the cached (DSS) endpoints."""
    if endpoint.cache_ttl is None:
        return {}
    if status != 200:
        return {"X-Response-Cached": "false", "X-Cache-Expires-in": ""}
    now = time.time()
    bypass = request.headers.get("Cache-Control", "").lower() == "no-cache"
    with state.lock:
        expires = state.provider_cache.get((endpoint.operation, key))
        cached = expires is not None and expires > now and not bypass
        if not cached:
            expires = now + endpoint.cache_ttl
            state.provider_cache[(endpoint.operation, key)] = expires
    remaining = int((expires or now) - now)
    return {
        "X-Response-Cached": "true" if cached else "false",
        "X-Cache-Expires-in": str(remaining),
    }


def v3_view(endpoint: Endpoint, state: ParticulierState) -> Response:
    """One v3+ endpoint: throttle, authenticate, validate, lock, match."""
    token = credential(request)
    allowed, limits = state.limiter.hit(fingerprint(token) or request.remote_addr or "")
    if not allowed:
        return errors.v3_error(429, "00429", limits)
    failure, claims = _authorise(endpoint, token, state)
    if failure is None:
        code = recipient_error(request.args.get("recipient"))
        params = query_params(request.args, endpoint.params)
        code = code or validate(endpoint.family, endpoint.modality, params, state.today())
        if code:
            failure = errors.v3_error(422, code)
    if failure is not None:
        failure.headers.update(limits)
        return failure
    key = cases.canonical(params)
    inflight = (endpoint.path, key, fingerprint(token))
    with state.lock:
        if inflight in state.inflight:
            return errors.v3_error(409, "00015", limits)
        state.inflight.add(inflight)
    try:
        hooks.provider_delay()
        status, payload = _find_case(endpoint, params, claims)
    finally:
        with state.lock:
            state.inflight.discard(inflight)
    if status == 200 and state.filter_scopes:
        scopes = france_connect.scopes(claims) if endpoint.france_connect else set(claims["scopes"])
        payload = filter_data(endpoint.path, payload, scopes)
    identity_key = key if not endpoint.france_connect else fingerprint(token) + key
    headers = {**limits, **_cache_headers(endpoint, identity_key, status, state)}
    return errors.v3(status, payload, headers)


def unsupported_version(version: int, rest: str) -> Response:
    """``/vN/<resource>`` for a version the resource does not have: 404 ``00402``."""
    if rest not in RESOURCES:
        return Response("Not Found", 404, content_type="text/plain")
    entry = {
        "code": "00402",
        "title": "Version d'API non prise en charge",
        "detail": f"La version v{version} n'est pas supportée pour cet endpoint",
        "source": None,
        "meta": {},
    }
    return errors.v3(404, [entry])


def create_app(state: ParticulierState | None = None, *, filter_scopes: bool = False) -> Flask:
    """The sandbox; ``state`` is shared with tests (faults, request log, blacklist…)."""
    state = state or ParticulierState(filter_scopes=filter_scopes)
    app = Flask("api_particulier_sandbox")
    app.extensions["sandbox"] = state
    hooks.install(app, state, credential=credential, fault_response=_fault_response)
    for endpoint in ENDPOINTS:
        app.add_url_rule(
            endpoint.path,
            endpoint.operation,
            partial(v3_view, endpoint, state),
            methods=["GET"],
        )
    for path in V2_ENDPOINTS:
        app.add_url_rule(path, path, partial(v2.view, path, state), methods=["GET"])
    app.add_url_rule("/api/introspect", "introspect", partial(v2.introspect, state))
    app.add_url_rule("/v<int:version>/<path:rest>", "unsupported_version", unsupported_version)
    return app
