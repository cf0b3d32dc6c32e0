"""The API Impôt particulier (DGFiP) sandbox: OAuth 2.0 client-credentials token endpoint and the
"situation IR" resource, with the DGFiP sandbox identities (``data/FD_Impot_IR_BacASable.csv``)."""

from __future__ import annotations

import csv
import functools
import json
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from flask import Flask, Request, Response, request

from plugins.sandboxes import hooks
from plugins.sandboxes.common import Fault, SandboxState

DATA = Path(__file__).resolve().parent / "data" / "FD_Impot_IR_BacASable.csv"
MEDIA_TYPE = "application/prs.dgfip.part.situations.ir.assiettes.v1+json"
API = "/impotparticulier/1.0"
UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
SPI = re.compile(r"^\d{13}$")
FC_PREFIX = "fc_dgfip_"
DEMO_CLIENT_ID = "tremplin-bac-a-sable"
DEMO_CLIENT_SECRET = "secret-du-bac-a-sable-dgfip"  # noqa: S105 — public sandbox credential
ALL_SCOPES = ("RessourceIR", "RessourceIRDerniere", "RessourceTHPrincipale")


@dataclass
class ImpotState(SandboxState):
    """Registered OAuth clients and issued tokens."""

    clients: dict[str, tuple[str, tuple[str, ...]]] = field(
        default_factory=lambda: {DEMO_CLIENT_ID: (DEMO_CLIENT_SECRET, ALL_SCOPES)}
    )
    tokens: dict[str, tuple[str, tuple[str, ...], float]] = field(default_factory=dict)
    token_lifetime: int = 3600
    lock: threading.Lock = field(default_factory=threading.Lock)

    def reset(self) -> None:
        """Forget faults, logs and issued tokens."""
        super().reset()
        with self.lock:
            self.tokens.clear()


