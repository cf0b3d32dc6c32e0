"""The demonstration's data sources: local sandboxes on loopback and the demo collectivités'
habilitations pointing at them (sandbox credentials only — never a real token).

``flask seed demo`` creates the habilitations (idempotent); ``flask demo serve`` starts the
sandboxes in threads and points the habilitations at their ports.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from app.core.db import db
from app.datasources import habilitations
from app.datasources.models import Habilitation
from app.datasources.runtime import runtime
from app.tenants.models import Tenant
from plugins.sandboxes import api_particulier, demo, impot_particulier
from plugins.sandboxes.common import LiveServer

DEMO_REFERENCE = "DEMO-BAC-A-SABLE"
DEFAULT_PORTS = {"api_particulier": 5101, "impot_particulier": 5102, "demo": 5103}
FACTORIES = {
    "api_particulier": api_particulier.create_app,
    "impot_particulier": impot_particulier.create_app,
    "demo": demo.create_app,
}


def sandbox_urls(host: str = "127.0.0.1", ports: dict[str, int] | None = None) -> dict[str, str]:
    """Base URL of each provider's sandbox."""
    return {name: f"http://{host}:{port}" for name, port in (ports or DEFAULT_PORTS).items()}


def start_sandboxes(
    host: str = "127.0.0.1", ports: dict[str, int] | None = None
) -> list[LiveServer]:
    """Serve the three sandboxes in background threads (daemon threads: they stop with us)."""
    return [
        LiveServer(FACTORIES[name](), host, port, quiet=True).start()
        for name, port in (ports or DEFAULT_PORTS).items()
    ]


def _config(provider: str, url: str) -> tuple[dict[str, Any], dict[str, str]]:
    if provider == "api_particulier":
        return {"base_url": url}, {"token": api_particulier.DEMO_TOKEN}
    if provider == "impot_particulier":
        return (
            {
                "api_url": f"{url}/impotparticulier/1.0",
                "token_url": f"{url}/token",
                "client_id": impot_particulier.DEMO_CLIENT_ID,
                "oauth_scope": "RessourceIR",
                "id_teleservice": "TREMPLIN-DEMO",
            },
            {"client_secret": impot_particulier.DEMO_CLIENT_SECRET},
        )
    return {"base_url": url}, {"api_key": demo.DEMO_API_KEY}


def _fields(provider: str, tenant: Tenant) -> dict[str, Any]:
    sources = habilitations.provider_sources(provider)
    scopes = sorted({s for source in sources for s in (*source.scopes, *source.optional_scopes)})
    return {
        "project_name": "Démonstration (bac à sable)",
        "datapass_reference": DEMO_REFERENCE,
        "project_description": "Habilitation fictive reliée au bac à sable local.",
        "legal_basis_text": "Données de démonstration uniquement.",
        "legal_basis_reference": "Sans objet (démonstration)",
        "recipient_siret": tenant.siret,
        "status": "active",
        "valid_from": dt.date(2026, 1, 1),
        "valid_until": None,
        "scopes": scopes,
    }


def ensure_demo_habilitations(tenants: list[Tenant], urls: dict[str, str] | None = None) -> int:
    """Create the demo habilitations that are missing, re-point existing ones; returns created."""
    urls = urls or sandbox_urls()
    created = 0
    for tenant in tenants:
        for provider in runtime().registry.providers():
            if provider not in urls:
                continue
            config, secrets = _config(provider, urls[provider])
            existing = db.session.scalar(
                select(Habilitation).where(
                    Habilitation.tenant_id == tenant.id,
                    Habilitation.provider == provider,
                    Habilitation.datapass_reference == DEMO_REFERENCE,
                )
            )
            if existing is None:
                habilitations.create_habilitation(
                    tenant, provider, _fields(provider, tenant), config, secrets, actor=None
                )
                created += 1
            elif existing.config != config:
                habilitations.update_habilitation(existing, {}, config, actor=None)
    return created
