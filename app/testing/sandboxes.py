"""Pytest fixtures: the API sandboxes served over real HTTP on loopback, and habilitations that
point at them (loaded by :mod:`app.testing.plugin`).

The servers start once per session (a real WSGI server thread each, random ports); each
``*_sandbox`` fixture resets its sandbox's state (faults, request log, counters) for the test.
The test application allows exactly these ``host:port`` in ``TREMPLIN_HTTP_ALLOWED_HOSTS``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from app.datasources import habilitations
from app.datasources.models import Habilitation
from app.seed import load_demo, load_demo_habilitations, load_demo_schemes
from plugins.sandboxes import api_particulier, demo, impot_particulier
from plugins.sandboxes.common import LiveServer

RECIPIENT = "13002526500013"  # DINUM, the SIRET used in API Particulier's examples
LEFEBVRE: dict[str, Any] = {
    "nom_naissance": "LEFEBVRE",
    "prenoms": ["ALEXIS", "GÉRÔME", "JEAN-PHILIPPE"],
    "date_naissance": "1982-12-27",
    "sexe": "F",
    "code_cog_pays_naissance": "99100",
    "code_cog_commune_naissance": "08480",
}
"""The identity of the official staging quotient-familial case (in the platform's input names):
the person the API Particulier sandbox knows best. Copy it before changing it."""


@dataclass
class Sandboxes:
    """The three live sandboxes of a test session."""

    api_particulier: LiveServer
    impot_particulier: LiveServer
    demo: LiveServer

    @property
    def servers(self) -> tuple[LiveServer, ...]:
        """All of them."""
        return (self.api_particulier, self.impot_particulier, self.demo)

    @property
    def hosts(self) -> tuple[str, ...]:
        """Their ``host:port``, for ``http_allowed_hosts``."""
        return tuple(server.hostport for server in self.servers)

    @property
    def urls(self) -> dict[str, str]:
        """Base URL of each provider's sandbox (what ``flask demo serve`` points the demo
        habilitations at)."""
        return {
            "api_particulier": self.api_particulier.url,
            "impot_particulier": self.impot_particulier.url,
            "demo": self.demo.url,
        }

    def state(self, server: LiveServer) -> Any:
        """The sandbox state shared with the running app (faults, log…)."""
        return server.app.extensions["sandbox"]

    def config(self, provider: str) -> tuple[dict[str, Any], dict[str, str]]:
        """(configuration, secrets) of a habilitation pointing at the sandbox of ``provider``."""
        if provider == "api_particulier":
            return {"base_url": self.api_particulier.url}, {"token": api_particulier.DEMO_TOKEN}
        if provider == "impot_particulier":
            url = self.impot_particulier.url
            return (
                {
                    "api_url": f"{url}/impotparticulier/1.0",
                    "token_url": f"{url}/token",
                    "client_id": impot_particulier.DEMO_CLIENT_ID,
                    "oauth_scope": "RessourceIR",
                    "id_teleservice": "TREMPLIN-TESTS",
                },
                {"client_secret": impot_particulier.DEMO_CLIENT_SECRET},
            )
        if provider == "demo":
            return {"base_url": self.demo.url}, {"api_key": demo.DEMO_API_KEY}
        raise ValueError(provider)


@pytest.fixture(scope="session")
def sandboxes() -> Iterator[Sandboxes]:
    """Start the sandboxes for the session."""
    servers = Sandboxes(
        api_particulier=LiveServer(api_particulier.create_app()).start(),
        impot_particulier=LiveServer(impot_particulier.create_app()).start(),
        demo=LiveServer(demo.create_app()).start(),
    )
    yield servers
    for server in servers.servers:
        server.stop()


def _fresh(sandboxes: Sandboxes, server: LiveServer) -> Iterator[LiveServer]:
    """Reset the sandbox before and after the test (queued faults must not leak)."""
    sandboxes.state(server).reset()
    yield server
    sandboxes.state(server).reset()


@pytest.fixture
def api_particulier_sandbox(sandboxes: Sandboxes) -> Iterator[LiveServer]:
    """The API Particulier sandbox, reset for this test (``.app.extensions['sandbox']``)."""
    yield from _fresh(sandboxes, sandboxes.api_particulier)


@pytest.fixture
def impot_particulier_sandbox(sandboxes: Sandboxes) -> Iterator[LiveServer]:
    """The DGFiP sandbox, reset for this test."""
    yield from _fresh(sandboxes, sandboxes.impot_particulier)


@pytest.fixture
def demo_sandbox(sandboxes: Sandboxes) -> Iterator[LiveServer]:
    """The demo directory sandbox, reset for this test."""
    yield from _fresh(sandboxes, sandboxes.demo)


@pytest.fixture
def demo_platform(app: Any, db_session: Any, sandboxes: Sandboxes) -> dict[str, int]:
    """The demo seed in the test's transaction: the demo collectivités (without staff accounts),
    their habilitations pointing at the session's sandboxes, the demo schemes published.

    Returns what :func:`app.seed.load_demo_schemes` reported.
    """
    with app.test_request_context():
        load_demo(accounts=False)
        load_demo_habilitations(sandboxes.urls)
        return load_demo_schemes()


@pytest.fixture
def create_habilitation(
    app: Any, db_session: Any, sandboxes: Sandboxes
) -> Callable[..., Habilitation]:
    """Create an active habilitation pointing at the provider's sandbox.

    ``create_habilitation(tenant, "api_particulier", scopes=[...], status="draft", config={...},
    secrets={...})``; scopes default to every scope the provider's sources need.
    """

    def make(tenant: Any, provider: str = "api_particulier", **overrides: Any) -> Habilitation:
        config, secrets = sandboxes.config(provider)
        config.update(overrides.pop("config", {}))
        secrets.update(overrides.pop("secrets", {}))
        with app.test_request_context():
            sources = habilitations.provider_sources(provider)
            scopes = sorted(
                {scope for source in sources for scope in (*source.scopes, *source.optional_scopes)}
            )
            fields = {
                "project_name": f"Projet {provider}",
                "datapass_reference": "DP-TEST-1",
                "recipient_siret": RECIPIENT,
                "status": "active",
                "valid_from": dt.date(2020, 1, 1),
                "valid_until": None,
                "scopes": scopes,
                **overrides,
            }
            return habilitations.create_habilitation(
                tenant, provider, fields, config, secrets, actor=None
            )

    return make


def habilitation_for(session: Any, tenant: Any, provider: str = "demo") -> Habilitation:
    """A draft habilitation without secrets, made without the application (for factory tables
    such as ``tests/test_isolation.py``'s ``OBJECT_FACTORIES``)."""
    habilitation = Habilitation(
        tenant_id=tenant.id,
        provider=provider,
        project_name="Projet de test",
        recipient_siret=tenant.siret,
        config={"base_url": "https://annuaire.example.org"},
    )
    session.add(habilitation)
    session.flush()
    return habilitation
