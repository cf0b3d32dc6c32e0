"""The data-source plugin contract: one small class per source.

A plugin subclasses :class:`DataSource`, fills in the class attributes and implements
:meth:`DataSource.fetch` and :meth:`DataSource.check`. It declares itself with an entry point in the
``tremplin.data_sources`` group whose *name* equals :attr:`DataSource.id` (stored in the database,
never renamed). Plugins import only this module, :mod:`app.datasources.errors` and
:mod:`app.datasources.identity` — never models or services. Everything they need at run time comes
in the :class:`FetchContext`: the collectivité's validated, decrypted configuration and the shared
HTTP client (plugins never build their own).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

import httpx

JSONSchema = dict[str, Any]


def utcnow() -> dt.datetime:
    """Timezone-aware current time (UTC)."""
    return dt.datetime.now(dt.UTC)


class Memo(Protocol):
    """A small key/value store with expiry the host lends to plugins (e.g. OAuth tokens)."""

    def get(self, key: str) -> Any | None:
        """The value stored under ``key``, or ``None`` when absent or expired."""

    def set(self, key: str, value: Any, ttl_seconds: float) -> None:
        """Store ``value`` for ``ttl_seconds``."""


@dataclass(frozen=True)
class FetchContext:
    """What a plugin gets for one call.

    ``config`` is the habilitation's configuration, validated against
    :attr:`DataSource.config_schema`, with its secrets decrypted, plus ``recipient`` (the
    collectivité's SIRET). ``fresh`` asks the provider to bypass its own cache when it offers that
    (``Cache-Control: no-cache``).
    """

    config: Mapping[str, Any]
    http: httpx.Client
    correlation_id: str
    memo: Memo
    scopes: frozenset[str] = frozenset()
    fresh: bool = False


@dataclass(frozen=True)
class FetchResult:
    """Values fetched for one person, matching :attr:`DataSource.output_schema`.

    ``caveats`` are French sentences an agent must read next to the values (e.g. « Quotient familial
    non calculable (0) »). ``ttl_seconds`` lets the provider shorten the host's cache (e.g. from
    ``X-Cache-Expires-in``).
    """

    values: dict[str, Any]
    fetched_at: dt.datetime = field(default_factory=utcnow)
    request_id: str = ""
    caveats: tuple[str, ...] = ()
    ttl_seconds: int | None = None
    from_cache: bool = False


@dataclass(frozen=True)
class CheckResult:
    """Outcome of "tester la connexion": a French message, and the token's scopes when readable."""

    ok: bool
    message: str
    scopes: tuple[str, ...] | None = None
    request_id: str = ""
    checked_at: dt.datetime = field(default_factory=utcnow)


@dataclass(frozen=True)
class RateLimit:
    """At most ``requests`` per ``period`` seconds per credential (e.g. 20 per second)."""

    requests: int
    period: float = 1.0


class DataSource:
    """Base class of every data source.

    Class attributes:

    - ``id``: the entry-point name, e.g. ``api_particulier.quotient_familial`` (never renamed);
    - ``label`` / ``description``: French, shown to administrators;
    - ``provider``: the habilitation kind (``api_particulier``, ``impot_particulier``, ``demo``);
      every source of a provider shares one ``config_schema`` and one habilitation;
    - ``provider_label``: French, who answers, e.g. « CNAF/MSA via API Particulier »;
    - ``habilitation_label``: French name of the habilitation kind, the same for every source of
      the provider (e.g. « API Particulier »);
    - ``scopes``: rights the habilitation must grant; ``optional_scopes`` add fields when granted;
    - ``config_schema`` / ``input_schema`` / ``output_schema``: JSON Schemas (Draft 2020-12);
      secret configuration fields carry ``"writeOnly": true`` (stored encrypted, never shown back);
      output properties carry a French ``title`` used by the rule builder;
    - ``ttl_seconds``: how long a fetched value may be reused (the provider's own cache duration);
    - ``rate_limit``: the provider's per-credential limit, enforced by the host across processes.
    """

    id: ClassVar[str] = ""
    label: ClassVar[str] = ""
    description: ClassVar[str] = ""
    provider: ClassVar[str] = ""
    provider_label: ClassVar[str] = ""
    habilitation_label: ClassVar[str] = ""
    scopes: ClassVar[tuple[str, ...]] = ()
    optional_scopes: ClassVar[tuple[str, ...]] = ()
    config_schema: ClassVar[JSONSchema] = {"type": "object"}
    input_schema: ClassVar[JSONSchema] = {"type": "object"}
    output_schema: ClassVar[JSONSchema] = {"type": "object"}
    ttl_seconds: ClassVar[int] = 3600
    rate_limit: ClassVar[RateLimit | None] = None

    def fetch(self, ctx: FetchContext, inputs: Mapping[str, Any]) -> FetchResult:
        """Fetch the values for the person described by ``inputs`` (already schema-validated).

        Raise the errors of :mod:`app.datasources.errors`; any other exception is a bug the host
        turns into :class:`~app.datasources.errors.Unavailable`.
        """
        raise NotImplementedError

    def check(self, ctx: FetchContext) -> CheckResult:
        """Verify the configuration against the provider without fetching anyone's data."""
        raise NotImplementedError

    @classmethod
    def credential(cls, config: Mapping[str, Any]) -> str:
        """The value the provider's rate limit is counted on (a token, a client id…)."""
        secrets = secret_fields(cls.config_schema)
        return "|".join(str(config.get(name, "")) for name in sorted(secrets)) or cls.provider


def secret_fields(config_schema: Mapping[str, Any]) -> tuple[str, ...]:
    """Names of the configuration properties marked ``writeOnly`` (secrets)."""
    properties = config_schema.get("properties", {})
    return tuple(name for name, spec in properties.items() if spec.get("writeOnly"))
