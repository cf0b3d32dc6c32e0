"""A fictional school directory: ``GET /etablissements/{uai}`` and ``GET /ping``, ``X-Api-Key``."""

from __future__ import annotations

import json
import secrets
import uuid
from functools import partial

from flask import Flask, Request, Response, request

from plugins.sandboxes import hooks
from plugins.sandboxes.common import Fault, FixedWindowLimiter, SandboxState

DEMO_API_KEY = "cle-annuaire-demo"
ESTABLISHMENTS = {
    "0132733A": {
        "nom": "Lycée Polyvalent Antonin Artaud",
        "commune": "Marseille",
        "type": "lycée",
        "secteur": "public",
        "education_prioritaire": False,
    },
    "0130039X": {
        "nom": "Lycée Saint-Charles",
        "commune": "Marseille",
        "type": "lycée",
        "secteur": "public",
        "education_prioritaire": False,
    },
    "0132634T": {
        "nom": "École élémentaire des Calanques (démo)",
        "commune": "Marseille",
        "type": "école",
        "secteur": "public",
        "education_prioritaire": True,
    },
    "0999999Z": {
        "nom": "Collège des Tilleuls (démo, fermé)",
        "commune": "Val-Fleuri",
        "type": "collège",
        "secteur": "prive",
        "education_prioritaire": False,
        "ouvert": False,
    },
}


def credential(req: Request) -> str:
    """The API key."""
    return req.headers.get("X-Api-Key", "")


def _json(status: int, body: object) -> Response:
    response = Response(
        json.dumps(body, ensure_ascii=False), status, content_type="application/json"
    )
    response.headers["X-Request-ID"] = str(uuid.uuid4())
    return response


def _fault_response(fault: Fault) -> Response:
    response = _json(int(fault.kind), {"erreur": f"Erreur simulée ({fault.kind})"})
    if fault.kind == "429":
        response.headers["Retry-After"] = "1"
    return response


def _guard(state: SandboxState) -> Response | None:
    if not secrets.compare_digest(credential(request), DEMO_API_KEY):
        return _json(401, {"erreur": "Clé d'API invalide"})
    allowed, headers = state.limiter.hit(credential(request))
    if not allowed:
        response = _json(429, {"erreur": "Trop de requêtes"})
        response.headers.update(headers)
        return response
    return None


def etablissement(state: SandboxState, uai: str) -> Response:
    """One establishment, or 404."""
    failure = _guard(state)
    if failure is not None:
        return failure
    hooks.provider_delay()
    found = ESTABLISHMENTS.get(uai.upper())
    if found is None:
        return _json(404, {"erreur": "Établissement inconnu"})
    return _json(200, {"uai": uai.upper(), "ouvert": True, **found})


def ping(state: SandboxState) -> Response:
    """Key check."""
    return _guard(state) or _json(200, {"status": "ok"})


def create_app(state: SandboxState | None = None) -> Flask:
    """The sandbox; ``state`` is shared with tests."""
    state = state or SandboxState(limiter=FixedWindowLimiter(limit=10))
    app = Flask("demo_sandbox")
    app.extensions["sandbox"] = state
    hooks.install(app, state, credential=credential, fault_response=_fault_response)
    app.add_url_rule("/etablissements/<uai>", "etablissement", partial(etablissement, state))
    app.add_url_rule("/ping", "ping", partial(ping, state))
    return app
