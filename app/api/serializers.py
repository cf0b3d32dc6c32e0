"""JSON representations of schemes and applications for the REST API."""

from __future__ import annotations

from typing import Any

from app.applications.models import Application
from app.applications.receipts import explanation
from app.schemes.models import Scheme


def scheme_json(scheme: Scheme, *, detail: bool = False) -> dict[str, Any]:
    """A scheme (``answers_schema`` with ``detail``)."""
    version = scheme.published_version
    body: dict[str, Any] = {
        "slug": scheme.slug,
        "title": scheme.title,
        "description": scheme.description,
        "version": version.number if version else None,
        "opens_at": scheme.opens_at.isoformat() if scheme.opens_at else None,
        "closes_at": scheme.closes_at.isoformat() if scheme.closes_at else None,
    }
    if detail and version is not None:
        body["answers_schema"] = version.content["form"]["schema"]
    return body


def application_json(application: Application, status_url: str | None) -> dict[str, Any]:
    """An application's state, decision and per-criterion explanation."""
    details = explanation(application)
    body: dict[str, Any] = {
        "reference": application.reference,
        "scheme": application.scheme.slug,
        "scheme_version": application.version.number,
        "state": application.state.value,
        "state_label": application.state.label,
        "amount": None if application.amount is None else f"{application.amount:.2f}",
        "submitted_at": application.submitted_at.isoformat(),
        "decided_at": application.decided_at.isoformat() if application.decided_at else None,
        "criteria": details.criteria,
        "explanation": [
            *details.sentences,
            *([details.amount_line] if details.amount_line else []),
        ],
    }
    if status_url:
        body["status_url"] = status_url
    return body
