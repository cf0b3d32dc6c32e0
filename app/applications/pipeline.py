"""Submission pipeline: validate → create → fetch the data sources → evaluate the rules → decide.

``submit`` validates and stores the application (state *vérification en cours*) and returns it:
the caller commits, so nothing is lost whatever happens next. ``process`` then fetches, evaluates
and decides; when a data source cannot answer for now (retryable failure), the application stays
*vérification en cours* and ``next_attempt_at`` says when to try again (``retry_due``, run by a
Celery beat task, by the embedded demo's sweeper, and when the status page is opened).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from flask import current_app
from sqlalchemy import select

from app.applications import sources as source_fetch
from app.applications.models import Application, ApplicationState, Channel
from app.applications.references import next_reference
from app.audit.services import record
from app.core.db import db, utcnow
from app.core.errors import DomainError
from app.core.security import fingerprint
from app.forms import FieldError, validate_answers
from app.rules import Facts, Outcome, compile_rules, evaluate_rules, variables_of
from app.schemes.models import Scheme
from app.tenants.models import Tenant

log = logging.getLogger("tremplin.applications")
MAX_ATTEMPTS = 12
BACKOFF_SECONDS = (30, 60, 120, 300, 600, 1800, 3600)


class InvalidAnswers(DomainError):
    """The answers do not satisfy the scheme's form schema; ``errors`` lists them."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("Certaines réponses ne sont pas valides.")
        self.errors = errors


class SchemeClosed(DomainError):
    """The scheme does not accept applications (not published, closed, or out of its dates)."""

    message = "Ce dispositif n'accepte pas de demande en ce moment."


class IdempotencyConflict(DomainError):
    """The same idempotency key was used with different answers."""

    message = "Cette clé d'idempotence a déjà été utilisée pour une autre demande."


@dataclass(frozen=True)
class Submitted:
    """An application and the secret token of its status page; ``created`` is False on replay."""

    application: Application
    status_token: str
    created: bool


def status_token_for(tenant_id: int, origin: str) -> str:
    """Secret status-page token, derived from the submission's origin (draft token or API key).

    Derivation (keyed with the app secret) lets a replayed submission — double click, API retry —
    find its status link again although only a fingerprint is stored.
    """
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"status:{tenant_id}:{origin}".encode(), hashlib.sha256).hexdigest()
    return digest[:40]


