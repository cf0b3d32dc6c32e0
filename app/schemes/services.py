"""Creating schemes, editing their draft version, publishing, closing (flush, never commit)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from app.audit.services import record
from app.core.db import db, utcnow
from app.core.errors import DomainError
from app.schemes.models import BenefitKind, Scheme, SchemeVersion, VersionState

METADATA = ("slug", "title", "description", "audience", "opens_at", "closes_at")
CONTENT = ("form", "data_sources", "rules", "benefit", "budget", "retention", "tests")


class PublicationRefused(DomainError):
    """Publishing was refused; ``reasons`` lists every failing precondition in French."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("La publication est impossible : " + " ; ".join(reasons))
        self.reasons = reasons


def content_hash(content: dict[str, Any]) -> str:
    """Stable SHA-256 of a version's content (canonical JSON)."""
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def schemes_of(tenant_id: int) -> list[Scheme]:
    """A collectivité's schemes, by title."""
    query = select(Scheme).where(Scheme.tenant_id == tenant_id).order_by(func.lower(Scheme.title))
    return list(db.session.scalars(query))


def scheme_by_slug(tenant_id: int, slug: str) -> Scheme | None:
    """The collectivité's scheme with this slug."""
    return db.session.scalar(
        select(Scheme).where(Scheme.tenant_id == tenant_id, Scheme.slug == slug)
    )


def apply_metadata(scheme: Scheme, bundle: dict[str, Any]) -> None:
    """Copy a bundle's live metadata onto the scheme."""
    scheme.slug = bundle["slug"]
    scheme.title = bundle["title"]
    scheme.description = bundle.get("description", "")
    scheme.audience = list(bundle.get("audience", []))
    scheme.opens_at = _date(bundle.get("opens_at"))
    scheme.closes_at = _date(bundle.get("closes_at"))
    scheme.benefit_kind = BenefitKind(bundle["benefit"]["kind"])
    budget = bundle.get("budget")
    scheme.budget_amount = Decimal(budget["amount"]) if budget else None
    scheme.retention_months = (bundle.get("retention") or {}).get("months", 24)


def create_scheme(tenant_id: int, bundle: dict[str, Any], *, actor: Any) -> Scheme:
    """A new scheme whose draft version 1 holds the bundle's content."""
    if scheme_by_slug(tenant_id, bundle["slug"]) is not None:
        raise DomainError("Un dispositif utilise déjà cet identifiant.")
    scheme = Scheme(tenant_id=tenant_id)
    apply_metadata(scheme, bundle)
    db.session.add(scheme)
    db.session.flush()
    version = _new_version(scheme, 1, bundle)
    record("scheme.created", tenant_id=tenant_id, actor=actor, obj=scheme, version=version.number)
    return scheme


def save_draft(
    scheme: Scheme, bundle: dict[str, Any], *, actor: Any, change: str | None = None
) -> SchemeVersion:
    """Store the bundle's content in the scheme's draft version (created from scratch if none).

    ``change`` names what the scheme builder changed (kept in the audit record).
    """
    apply_metadata(scheme, bundle)
    draft = scheme.draft_version or _new_version(scheme, _next_number(scheme), bundle)
    draft.content = {k: bundle[k] for k in CONTENT if k in bundle}
    draft.content_hash = content_hash(draft.content)
    db.session.flush()
    db.session.expire(scheme, ["draft_version", "published_version"])
    record(
        "scheme.draft_saved",
        tenant_id=scheme.tenant_id,
        actor=actor,
        obj=scheme,
        version=draft.number,
        **({"change": change} if change else {}),
    )
    return draft


def publish(scheme: Scheme, *, actor: Any, problems: list[str]) -> SchemeVersion:
    """Publish the draft version; the previous published version is superseded.

    ``problems`` are the precondition failures computed by :mod:`app.schemes.publishing`; any
    problem refuses the publication with every reason listed.
    """
    draft = scheme.draft_version
    if draft is None:
        raise PublicationRefused(["aucun brouillon à publier"])
    if problems:
        raise PublicationRefused(problems)
    previous = scheme.published_version
    if previous is not None:
        previous.state = VersionState.SUPERSEDED
        db.session.flush()
    draft.state = VersionState.PUBLISHED
    draft.published_at = utcnow()
    draft.published_by_id = getattr(actor, "id", None)
    db.session.flush()
    db.session.expire(scheme, ["draft_version", "published_version"])
    record(
        "scheme.published",
        tenant_id=scheme.tenant_id,
        actor=actor,
        obj=scheme,
        version=draft.number,
        superseded=previous.number if previous else None,
    )
    return draft


def close_scheme(scheme: Scheme, *, actor: Any) -> None:
    """Stop accepting applications (existing ones are untouched)."""
    if scheme.closed_at is None:
        scheme.closed_at = utcnow()
        db.session.flush()
        record("scheme.closed", tenant_id=scheme.tenant_id, actor=actor, obj=scheme)


def reopen_scheme(scheme: Scheme, *, actor: Any) -> None:
    """Accept applications again (within the scheme's dates)."""
    if scheme.closed_at is not None:
        scheme.closed_at = None
        db.session.flush()
        record("scheme.reopened", tenant_id=scheme.tenant_id, actor=actor, obj=scheme)


def new_draft_from_published(scheme: Scheme, *, actor: Any) -> SchemeVersion:
    """Start editing a copy of the published version (the published one stays immutable)."""
    if scheme.draft_version is not None:
        return scheme.draft_version
    source = scheme.published_version or scheme.versions[-1]
    draft = _new_version(scheme, _next_number(scheme), dict(source.content))
    record(
        "scheme.draft_started",
        tenant_id=scheme.tenant_id,
        actor=actor,
        obj=scheme,
        version=draft.number,
    )
    return draft


def _new_version(scheme: Scheme, number: int, bundle: dict[str, Any]) -> SchemeVersion:
    content = {k: bundle[k] for k in CONTENT if k in bundle}
    version = SchemeVersion(
        tenant_id=scheme.tenant_id,
        scheme_id=scheme.id,
        number=number,
        state=VersionState.DRAFT,
        content=content,
        content_hash=content_hash(content),
    )
    db.session.add(version)
    db.session.flush()
    db.session.expire(scheme, ["versions", "draft_version", "published_version"])
    return version


def _next_number(scheme: Scheme) -> int:
    current = db.session.scalar(
        select(func.max(SchemeVersion.number)).where(SchemeVersion.scheme_id == scheme.id)
    )
    return (current or 0) + 1


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