def _erreur(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    response = Response(
        json.dumps({"erreur": {"message": message}}, ensure_ascii=False),
        status,
        content_type="application/json",
    )
    response.headers.update(headers or {})
    return response


def _fault_response(fault: Fault) -> Response:
    status = int(fault.kind)
    headers = {"Retry-After": "1"} if status == 429 else {}
    if status == 401:
        headers["WWW-Authenticate"] = 'Bearer error="invalid_token"'
    return _erreur(status, f"Erreur simulée ({status})", headers)


def credential(req: Request) -> str:
    """The bearer (data calls) or the Basic client id (token calls)."""
    auth = req.headers.get("Authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    basic = req.authorization
    return (basic.username or "") if basic is not None else ""


def token_view(state: ImpotState) -> Response:
    """``POST /token`` (client credentials, HTTP Basic)."""
    auth = request.authorization
    client = state.clients.get(auth.username or "") if auth and auth.type == "basic" else None
    if client is None or auth is None or not secrets.compare_digest(client[0], auth.password or ""):
        response = Response(
            json.dumps(
                {"error": "invalid_client", "error_description": "Client authentication failed"}
            ),
            401,
            content_type="application/json",
        )
        response.headers["WWW-Authenticate"] = 'Basic realm="DGFiP"'
        return response
    if request.form.get("grant_type") != "client_credentials":
        return Response(
            json.dumps({"error": "unsupported_grant_type"}), 400, content_type="application/json"
        )
    requested = tuple(request.form.get("scope", "").split()) or client[1]
    if not set(requested) <= set(client[1]):
        return Response(
            json.dumps({"error": "invalid_scope"}), 400, content_type="application/json"
        )
    hooks.provider_delay()
    token = secrets.token_urlsafe(24)
    with state.lock:
        state.tokens[token] = (auth.username or "", requested, time.time() + state.token_lifetime)
    body = {
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": state.token_lifetime,
        "scope": " ".join(requested),
    }
    return Response(json.dumps(body), 200, content_type="application/json")


@functools.cache
def situations() -> dict[tuple[str, str], dict[str, str]]:
    """(spi, annrev) → CSV row (values stripped)."""
    with DATA.open(encoding="utf-8") as handle:
        rows = [
            {k.strip(): (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)
        ]
    return {(row["spi"], row["annrev"]): row for row in rows}


def situation_body(row: dict[str, str]) -> dict[str, Any]:
    """A CSV row in the DGFiP response format (``SituationsIRAssiettesJAXBbean``)."""
    body: dict[str, Any] = {
        "rfr": int(row["rfr"]),
        "sitFam": row["sitFam"],
        "nbPart": float(row["nbParts"]),
        "pac": {"nbPac": int(row["pac.nbPac"] or 0)},
        "nmNaiDec1": row["nmNaiDec1"],
        "nmUsaDec1": row["nmUsaDec1"] or None,
        "prnmDec1": row["prnmDec1"],
        "aft": row["aft"],
        "aftDetail": {
            "complementAdresse": row["aftDetail.complementAdresse"] or None,
            "voie": row["aftDetail.voie"],
            "codePostal": row["aftDetail.codePostal"],
        },
    }
    if row.get("rev.tspr"):
        pairs = [item.split("=") for item in row["rev.tspr"].split(":") if "=" in item]
        body["rev"] = {"tspr": [{"code": code, "valeur": int(value)} for code, value in pairs]}
    return body


def _authorised(state: ImpotState) -> Response | None:
    state.extra["id_teleservice"] = request.headers.get("ID_Teleservice")
    auth = request.headers.get("Authorization", "")
    token = auth[7:].strip() if auth.lower().startswith("bearer ") else ""
    with state.lock:
        entry = state.tokens.get(token)
    if entry is None or entry[2] < time.time():
        return _erreur(
            401, "Jeton invalide ou expiré", {"WWW-Authenticate": 'Bearer error="invalid_token"'}
        )
    if "RessourceIR" not in entry[1]:
        return _erreur(
            403, "Accès refusé", {"WWW-Authenticate": 'Bearer error="insufficient_scope"'}
        )
    if not UUID.match(request.headers.get("X-Correlation-ID", "")):
        return _erreur(400, "Requete mal formée : X-Correlation-ID absent ou invalide")
    return None


def _answer(spi: str, annrev: str) -> Response:
    if not SPI.match(spi):
        return _erreur(400, "format SPI incorrect")
    if not annrev.isdigit():
        return _erreur(400, "Requete mal formée : année de revenus invalide")
    row = situations().get((spi, annrev))
    if row is None:
        return _erreur(404, "Aucune situation fiscale trouvée pour ces critères")
    if row["codeHTTP"] != "200":
        return Response(status=int(row["codeHTTP"]))
    hooks.provider_delay()
    response = Response(
        json.dumps(situation_body(row), ensure_ascii=False), 200, content_type=MEDIA_TYPE
    )
    response.headers["X-Correlation-ID"] = request.headers["X-Correlation-ID"]
    return response


def spi_view(state: ImpotState, spi: str, annrev: str) -> Response:
    """``GET /impotparticulier/1.0/spi/{spi}/situations/ir/assiettes/annrev/{annrev}``."""
    return _authorised(state) or _answer(spi, annrev)


def france_connect_view(state: ImpotState, annrev: str) -> Response:
    """Same resource, the person identified by ``X-FranceConnect-OAuth`` (``fc_dgfip_<spi>``)."""
    failure = _authorised(state)
    if failure is not None:
        return failure
    fc_token = request.headers.get("X-FranceConnect-OAuth", "")
    if not fc_token.startswith(FC_PREFIX):
        return _erreur(401, "Jeton FranceConnect invalide ou expiré")
    return _answer(fc_token.removeprefix(FC_PREFIX), annrev)


def create_app(state: ImpotState | None = None) -> Flask:
    """The sandbox; ``state`` is shared with tests."""
    state = state or ImpotState()
    app = Flask("impot_particulier_sandbox")
    app.extensions["sandbox"] = state
    hooks.install(app, state, credential=credential, fault_response=_fault_response)
    app.add_url_rule("/token", "token", partial(token_view, state), methods=["POST"])
    app.add_url_rule(
        f"{API}/spi/<spi>/situations/ir/assiettes/annrev/<annrev>", "spi", partial(spi_view, state)
    )
    app.add_url_rule(
        f"{API}/situations/ir/assiettes/annrev/<annrev>",
        "france_connect",
        partial(france_connect_view, state),
    )
    return app
