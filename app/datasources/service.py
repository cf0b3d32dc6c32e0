"""What the rest of the platform calls: :func:`fetch`, :func:`available_sources`,
:func:`source_variables` (and :func:`app.datasources.habilitations.missing_habilitations`).

:func:`fetch` checks the habilitation, validates the inputs, serves the cache, respects the
provider's rate limit across processes, retries retryable errors with backoff inside a small time
budget, validates the plugin's output, caches, logs and audits — without personal data. It raises
only the typed errors of :mod:`app.datasources.errors`. It flushes; the caller commits.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Mapping
from typing import Any

from app.audit.services import record
from app.core.http import correlation
from app.core.security import fingerprint
from app.datasources import cache
from app.datasources.base import DataSource, FetchContext, FetchResult, secret_fields
from app.datasources.errors import (
    ConfigurationError,
    DataSourceError,
    InvalidInput,
    NotFound,
    RateLimited,
    Unavailable,
)
from app.datasources.habilitations import active_for, missing_reason
from app.datasources.ratelimit import RateLimiter
from app.datasources.runtime import RetryPolicy, context_for, runtime
from app.datasources.validation import field_errors
from app.datasources.variables import Variable, schema_variables
from app.tenants.models import Tenant

log = logging.getLogger("tremplin.datasources")


def get_source(source_id: str) -> DataSource:
    """The loaded source, or :class:`ConfigurationError`."""
    source = runtime().registry.get(source_id)
    if source is None:
        raise ConfigurationError("Cette source de données n'est pas disponible sur la plateforme.")
    return source


def available_sources(tenant: Tenant) -> list[DataSource]:
    """Sources the collectivité may use now (an active habilitation covers their scopes)."""
    return [s for s in runtime().registry if active_for(tenant.id, s) is not None]


def source_variables(source_id: str) -> list[Variable]:
    """The source's typed output fields for the rule builder (path, JSON type, French label)."""
    return schema_variables(get_source(source_id).output_schema)


