"""Loading the demo seed (``seed/demo.json``): idempotent, running it twice changes nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from app.auth import services as auth_services
from app.auth.models import Role
from app.demo_sandboxes import ensure_demo_habilitations
from app.tenants.context import tenant_by_slug
from app.tenants.models import Tenant
from app.tenants.services import create_tenant

SEED_DIR = Path(__file__).resolve().parent.parent / "seed"


def load_demo(path: Path | None = None) -> dict[str, int]:
    """Create the demo collectivités, admins and operator when absent; returns what was created."""
    data: dict[str, Any] = json.loads((path or SEED_DIR / "demo.json").read_text(encoding="utf-8"))
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
        admin = spec["admin"]
        user = auth_services.find_user(admin["email"])
        if user is None:
            user = auth_services.create_user(admin["email"], password, full_name=admin["full_name"])
            created["users"] += 1
        if auth_services.membership_for(user, tenant) is None:
            auth_services.add_member(tenant, user.email, Role.ADMIN, actor=None)
    operator = data["operator"]
    if auth_services.find_user(operator["email"]) is None:
        auth_services.create_user(
            operator["email"], password, full_name=operator["full_name"], is_operator=True
        )
        created["users"] += 1
    return created


def demo_tenants(path: Path | None = None) -> list[Tenant]:
    """The demo collectivités that exist in the database."""
    data = json.loads((path or SEED_DIR / "demo.json").read_text(encoding="utf-8"))
    found = (tenant_by_slug(spec["slug"]) for spec in data["tenants"])
    return [tenant for tenant in found if tenant is not None]


def load_demo_habilitations(urls: dict[str, str] | None = None) -> int:
    """Sandbox habilitations for the demo collectivités (idempotent; needs the application)."""
    return ensure_demo_habilitations(demo_tenants(), urls)


def demo_logins(path: Path | None = None) -> list[tuple[str, str, str]]:
    """(who, e-mail, password) of the demo accounts, for ``make run`` to print."""
    data = json.loads((path or SEED_DIR / "demo.json").read_text(encoding="utf-8"))
    rows = [(t["name"], t["admin"]["email"], data["password"]) for t in data["tenants"]]
    rows.append(("Opérateur de la plateforme", data["operator"]["email"], data["password"]))
    return rows
