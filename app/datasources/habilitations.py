"""Managing habilitations: create, edit, replace secrets, test, read scopes; and gating.

Secrets are encrypted with :func:`app.core.security.encrypt` and never returned by these
functions except to build a call context. Every change is audited (field *names* only). Services
flush, the caller commits.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select

from app.audit.services import record
from app.core.db import db, utcnow
from app.core.errors import DomainError
from app.core.http import correlation
from app.core.security import encrypt
from app.datasources.base import CheckResult, DataSource, JSONSchema, secret_fields
from app.datasources.errors import DataSourceError
from app.datasources.models import Habilitation, HabilitationStatus, paris_today
from app.datasources.runtime import context_for, decrypted_secrets, runtime
from app.datasources.validation import field_errors
from app.tenants.models import Tenant
from app.tenants.validation import InvalidIdentifier, clean_siret

log = logging.getLogger("tremplin.datasources.habilitations")
TEXT_FIELDS = (
    "datapass_reference",
    "project_name",
    "project_description",
    "legal_basis_text",
    "legal_basis_reference",
    "controller_name",
    "controller_email",
    "technical_contact_name",
    "technical_contact_email",
    "dpo_name",
    "dpo_email",
)
EDITABLE = (*TEXT_FIELDS, "recipient_siret", "status", "valid_from", "valid_until", "scopes")


class HabilitationInvalid(DomainError):
    """Some fields are invalid; ``field_errors`` maps field names to French messages."""

    message = "L'habilitation n'a pas pu être enregistrée : corrigez les champs signalés."

    def __init__(self, field_errors: Mapping[str, str]) -> None:
        super().__init__()
        self.field_errors = dict(field_errors)


def provider_sources(provider: str) -> list[DataSource]:
    """The loaded sources of a provider (empty if unknown or not allowed)."""
    return runtime().registry.for_provider(provider)


def config_schema(provider: str) -> JSONSchema:
    """The provider's configuration schema (shared by its sources)."""
    sources = provider_sources(provider)
    if not sources:
        raise DomainError("Ce fournisseur de données n'est pas disponible sur la plateforme.")
    return sources[0].config_schema


def split_config(provider: str) -> tuple[list[str], list[str]]:
    """(non-secret field names, secret field names) of the provider's configuration."""
    schema = config_schema(provider)
    secrets = list(secret_fields(schema))
    public = [name for name in schema.get("properties", {}) if name not in secrets]
    return public, secrets


def create_habilitation(
    tenant: Tenant,
    provider: str,
    fields: Mapping[str, Any],
    config: Mapping[str, Any],
    secrets: Mapping[str, str],
    *,
    actor: Any,
) -> Habilitation:
    """Create a habilitation; the secrets are encrypted before anything is stored."""
    values = _clean_fields(fields, tenant.siret)
    public, secret_names = split_config(provider)
    clean_config = _compact({name: config.get(name) for name in public})
    clean_secrets = _compact({name: secrets.get(name) for name in secret_names})
    _check_config(provider, clean_config, clean_secrets)
    habilitation = Habilitation(
        tenant_id=tenant.id,
        provider=provider,
        config=clean_config,
        secrets_encrypted=encrypt(json.dumps(clean_secrets)),
        secret_updated_at=utcnow(),
        **values,
    )
    db.session.add(habilitation)
    db.session.flush()
    record(
        "datasource.habilitation.created",
        tenant_id=tenant.id,
        actor=actor,
        obj=habilitation,
        provider=provider,
        status=habilitation.status.value,
    )
    return habilitation


def update_habilitation(
    habilitation: Habilitation,
    fields: Mapping[str, Any],
    config: Mapping[str, Any],
    *,
    actor: Any,
) -> list[str]:
    """Apply changes to the non-secret fields and configuration; returns the changed names."""
    values = _clean_fields(fields, None)
    public, secret_names = split_config(habilitation.provider)
    new_config = _compact({name: config.get(name) for name in public})
    _check_config(habilitation.provider, new_config, _readable_secrets(habilitation), secret_names)
    changed = [name for name, value in values.items() if getattr(habilitation, name) != value]
    for name in changed:
        setattr(habilitation, name, values[name])
    if new_config != habilitation.config:
        habilitation.config = new_config
        changed.append("config")
    if changed:
        db.session.flush()
        record(
            "datasource.habilitation.updated",
            tenant_id=habilitation.tenant_id,
            actor=actor,
            obj=habilitation,
            fields=changed,
        )
    return changed