def answers_digest(answers: dict[str, Any]) -> str:
    """Canonical hash of answers, to tell an idempotent replay from a conflicting reuse."""
    canonical = json.dumps(answers, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def submit(
    tenant: Tenant,
    scheme: Scheme,
    answers: dict[str, Any],
    *,
    origin: str,
    channel: Channel = Channel.WEB,
    contact_email: str | None = None,
    today: dt.date,
) -> Submitted:
    """Validate and store an application on the scheme's published version (not yet decided).

    ``origin`` identifies the submission (``draft:<token>`` or ``api:<idempotency key>``): the same
    origin never creates two applications.
    """
    token = status_token_for(tenant.id, origin)
    idempotency_key = fingerprint(origin, "application.origin")
    existing = db.session.scalar(
        select(Application).where(
            Application.tenant_id == tenant.id, Application.idempotency_key == idempotency_key
        )
    )
    if existing is not None:
        if existing.evaluation.get("answers_digest") not in (None, answers_digest(answers)):
            raise IdempotencyConflict()
        return Submitted(existing, token, created=False)
    version = scheme.published_version
    if version is None or not scheme.is_open(today):
        raise SchemeClosed()
    errors = validate_answers(version.content["form"], answers, key=version.form_key)
    if errors:
        raise InvalidAnswers(errors)
    application = Application(
        tenant_id=tenant.id,
        reference=next_reference(tenant.id, tenant.slug, today.year),
        scheme_id=scheme.id,
        scheme_version_id=version.id,
        state=ApplicationState.VERIFYING,
        channel=channel,
        answers=answers,
        idempotency_key=idempotency_key,
        status_token_hash=fingerprint(token, "application.status"),
        contact_email=contact_email,
        evaluation={"answers_digest": answers_digest(answers)},
        next_attempt_at=utcnow(),
    )
    db.session.add(application)
    db.session.flush()
    record(
        "application.submitted",
        tenant_id=tenant.id,
        obj=application,
        channel=channel.value,
        version=version.number,
    )
    return Submitted(application, token, created=True)


def process(application: Application, *, today: dt.date | None = None) -> Application:
    """Fetch the data sources, evaluate the rules and decide; never raises.

    A retryable data-source failure (or an unexpected error) keeps the application *vérification
    en cours* with a next attempt scheduled; nothing already stored is lost.
    """
    if application.is_decided:
        return application
    application.attempts += 1
    try:
        _decide(application, today)
    except Exception:
        log.exception("application.process.failed", extra={"application_id": application.id})
        _schedule_retry(application, None, reason="error")
    db.session.flush()
    return application


def _decide(application: Application, today: dt.date | None) -> None:
    content = application.version.content
    tenant = db.session.get(Tenant, application.tenant_id)
    fetched = source_fetch.fetch_all(tenant, content.get("data_sources", []), application.answers)
    if fetched.retryable and application.attempts < MAX_ATTEMPTS:
        application.source_errors = _errors_json(fetched)
        _schedule_retry(application, fetched.retry_after(), reason="source_unavailable")
        return
    rules = compile_rules(content["rules"])
    facts = Facts.build(
        form=application.answers,
        sources=fetched.values,
        source_labels=fetched.labels,
        fetched_at=fetched.fetched_at,
    )
    evaluation = evaluate_rules(rules, facts, today=today)
    application.source_values = _minimised(content["rules"], fetched.values)
    application.provenance = fetched.provenance
    application.source_errors = _errors_json(fetched)
    application.evaluation = {
        **evaluation.to_dict(),
        "answers_digest": application.evaluation.get("answers_digest"),
    }
    application.state = _state(evaluation.eligible, bool(fetched.errors))
    amount = evaluation.amount
    application.amount = Decimal(amount).quantize(Decimal("0.01")) if amount is not None else None
    application.decided_at = utcnow()
    application.next_attempt_at = None
    record(
        "application.decided",
        tenant_id=application.tenant_id,
        obj=application,
        state=application.state.value,
        attempts=application.attempts,
    )


def _state(eligible: Outcome, source_failed: bool) -> ApplicationState:
    """Automation decides only on complete, verified data; anything else goes to an agent."""
    if eligible is Outcome.FALSE:
        return ApplicationState.INELIGIBLE
    if eligible is Outcome.TRUE and not source_failed:
        return ApplicationState.ELIGIBLE
    return ApplicationState.TO_REVIEW


def _schedule_retry(application: Application, retry_after: float | None, *, reason: str) -> None:
    step = BACKOFF_SECONDS[min(application.attempts - 1, len(BACKOFF_SECONDS) - 1)]
    delay = max(step, retry_after or 0)
    application.next_attempt_at = utcnow() + dt.timedelta(seconds=delay)
    record(
        "application.retry_scheduled",
        tenant_id=application.tenant_id,
        obj=application,
        reason=reason,
        attempts=application.attempts,
        delay_seconds=int(delay),
    )


def _errors_json(fetched: source_fetch.FetchedSources) -> dict[str, Any]:
    return {
        alias: {"kind": error.kind, "retryable": error.retryable, "message": error.message}
        for alias, error in fetched.errors.items()
    }


def _minimised(rules: dict[str, Any], values: dict[str, dict[str, Any] | None]) -> dict[str, Any]:
    """Keep only the data-source fields the rules read (data minimisation)."""
    paths = set()
    for logic in [c["logic"] for c in rules.get("criteria", [])] + [rules.get("amount")]:
        if logic is not None:
            paths |= variables_of(logic)
    kept: dict[str, Any] = {}
    for path in sorted(paths):
        parts = path.split(".")
        if len(parts) < 3 or parts[0] != "sources" or values.get(parts[1]) is None:
            continue
        value = source_fetch.resolve(values[parts[1]], ".".join(parts[2:]))
        if value is not None:
            kept.setdefault(parts[1], {})
            _set(kept[parts[1]], parts[2:], value)
    return kept


def _set(target: dict[str, Any], parts: list[str], value: Any) -> None:
    for part in parts[:-1]:
        target = target.setdefault(part, {})
    target[parts[-1]] = value


def is_due(application: Application, now: dt.datetime | None = None) -> bool:
    """Waiting for a new attempt whose time has come."""
    when = application.next_attempt_at
    if application.is_decided or when is None:
        return False
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when <= (now or utcnow())


def recheck_interval() -> dt.timedelta:
    """How long a person waits between two « Relancer la vérification » (setting
    ``TREMPLIN_RECHECK_INTERVAL_SECONDS``, 10 s by default)."""
    seconds = current_app.extensions["tremplin.settings"].recheck_interval_seconds
    return dt.timedelta(seconds=seconds)


def can_recheck(application: Application, now: dt.datetime | None = None) -> bool:
    """The person may ask for a new attempt at most every :func:`recheck_interval`."""
    if application.is_decided:
        return False
    last = application.updated_at
    if last.tzinfo is None:
        last = last.replace(tzinfo=dt.UTC)
    return (now or utcnow()) - last >= recheck_interval()


def due_applications(now: dt.datetime | None = None, limit: int = 100) -> list[Application]:
    """Applications waiting for a new attempt (all collectivités; for the background sweeper)."""
    query = (
        select(Application)
        .where(
            Application.state == ApplicationState.VERIFYING,
            Application.next_attempt_at <= (now or utcnow()),
        )
        .order_by(Application.next_attempt_at)
        .limit(limit)
        .execution_options(all_tenants=True)
    )
    return list(db.session.scalars(query))


def find_by_status_token(tenant_id: int, token: str) -> Application | None:
    """The application whose secret status link carries ``token``."""
    return db.session.scalar(
        select(Application).where(
            Application.tenant_id == tenant_id,
            Application.status_token_hash == fingerprint(token, "application.status"),
        )
    )
