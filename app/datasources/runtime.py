"""What the data-source services need at run time, built once by the factory: the registry, the
rate limiter, the plugins' memo and the shared HTTP client; and the construction of a
:class:`~app.datasources.base.FetchContext` from a habilitation."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from flask import Flask, current_app

from app.core.http import http_client
from app.core.security import DecryptionError, decrypt
from app.datasources.base import FetchContext
from app.datasources.errors import ConfigurationError
from app.datasources.memo import TTLMemo
from app.datasources.models import Habilitation
from app.datasources.ratelimit import RateLimiter, build_limiter
from app.datasources.registry import Registry, load_registry

EXTENSION_KEY = "tremplin.datasources"


@dataclass
class RetryPolicy:
    """Bounded retries of retryable errors: attempts, exponential backoff, total time budget."""

    attempts: int = 3
    backoff: float = 0.5
    budget: float = 10.0
    max_wait_for_slot: float = 2.0


@dataclass
class DataSourceRuntime:
    """Shared, process-wide state of the data-source domain."""

    registry: Registry
    limiter: RateLimiter
    http: Callable[[], httpx.Client]
    memo: TTLMemo = field(default_factory=TTLMemo)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    not_found_ttl: int = 300


def init_app(app: Flask, registry: Registry | None = None) -> DataSourceRuntime:
    """Load the plugins (fails loudly) and store the runtime in ``app.extensions``."""
    settings = app.extensions["tremplin.settings"]
    runtime = DataSourceRuntime(
        registry=registry if registry is not None else load_registry(settings.data_sources),
        limiter=build_limiter(settings.redis_url),
        http=lambda: http_client(app),
    )
    app.extensions[EXTENSION_KEY] = runtime
    return runtime


def runtime() -> DataSourceRuntime:
    """The current application's runtime."""
    return current_app.extensions[EXTENSION_KEY]


def decrypted_secrets(habilitation: Habilitation) -> dict[str, Any]:
    """The habilitation's secrets (``{}`` when none were stored).

    :class:`ConfigurationError` when no configured key can decrypt them (key rotated away).
    """
    if not habilitation.secrets_encrypted:
        return {}
    try:
        return dict(json.loads(decrypt(habilitation.secrets_encrypted)))
    except DecryptionError as error:
        raise ConfigurationError(
            "Les identifiants enregistrés ne peuvent plus être déchiffrés : remplacez-les."
        ) from error


def context_for(habilitation: Habilitation, *, fresh: bool = False) -> FetchContext:
    """A context with the habilitation's decrypted configuration and the recipient SIRET."""
    current = runtime()
    config = {
        **habilitation.config,
        **decrypted_secrets(habilitation),
        "recipient": habilitation.recipient_siret,
    }
    return FetchContext(
        config=config,
        http=current.http(),
        correlation_id=str(uuid.uuid4()),
        memo=current.memo,
        scopes=frozenset(habilitation.scopes or ()),
        fresh=fresh,
    )