def clean_inputs(source: DataSource, inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Keep the inputs the source declares, drop empty ones, validate (French field errors)."""
    known = source.input_schema.get("properties", {})
    clean = {
        name: value.strip() if isinstance(value, str) else value
        for name, value in inputs.items()
        if name in known and value not in (None, "", [], ())
    }
    clean = {name: value for name, value in clean.items() if value != ""}
    errors = field_errors(source.input_schema, clean)
    if errors:
        raise InvalidInput(field_errors=errors)
    return clean


def fetch(
    tenant: Tenant,
    source_id: str,
    inputs: Mapping[str, Any],
    *,
    use_cache: bool = True,
    actor: Any = None,
) -> FetchResult:
    """Fetch ``source_id``'s values for the person described by ``inputs`` (see module doc)."""
    started = time.monotonic()
    source = get_source(source_id)
    clean = clean_inputs(source, inputs)
    habilitation = active_for(tenant.id, source)
    if habilitation is None:
        reason = missing_reason(tenant.id, source) or ""
        _report(tenant, source, started, actor, error=ConfigurationError(reason))
        raise ConfigurationError()
    key = cache.cache_key(source.id, clean, exact=secret_fields(source.input_schema))
    if use_cache:
        cached = _from_cache(tenant, source, key, started, actor)
        if cached is not None:
            return cached
    current = runtime()
    correlation_id = ""
    try:
        ctx = context_for(habilitation, fresh=not use_cache)
        correlation_id = ctx.correlation_id
        limit_key = f"{source.provider}:{fingerprint(source.credential(ctx.config), 'ratelimit')}"
        result, attempts = call_with_limits(
            source, ctx, clean, current.limiter, current.retry, limit_key
        )
    except NotFound as error:
        cache.store(tenant.id, source.id, key, None, current.not_found_ttl)
        _report(tenant, source, started, actor, error=error, correlation_id=correlation_id)
        raise
    except DataSourceError as error:
        _report(tenant, source, started, actor, error=error, correlation_id=correlation_id)
        raise
    ttl = min(source.ttl_seconds, result.ttl_seconds or source.ttl_seconds)
    cache.store(tenant.id, source.id, key, result, ttl)
    _report(
        tenant,
        source,
        started,
        actor,
        result=result,
        attempts=attempts,
        correlation_id=correlation_id,
    )
    return result


def _from_cache(
    tenant: Tenant, source: DataSource, key: str, started: float, actor: Any
) -> FetchResult | None:
    entry = cache.lookup(tenant.id, source.id, key)
    if entry is None:
        return None
    if entry.outcome == cache.NOT_FOUND:
        error = NotFound()
        _report(tenant, source, started, actor, error=error, cached=True)
        raise error
    result = cache.result_of(entry)
    if result is not None:
        _report(tenant, source, started, actor, result=result, cached=True)
    return result


def call_with_limits(
    source: DataSource,
    ctx: FetchContext,
    inputs: dict[str, Any],
    limiter: RateLimiter,
    policy: RetryPolicy,
    limit_key: str,
) -> tuple[FetchResult, int]:
    """Call the plugin under the provider's rate limit (counted on ``limit_key``, shared by every
    process using the same limiter backend) with bounded retries; returns (result, attempts).

    Needs no application: workers and the burst test call it directly.
    """
    deadline = time.monotonic() + policy.budget
    attempt = 0
    while True:
        attempt += 1
        try:
            if source.rate_limit is not None:
                remaining = max(0.0, deadline - time.monotonic())
                limiter.acquire(
                    limit_key, source.rate_limit, min(policy.max_wait_for_slot, remaining)
                )
            with correlation(ctx.correlation_id):
                result = _checked(source, source.fetch(ctx, inputs))
            return result, attempt
        except DataSourceError as error:
            delay = _retry_delay(error, attempt, policy, deadline)
            if delay is None:
                error.attempts = attempt
                raise
            log.info(
                "datasource.fetch.retry",
                extra={
                    "source_id": source.id,
                    "kind": error.kind,
                    "status": error.status,
                    "attempt": attempt,
                    "delay": round(delay, 2),
                },
            )
            time.sleep(delay)
        except Exception as error:  # a plugin bug must not break the caller
            log.exception("datasource.fetch.plugin_error", extra={"source_id": source.id})
            failure = Unavailable()
            failure.attempts = attempt
            raise failure from error


def _retry_delay(
    error: DataSourceError, attempt: int, policy: RetryPolicy, deadline: float
) -> float | None:
    """Seconds before the next attempt, or ``None`` to give up."""
    if not error.retryable or attempt >= policy.attempts:
        return None
    backoff = policy.backoff * 2 ** (attempt - 1) * (1 + random.random() / 4)  # noqa: S311
    hinted = getattr(error, "retry_after", None)
    delay = max(backoff, float(hinted)) if hinted is not None else backoff
    if isinstance(error, RateLimited) and hinted is not None:
        delay = max(float(hinted), 0.05)
    if time.monotonic() + delay >= deadline:
        return None
    return delay


def _checked(source: DataSource, result: FetchResult) -> FetchResult:
    """Refuse values that do not match the declared output schema (provider format change)."""
    errors = field_errors(source.output_schema, result.values)
    if errors:
        log.warning(
            "datasource.fetch.bad_output",
            extra={"source_id": source.id, "fields": sorted(errors)},
        )
        raise Unavailable("La réponse de l'administration n'a pas le format attendu.")
    return result


def _report(
    tenant: Tenant,
    source: DataSource,
    started: float,
    actor: Any,
    *,
    result: FetchResult | None = None,
    error: DataSourceError | None = None,
    cached: bool = False,
    attempts: int = 0,
    correlation_id: str = "",
) -> None:
    """One log line and one audit event per fetch: identifiers, outcome, timings — no inputs."""
    details: dict[str, Any] = {
        "source_id": source.id,
        "cached": cached,
        "attempts": attempts,
        "duration_ms": round((time.monotonic() - started) * 1000),
        "correlation_id": correlation_id,
        "provider_request_id": (result.request_id if result else error.request_id if error else ""),
    }
    if error is None:
        log.info("datasource.fetch.succeeded", extra={"tenant_id": tenant.id, **details})
        outcome = "success"
    else:
        details.update(kind=error.kind, status=error.status, code=error.code)
        details["attempts"] = attempts or error.attempts
        if isinstance(error, ConfigurationError):
            details["detail"] = error.message
        event = (
            "datasource.fetch.not_found"
            if isinstance(error, NotFound)
            else "datasource.fetch.failed"
        )
        log.log(
            logging.INFO if isinstance(error, NotFound | InvalidInput) else logging.WARNING,
            event,
            extra={"tenant_id": tenant.id, **details},
        )
        outcome = error.kind
    record(
        "datasource.fetched",
        tenant_id=tenant.id,
        actor=actor,
        object_type="DataSource",
        object_id=source.id,
        outcome=outcome,
        **details,
    )
