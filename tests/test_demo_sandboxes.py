"""The demonstration's sandbox habilitations: idempotent, re-pointed when the ports change."""

from typing import Any

from sqlalchemy import select

from app.core.db import db
from app.datasources.models import Habilitation
from app.datasources.runtime import decrypted_secrets
from app.demo_sandboxes import DEMO_REFERENCE, sandbox_urls, start_sandboxes
from app.seed import load_demo, load_demo_habilitations
from plugins.sandboxes.api_particulier import DEMO_TOKEN


def test_demo_habilitations_are_idempotent_and_repointed(app: Any, db_session: Any) -> None:
    with app.test_request_context():
        load_demo()
        assert load_demo_habilitations() == 9
        assert load_demo_habilitations() == 0
        items = db.session.scalars(select(Habilitation)).all()
        assert {h.datapass_reference for h in items} == {DEMO_REFERENCE}
        assert all(h.is_active() for h in items)
        particulier = next(h for h in items if h.provider == "api_particulier")
        assert particulier.config == {"base_url": "http://127.0.0.1:5101"}
        assert decrypted_secrets(particulier) == {"token": DEMO_TOKEN}
        urls = sandbox_urls("127.0.0.1", {"api_particulier": 6101})
        assert load_demo_habilitations(urls) == 0
        assert particulier.config == {"base_url": "http://127.0.0.1:6101"}


def test_start_sandboxes_on_free_ports() -> None:
    servers = start_sandboxes("127.0.0.1", {"api_particulier": 0, "demo": 0})
    try:
        assert len(servers) == 2
        assert all(server.port for server in servers)
    finally:
        for server in servers:
            server.stop()
