"""Plugin tests call the sources directly (no application) through a real client and the live
sandboxes; ``plugin_ctx`` builds the :class:`FetchContext` the host would."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from app.core.http import build_client
from app.datasources.base import FetchContext
from app.datasources.memo import TTLMemo
from app.testing.sandboxes import RECIPIENT, Sandboxes
from plugins.sandboxes.api_particulier import DEMO_TOKEN

MakeContext = Callable[..., FetchContext]


@pytest.fixture
def plugin_ctx(sandboxes: Sandboxes) -> Iterator[MakeContext]:
    """``plugin_ctx(config, timeout=…, fresh=…, memo=…)``: a context with a fresh client built
    like the host's (guarded, explicit timeout)."""
    clients = []

    def make(
        config: dict[str, Any], *, timeout: float = 3.0, fresh: bool = False, memo: Any = None
    ) -> FetchContext:
        client = build_client(timeout=timeout, allowed_hosts=sandboxes.hosts)
        clients.append(client)
        return FetchContext(
            config=config,
            http=client,
            correlation_id=str(uuid.uuid4()),
            memo=memo if memo is not None else TTLMemo(),
            fresh=fresh,
        )

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def particulier_ctx(plugin_ctx: MakeContext, api_particulier_sandbox: Any) -> MakeContext:
    """A context for the API Particulier sandbox (demo token, DINUM as recipient)."""

    def make(**overrides: Any) -> FetchContext:
        timeout = overrides.pop("timeout", 3.0)
        config = {
            "base_url": api_particulier_sandbox.url,
            "token": DEMO_TOKEN,
            "recipient": RECIPIENT,
            **overrides,
        }
        return plugin_ctx(config, timeout=timeout)

    return make
