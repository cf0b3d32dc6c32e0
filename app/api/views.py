"""REST API v1 views: thin wrappers over the schemes and the submission pipeline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from flask import g, request, url_for

from app.api.auth import token_required
from app.api.errors import api_error
from app.api.serializers import application_json, scheme_json
from app.applications import pipeline
from app.applications.models import Application, Channel
from app.core.db import db
from app.core.formatting import paris_today
from app.schemes.services import scheme_by_slug, schemes_of

OPENAPI = Path(__file__).with_name("openapi.json")
MAX_KEY = 128


def openapi():  # type: ignore[no-untyped-def]
    """The OpenAPI 3.1 document of this API."""
    return json.loads(OPENAPI.read_text(encoding="utf-8"))


@token_required
def list_schemes():  # type: ignore[no-untyped-def]
    """Published, open schemes of the token's collectivité."""
    today = paris_today()
    found = [s for s in schemes_of(g.tenant.id) if s.is_open(today)]
    return {"dispositifs": [scheme_json(s) for s in found]}


@token_required
def get_scheme(slug: str):  # type: ignore[no-untyped-def]
    """A published scheme and the JSON Schema of its answers."""
    scheme = scheme_by_slug(g.tenant.id, slug)
    if scheme is None or scheme.published_version is None:
        return api_error(404, "Dispositif introuvable.")
    return scheme_json(scheme, detail=True)


@token_required
def submit(slug: str):  # type: ignore[no-untyped-def]
    """Submit an application (idempotent on ``Idempotency-Key``)."""
    key = request.headers.get("Idempotency-Key", "").strip()
    if not 8 <= len(key) <= MAX_KEY:
        return api_error(400, "L'en-tête Idempotency-Key (8 à 128 caractères) est obligatoire.")
    payload = _json_body()
    if payload is None:
        return api_error(400, "Le corps de la requête doit être un objet JSON valide.")
    problems = _payload_problems(payload)
    if problems:
        return api_error(422, "La requête n'est pas conforme.", errors=problems)
    scheme = scheme_by_slug(g.tenant.id, slug)
    if scheme is None or scheme.published_version is None:
        return api_error(404, "Dispositif introuvable.")
    try:
        submitted = pipeline.submit(
            g.tenant,
            scheme,
            payload["answers"],
            origin=f"api:{g.api_token.id}:{key}",
            channel=Channel.API,
            contact_email=payload.get("contact_email"),
            today=paris_today(),
        )
    except pipeline.InvalidAnswers as error:
        db.session.commit()  # the token's last use
        return api_error(422, error.message, errors=[e.as_json() for e in error.errors])
    except (pipeline.IdempotencyConflict, pipeline.SchemeClosed) as error:
        return api_error(409, error.message)
    db.session.commit()
    if submitted.created:
        pipeline.process(submitted.application)
        db.session.commit()
    body = application_json(submitted.application, _status_url(submitted.status_token))
    return body, 201 if submitted.created else 200


@token_required
def get_application(reference: str):  # type: ignore[no-untyped-def]
    """An application of the token's collectivité, by reference."""
    application = db.session.scalar(
        db.select(Application).where(
            Application.tenant_id == g.tenant.id, Application.reference == reference
        )
    )
    if application is None:
        return api_error(404, "Demande introuvable.")
    if pipeline.is_due(application):
        pipeline.process(application)
        db.session.commit()
    return application_json(application, None)


def _json_body() -> Any:
    if not request.is_json:
        return None
    try:
        payload = json.loads(request.get_data(as_text=True), parse_constant=_refuse_constant)
    except (ValueError, UnicodeDecodeError):
        return None
    return payload if isinstance(payload, dict) else None


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _payload_problems(payload: dict[str, Any]) -> list[dict[str, str]]:
    problems = []
    if not isinstance(payload.get("answers"), dict):
        problems.append(
            {"path": "/answers", "message": "Les réponses (objet JSON) sont obligatoires."}
        )
    unknown = set(payload) - {"answers", "contact_email"}
    problems += [{"path": f"/{k}", "message": "Propriété inconnue."} for k in sorted(unknown)]
    email = payload.get("contact_email")
    if email is not None and (not isinstance(email, str) or "@" not in email or len(email) > 254):
        problems.append({"path": "/contact_email", "message": "Adresse électronique invalide."})
    return problems


def _status_url(status_token: str) -> str:
    return url_for("portal.status", tenant=g.tenant.slug, status_token=status_token, _external=True)