def replace_secrets(habilitation: Habilitation, secrets: Mapping[str, str], *, actor: Any) -> None:
    """Replace the secret fields given (others keep their value)."""
    _, secret_names = split_config(habilitation.provider)
    given = _compact({name: secrets.get(name) for name in secret_names})
    if not given:
        raise HabilitationInvalid({secret_names[0]: "Saisissez la nouvelle valeur."})
    merged = {**_readable_secrets(habilitation), **given}
    _check_config(habilitation.provider, dict(habilitation.config), merged)
    habilitation.secrets_encrypted = encrypt(json.dumps(merged))
    habilitation.secret_updated_at = utcnow()
    db.session.flush()
    record(
        "datasource.habilitation.secret_replaced",
        tenant_id=habilitation.tenant_id,
        actor=actor,
        obj=habilitation,
        fields=sorted(given),
    )


def test_connection(habilitation: Habilitation, *, actor: Any) -> CheckResult:
    """Run the provider's ``check`` with this habilitation; the outcome is stored and audited."""
    result = _check(habilitation)
    habilitation.last_check_at = result.checked_at
    habilitation.last_check_ok = result.ok
    habilitation.last_check_message = result.message[:500]
    db.session.flush()
    record(
        "datasource.habilitation.checked",
        tenant_id=habilitation.tenant_id,
        actor=actor,
        obj=habilitation,
        ok=result.ok,
        provider_request_id=result.request_id,
    )
    return result


def refresh_scopes(habilitation: Habilitation, *, actor: Any) -> CheckResult:
    """Read the token's scopes from the provider (API Particulier ``/api/introspect``)."""
    result = test_connection(habilitation, actor=actor)
    if result.scopes is not None:
        previous = list(habilitation.scopes or [])
        habilitation.scopes = list(result.scopes)
        habilitation.scopes_checked_at = result.checked_at
        db.session.flush()
        record(
            "datasource.habilitation.scopes_refreshed",
            tenant_id=habilitation.tenant_id,
            actor=actor,
            obj=habilitation,
            added=sorted(set(result.scopes) - set(previous)),
            removed=sorted(set(previous) - set(result.scopes)),
        )
    return result


def _check(habilitation: Habilitation) -> CheckResult:
    sources = provider_sources(habilitation.provider)
    if not sources:
        return CheckResult(False, "Ce fournisseur de données n'est pas disponible.")
    if not habilitation.secrets_encrypted:
        return CheckResult(False, "Aucun identifiant secret n'est enregistré.")
    try:
        ctx = context_for(habilitation)
        with correlation(ctx.correlation_id):
            result = sources[0].check(ctx)
    except DataSourceError as error:
        log.info(
            "datasource.check.failed",
            extra={"provider": habilitation.provider, "kind": error.kind, "status": error.status},
        )
        return CheckResult(False, error.message, request_id=error.request_id)
    if result.scopes is None:
        return result
    return _coverage(sources, result)


def _coverage(sources: list[DataSource], result: CheckResult) -> CheckResult:
    """The token is valid (its scopes were read): say which sources its scopes cover."""
    granted = set(result.scopes or ())
    covered = [s.label for s in sources if set(s.scopes) <= granted]
    message = "Connexion réussie : le jeton est valide. "
    message += (
        f"Sources couvertes par ses droits : {', '.join(covered)}."
        if covered
        else "Ses droits ne couvrent aucune des sources proposées."
    )
    return CheckResult(True, message, scopes=result.scopes, request_id=result.request_id)


def habilitations_of(tenant_id: int) -> list[Habilitation]:
    """A collectivité's habilitations, by provider then newest first."""
    query = (
        select(Habilitation)
        .where(Habilitation.tenant_id == tenant_id)
        .order_by(Habilitation.provider, Habilitation.id.desc())
    )
    return list(db.session.scalars(query))


def covers(habilitation: Habilitation, source: DataSource) -> bool:
    """The habilitation grants every scope the source needs."""
    return set(source.scopes) <= set(habilitation.scopes or ())


