"""What the demonstration page shows: for each demo scheme, the staging identities of
``seed/demo-identities.json`` with their answers (as on the review page) and expected decision."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from app.applications.models import ApplicationState
from app.demo.data import demo_identities, demo_spec
from app.forms.render import ReviewSection, review_sections
from app.schemes.models import Scheme, SchemeVersion
from app.schemes.services import scheme_by_slug
from app.tenants.context import tenant_by_slug
from app.tenants.models import Tenant


@dataclass(frozen=True)
class DemoIdentity:
    """One staging identity: who, where it comes from, what to type, what it yields."""

    id: str
    label: str
    origin: str
    note: str
    state: ApplicationState
    amount: Decimal | None
    sections: list[ReviewSection]


@dataclass(frozen=True)
class DemoScheme:
    """A published demo scheme and its identities."""

    tenant: Tenant
    scheme: Scheme
    identities: list[DemoIdentity]


def demo_available() -> bool:
    """Whether the demo data is loaded (a demo collectivité exists)."""
    return any(tenant_by_slug(spec["slug"]) for spec in demo_spec()["tenants"])


def demo_catalogue() -> list[DemoScheme]:
    """The published demo schemes, in the order of ``seed/demo-identities.json``."""
    found = []
    for entry in demo_identities():
        tenant = tenant_by_slug(entry["tenant"])
        scheme = scheme_by_slug(tenant.id, entry["scheme"]) if tenant else None
        if tenant is None or scheme is None or scheme.published_version is None:
            continue
        version = scheme.published_version
        identities = [_identity(version, raw) for raw in entry["identities"]]
        found.append(DemoScheme(tenant, scheme, identities))
    return found


def _identity(version: SchemeVersion, raw: dict[str, Any]) -> DemoIdentity:
    amount = raw["expected"].get("amount")
    return DemoIdentity(
        id=raw["id"],
        label=raw["label"],
        origin=raw.get("origin", ""),
        note=raw.get("note", ""),
        state=ApplicationState(raw["expected"]["state"]),
        amount=Decimal(amount) if amount is not None else None,
        sections=review_sections(version.content["form"], raw["answers"], key=version.form_key),
    )
