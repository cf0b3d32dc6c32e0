"""Loading the demo seed: idempotent, running it twice changes nothing.

- ``seed/demo.json``: the demo collectivités, their administrators and the platform operator;
- sandbox habilitations for those collectivités (:mod:`app.demo_sandboxes`);
- ``seed/schemes/<collectivité>/<dispositif>.json``: the demo schemes (scheme bundles), imported
  and published for their collectivité;
- ``seed/demo-identities.json``: the official staging identities to type in the demo schemes and
  the decision each yields (shown on ``/demo``, submitted by the tests).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.audit.services import record
from app.auth import services as auth_services
from app.auth.models import Role
from app.demo.data import SCHEMES_DIR, SEED_DIR, demo_bundles, demo_identities, demo_spec
from app.demo_sandboxes import ensure_demo_habilitations
from app.schemes import services as schemes
from app.schemes.bundles import import_bundle
from app.schemes.models import Scheme
from app.schemes.publishing import publication_problems
from app.tenants.context import tenant_by_slug
from app.tenants.models import Tenant
from app.tenants.services import create_tenant

__all__ = [
    "SCHEMES_DIR",
    "SEED_DIR",
    "SeedError",
    "demo_bundles",
    "demo_identities",
    "demo_logins",
    "demo_tenants",
    "load_demo",
    "load_demo_habilitations",
    "load_demo_schemes",
]

SCHEME_OUTCOMES = ("created", "updated", "unchanged", "kept")


class SeedError(RuntimeError):
    """The demo seed is inconsistent (e.g. a scheme for a collectivité that does not exist)."""


def load_demo(path: Path | None = None, *, accounts: bool = True) -> dict[str, int]:
    """Create the demo collectivités, admins and operator when absent; returns what was created.

    ``accounts=False`` creates the collectivités only (tests that need no login skip the
    password hashing).
    """
    data = demo_spec(path)
    password = data["password"]
    created = {"tenants": 0, "users": 0}
    for spec in data["tenants"]:
        tenant = tenant_by_slug(spec["slug"])
        if tenant is None:
            fields = {
                k: spec[k] for k in ("slug", "name", "kind", "siret", "cog_code", "contact_email")
            }
            tenant = create_tenant(**fields)
            created["tenants"] += 1
        if not accounts:
            continue
        admin = spec["admin"]
        user = auth_services.find_user(admin["email"])
        if user is None:
            user = auth_services.create_user(admin["email"], password, full_name=admin["full_name"])
            created["users"] += 1
        if auth_services.membership_for(user, tenant) is None:
            auth_services.add_member(tenant, user.email, Role.ADMIN, actor=None)
    operator = data["operator"]
    if accounts and auth_services.find_user(operator["email"]) is None:
        auth_services.create_user(
            operator["email"], password, full_name=operator["full_name"], is_operator=True
        )
        created["users"] += 1
    return created


def demo_tenants(path: Path | None = None) -> list[Tenant]:
    """The demo collectivités that exist in the database."""
    data = demo_spec(path)
    found = (tenant_by_slug(spec["slug"]) for spec in data["tenants"])
    return [tenant for tenant in found if tenant is not None]


def load_demo_habilitations(urls: dict[str, str] | None = None) -> int:
    """Sandbox habilitations for the demo collectivités (idempotent; needs the application)."""
    return ensure_demo_habilitations(demo_tenants(), urls)


def demo_logins(path: Path | None = None) -> list[tuple[str, str, str]]:
    """(who, e-mail, password) of the demo accounts, for ``make run`` to print."""
    data = demo_spec(path)
    rows = [(t["name"], t["admin"]["email"], data["password"]) for t in data["tenants"]]
    rows.append(("Opérateur de la plateforme", data["operator"]["email"], data["password"]))
    return rows


def load_demo_schemes(directory: Path | None = None) -> dict[str, int]:
    """Import and publish the demo schemes for their collectivités (idempotent).

    A scheme is *created* when absent; *unchanged* when its published version already holds the
    seed's content (no new version) and its metadata match; *updated* when the seed changed (new
    content: a new published version; new metadata only: the scheme's dates, title… are updated);
    *kept* as it is when an administrator took it over (a draft is being edited, or the published
    version was published by someone). Needs the habilitations (publication checks them).
    Returns how many schemes had each outcome.
    """
    counts = dict.fromkeys(SCHEME_OUTCOMES, 0)
    for tenant_slug, bundle in demo_bundles(directory):
        tenant = tenant_by_slug(tenant_slug)
        if tenant is None:
            raise SeedError(f"demo scheme {bundle.get('slug')!r}: no collectivité {tenant_slug!r}")
        counts[_load_scheme(tenant, bundle)] += 1
    return counts


def _load_scheme(tenant: Tenant, bundle: dict[str, Any]) -> str:
    scheme = schemes.scheme_by_slug(tenant.id, bundle["slug"])
    outcome = "created" if scheme is None else "updated"
    if scheme is not None:
        published = scheme.published_version
        if scheme.draft_version is not None or (published and published.published_by_id):
            return "kept"
        content = {k: bundle[k] for k in schemes.CONTENT if k in bundle}
        if published is not None and published.content_hash == schemes.content_hash(content):
            if _metadata(scheme) == _metadata(bundle):
                return "unchanged"
            schemes.apply_metadata(scheme, bundle)
            record("scheme.metadata_updated", tenant_id=tenant.id, actor=None, obj=scheme)
            return "updated"
    scheme, version = import_bundle(tenant.id, bundle, actor=None)
    schemes.publish(scheme, actor=None, problems=publication_problems(tenant, scheme, version))
    return outcome


def _metadata(source: Scheme | dict[str, Any]) -> dict[str, Any]:
    """The live metadata a bundle sets on its scheme, in comparable form."""
    if isinstance(source, dict):
        budget = (source.get("budget") or {}).get("amount")
        return {
            "title": source["title"],
            "description": source.get("description", ""),
            "audience": list(source.get("audience", [])),
            "opens_at": _date(source.get("opens_at")),
            "closes_at": _date(source.get("closes_at")),
            "budget": Decimal(budget) if budget is not None else None,
            "retention": (source.get("retention") or {}).get("months", 24),
        }
    return {
        "title": source.title,
        "description": source.description,
        "audience": list(source.audience),
        "opens_at": source.opens_at,
        "closes_at": source.closes_at,
        "budget": source.budget_amount,
        "retention": source.retention_months,
    }


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