def active_for(
    tenant_id: int, source: DataSource, today: dt.date | None = None
) -> Habilitation | None:
    """The newest active habilitation of the provider that covers the source's scopes."""
    for habilitation in habilitations_of(tenant_id):
        if (
            habilitation.provider == source.provider
            and habilitation.is_active(today)
            and covers(habilitation, source)
        ):
            return habilitation
    return None


def missing_reason(tenant_id: int, source: DataSource, today: dt.date | None = None) -> str | None:
    """Why the source cannot be used (French), or ``None`` when an active habilitation covers it."""
    candidates = [h for h in habilitations_of(tenant_id) if h.provider == source.provider]
    if any(h.is_active(today) and covers(h, source) for h in candidates):
        return None
    name = f"« {source.label} »"
    active = [h for h in candidates if h.is_active(today)]
    if active:
        missing = sorted(set(source.scopes) - set(active[0].scopes or ()))
        return (
            f"{name} : l'habilitation {source.habilitation_label} ne couvre pas les droits "
            f"nécessaires ({', '.join(missing)})."
        )
    if candidates:
        return (
            f"{name} : l'habilitation {source.habilitation_label} n'est pas active "
            f"(statut, dates de validité ou identifiants manquants)."
        )
    return f"{name} : aucune habilitation {source.habilitation_label} n'est enregistrée."


def missing_habilitations(tenant: Tenant, source_ids: Iterable[str]) -> list[str]:
    """French reasons why these sources cannot be used by a published scheme (empty if none)."""
    registry = runtime().registry
    reasons = []
    for source_id in dict.fromkeys(source_ids):
        source = registry.get(source_id)
        if source is None:
            reasons.append(
                f"La source de données « {source_id} » n'est pas disponible sur la plateforme."
            )
            continue
        reason = missing_reason(tenant.id, source)
        if reason:
            reasons.append(reason)
    return reasons


def _compact(values: Mapping[str, Any]) -> dict[str, Any]:
    return {
        name: value.strip() if isinstance(value, str) else value
        for name, value in values.items()
        if value not in (None, "") and not (isinstance(value, str) and not value.strip())
    }


def _readable_secrets(habilitation: Habilitation) -> dict[str, Any]:
    """The stored secrets, or ``{}`` if they cannot be decrypted any more (being replaced)."""
    try:
        return decrypted_secrets(habilitation)
    except DataSourceError:
        return {}


def _check_config(
    provider: str,
    config: Mapping[str, Any],
    secrets: Mapping[str, Any],
    ignore: Iterable[str] = (),
) -> None:
    errors = field_errors(config_schema(provider), {**config, **secrets})
    for name in ignore:  # secrets are checked when they are replaced
        errors.pop(name, None)
    if errors:
        raise HabilitationInvalid({f"config.{name}": message for name, message in errors.items()})


def _clean_fields(fields: Mapping[str, Any], default_siret: str | None) -> dict[str, Any]:
    errors: dict[str, str] = {}
    values: dict[str, Any] = {
        name: str(fields.get(name) or "").strip() for name in TEXT_FIELDS if name in fields
    }
    if "project_name" in fields and not values.get("project_name"):
        errors["project_name"] = "Indiquez le nom du projet déclaré dans DataPass."
    if "recipient_siret" in fields or default_siret:
        raw = str(fields.get("recipient_siret") or default_siret or "")
        try:
            values["recipient_siret"] = clean_siret(raw)
        except InvalidIdentifier as error:
            errors["recipient_siret"] = str(error)
    if "status" in fields:
        try:
            values["status"] = HabilitationStatus(fields["status"] or HabilitationStatus.DRAFT)
        except ValueError:
            errors["status"] = "Choisissez un statut dans la liste."
    for name in ("valid_from", "valid_until"):
        if name in fields:
            values[name] = fields[name] or None
    start, end = values.get("valid_from"), values.get("valid_until")
    if start and end and end < start:
        errors["valid_until"] = "La fin de validité doit suivre le début de validité."
    if "scopes" in fields:
        values["scopes"] = sorted({s.strip() for s in fields["scopes"] or () if s.strip()})
    if errors:
        raise HabilitationInvalid(errors)
    return values


__all__ = [
    "HabilitationInvalid",
    "active_for",
    "create_habilitation",
    "missing_habilitations",
    "paris_today",
    "refresh_scopes",
    "replace_secrets",
    "test_connection",
    "update_habilitation",
]
