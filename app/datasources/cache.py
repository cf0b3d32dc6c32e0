"""Cache of fetched values per (collectivité, source, hashed inputs).

Successful results live for the source's TTL (never longer than the provider says its own copy
lives); "not found" answers for a few minutes; other errors are never cached. Keys are keyed
digests of the inputs and payloads are encrypted: the table holds no personal data in clear.
Services flush, the caller commits.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from app.core.db import db, utcnow
from app.core.security import DecryptionError, decrypt, encrypt, fingerprint
from app.datasources.base import FetchResult
from app.datasources.models import CachedValue

log = logging.getLogger("tremplin.datasources.cache")
OK = "ok"
NOT_FOUND = "not_found"
NOT_FOUND_TTL = 300


def cache_key(source_id: str, inputs: Mapping[str, Any], exact: Iterable[str] = ()) -> str:
    """Keyed digest of the canonical JSON of the inputs: strings are compared ignoring case and
    spacing, except the ``exact`` ones (tokens)."""
    keep = set(exact)
    normalised = {k: v if k in keep else _normalise(v) for k, v in inputs.items()}
    canonical = json.dumps(normalised, sort_keys=True, ensure_ascii=False)
    return fingerprint(f"{source_id}\n{canonical}", "datasource-cache")


def _normalise(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _normalise(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_normalise(v) for v in value]
    if isinstance(value, str):
        return " ".join(value.split()).upper()
    return value


def lookup(tenant_id: int, source_id: str, key: str) -> CachedValue | None:
    """The live entry for this key, if any."""
    entry = db.session.scalar(
        select(CachedValue).where(
            CachedValue.tenant_id == tenant_id,
            CachedValue.source_id == source_id,
            CachedValue.key == key,
        )
    )
    if entry is None or _aware(entry.expires_at) <= utcnow():
        return None
    return entry


def result_of(entry: CachedValue) -> FetchResult | None:
    """The cached result (``None`` if it cannot be decrypted any more: treated as a miss)."""
    try:
        data = json.loads(decrypt(entry.payload))
    except (DecryptionError, ValueError):
        log.warning("datasource.cache.unreadable", extra={"source_id": entry.source_id})
        return None
    return FetchResult(
        values=data["values"],
        fetched_at=_aware(entry.fetched_at),
        request_id=data.get("request_id", ""),
        caveats=tuple(data.get("caveats", ())),
        from_cache=True,
    )


def store(
    tenant_id: int, source_id: str, key: str, result: FetchResult | None, ttl_seconds: int
) -> None:
    """Store a result (or a "not found" when ``result`` is ``None``) for ``ttl_seconds``."""
    if ttl_seconds <= 0:
        return
    payload = ""
    if result is not None:
        payload = encrypt(
            json.dumps(
                {
                    "values": result.values,
                    "request_id": result.request_id,
                    "caveats": list(result.caveats),
                },
                ensure_ascii=False,
            )
        )
    fetched_at = result.fetched_at if result is not None else utcnow()
    entry = CachedValue(
        tenant_id=tenant_id,
        source_id=source_id,
        key=key,
        outcome=OK if result is not None else NOT_FOUND,
        payload=payload,
        fetched_at=fetched_at,
        expires_at=utcnow() + dt.timedelta(seconds=ttl_seconds),
    )
    try:
        with db.session.begin_nested():
            db.session.execute(
                delete(CachedValue).where(
                    CachedValue.tenant_id == tenant_id,
                    CachedValue.source_id == source_id,
                    CachedValue.key == key,
                )
            )
            db.session.add(entry)
    except IntegrityError:  # a concurrent request stored the same key first: keep theirs
        log.info("datasource.cache.race", extra={"source_id": source_id})


def purge_expired(now: dt.datetime | None = None) -> int:
    """Delete expired entries of every collectivité; returns how many."""
    result = db.session.execute(
        delete(CachedValue)
        .where(CachedValue.expires_at <= (now or utcnow()))
        .execution_options(all_tenants=True)
    )
    return int(result.rowcount or 0)


def _aware(value: dt.datetime) -> dt.datetime:
    """SQLite returns naive datetimes (stored as UTC)."""
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
