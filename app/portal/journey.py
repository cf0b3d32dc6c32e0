"""Helpers of the citizen pages: loading what a URL names, step navigation, contact e-mail."""

from __future__ import annotations

from typing import Any

from flask import abort, url_for

from app import forms
from app.applications import drafts
from app.applications.models import Draft
from app.core.formatting import paris_today
from app.datasources.errors import ConfigurationError
from app.datasources.service import get_source
from app.schemes.models import Scheme, SchemeVersion
from app.schemes.services import scheme_by_slug
from app.tenants.context import current_tenant


def open_scheme(slug: str) -> tuple[Scheme, SchemeVersion]:
    """The scheme named in the URL with its published version; 404 if not published."""
    scheme = scheme_by_slug(current_tenant().id, slug)
    if scheme is None or scheme.published_version is None:
        abort(404)
    return scheme, scheme.published_version


def live_draft(scheme: Scheme, token: str) -> Draft | None:
    """The draft behind a secret link (``None`` if unknown, expired or already submitted).

    A draft started before a new version was published moves to that version: its answers are
    checked against the new form when the person continues or submits.
    """
    draft = drafts.find_draft(scheme, token)
    published = scheme.published_version
    if draft is not None and published is not None and draft.scheme_version_id != published.id:
        draft.scheme_version_id = published.id
        draft.version = published
    return draft


def definition(draft: Draft) -> dict[str, Any]:
    """The form definition of the version the draft was started on."""
    return draft.version.content["form"]


def step_ids(draft: Draft) -> list[str]:
    """The form's steps, in order."""
    return [step.id for step in forms.load_spec(definition(draft), draft.version.form_key).steps]


def step_url(scheme: Scheme, token: str, step: str) -> str:
    return url_for("portal.step", slug=scheme.slug, token=token, step=step)


def review_url(scheme: Scheme, token: str) -> str:
    return url_for("portal.review", slug=scheme.slug, token=token)


def after(draft: Draft, scheme: Scheme, token: str, step: str) -> str:
    """Where « Continuer » leads from ``step``: the next step, or the review page."""
    ids = step_ids(draft)
    position = ids.index(step)
    return (
        step_url(scheme, token, ids[position + 1])
        if position + 1 < len(ids)
        else review_url(scheme, token)
    )


def before(draft: Draft, scheme: Scheme, token: str, step: str) -> str | None:
    """The previous step's URL (``None`` on the first step)."""
    ids = step_ids(draft)
    position = ids.index(step)
    return step_url(scheme, token, ids[position - 1]) if position > 0 else None


def done_step_urls(draft: Draft, scheme: Scheme, token: str, step: str) -> dict[str, str]:
    """Links to the steps before ``step`` (for the progress indicator)."""
    ids = step_ids(draft)
    return {s: step_url(scheme, token, s) for s in ids[: ids.index(step)]}


def contact_email(draft: Draft) -> str | None:
    """Where to send the receipt: the form's first e-mail answer, else the resume-link address."""
    schema = definition(draft).get("schema", {})
    for name, prop in schema.get("properties", {}).items():
        if prop.get("format") == "email" and isinstance(draft.answers.get(name), str):
            return draft.answers[name]
    return draft.email


def is_open(scheme: Scheme) -> bool:
    return scheme.is_open(paris_today())


def providers(version: SchemeVersion) -> list[str]:
    """French labels of the administrations the scheme asks (unknown sources left out)."""
    labels = set()
    for mapping in version.content.get("data_sources", []):
        try:
            labels.add(get_source(mapping["source"]).provider_label)
        except ConfigurationError:
            continue
    return sorted(labels)
