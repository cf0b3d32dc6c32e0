"""The shared outbound client: private addresses refused except configured hosts, no redirects,
explicit timeouts, User-Agent and correlation id, logs without paths or query strings."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from app.core.http import (
    DestinationRefused,
    GuardedTransport,
    PinnedBackend,
    build_client,
    correlation,
    http_client,
)
from plugins.sandboxes.common import LiveServer


def echo_app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    """Echo the request headers; ``/redirect`` answers a 302."""
    if environ["PATH_INFO"] == "/redirect":
        start_response("302 Found", [("Location", "http://127.0.0.1:1/elsewhere")])
        return [b""]
    headers = {
        k[5:].replace("_", "-").title(): v for k, v in environ.items() if k.startswith("HTTP_")
    }
    start_response("200 OK", [("Content-Type", "application/json")])
    return [json.dumps(headers).encode()]


@pytest.fixture(scope="module")
def echo() -> Iterator[LiveServer]:
    server = LiveServer(echo_app).start()
    yield server
    server.stop()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/",  # plain HTTP to an unconfigured host
        "https://127.0.0.1/",
        "https://localhost/",
        "https://10.0.0.1/",
        "https://192.168.1.10/",
        "https://172.16.0.1/",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/",
        "https://0.0.0.0/",
        "https://100.64.0.1/",
        "ftp://example.org/",
    ],
)
def test_private_and_loopback_destinations_are_refused(url: str) -> None:
    with build_client(timeout=1) as client, pytest.raises(DestinationRefused):
        client.get(url)


def test_a_public_name_resolving_to_a_private_address_is_refused() -> None:
    guard = GuardedTransport(resolver=lambda host, port: ["10.0.0.5"])
    with pytest.raises(DestinationRefused):
        guard.check(httpx.URL("https://particulier.api.gouv.fr/api/introspect"))
    mixed = GuardedTransport(resolver=lambda host, port: ["8.8.8.8", "127.0.0.1"])
    with pytest.raises(DestinationRefused):
        mixed.check(httpx.URL("https://example.org/"))
    public = GuardedTransport(resolver=lambda host, port: ["8.8.8.8", "2001:4860:4860::8888"])
    public.check(httpx.URL("https://example.org/"))  # allowed


def test_a_name_rebound_to_a_private_address_after_the_check_is_refused_at_connection(
    echo: LiveServer,
) -> None:
    """DNS rebinding: the first answer (checked before sending) is public, the next one (when the
    pool connects) is the loopback server. The pool must connect through the checked backend."""
    answers = iter([["93.184.216.34"], ["127.0.0.1"]])
    calls: list[str] = []

    def rebinding(host: str, port: int) -> list[str]:
        calls.append(host)
        return next(answers)

    with (
        build_client(timeout=2, resolver=rebinding) as client,
        pytest.raises(DestinationRefused),
    ):
        client.get(f"https://rebind.test:{echo.port}/")
    assert calls == ["rebind.test", "rebind.test"]  # checked before sending, then at connection


def test_the_pinned_backend_refuses_unix_sockets_and_unresolvable_names() -> None:
    backend = PinnedBackend(frozenset(), lambda host, port: [])
    with pytest.raises(DestinationRefused):
        backend.connect_tcp("nowhere.test", 443)
    with pytest.raises(DestinationRefused):
        backend.connect_unix_socket("/var/run/docker.sock")


def test_configured_hosts_are_allowed_even_on_loopback(echo: LiveServer) -> None:
    with build_client(
        timeout=2, allowed_hosts=[echo.hostport], user_agent="Tremplin-test"
    ) as client:
        headers = client.get(f"{echo.url}/").json()
    assert headers["User-Agent"] == "Tremplin-test"
    assert len(headers["X-Correlation-Id"]) == 36
    other_port = f"http://127.0.0.1:{echo.port + 1}/"
    with (
        build_client(timeout=2, allowed_hosts=[echo.hostport]) as client,
        pytest.raises(DestinationRefused),
    ):
        client.get(other_port)


def test_redirects_are_not_followed(echo: LiveServer) -> None:
    with build_client(timeout=2, allowed_hosts=[echo.hostport]) as client:
        response = client.get(f"{echo.url}/redirect")
    assert response.status_code == 302


def test_correlation_id_is_propagated(echo: LiveServer) -> None:
    with (
        build_client(timeout=2, allowed_hosts=[echo.hostport]) as client,
        correlation("abc-123") as value,
    ):
        assert client.get(f"{echo.url}/").json()["X-Correlation-Id"] == value == "abc-123"


def test_logs_carry_no_path_or_query(echo: LiveServer, caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("tremplin")
    logger.addHandler(caplog.handler)
    caplog.set_level(logging.DEBUG, logger="tremplin")
    try:
        with build_client(timeout=2, allowed_hosts=[echo.hostport]) as client:
            client.get(f"{echo.url}/v3/secret-path", params={"nomNaissance": "DUPONT"})
    finally:
        logger.removeHandler(caplog.handler)
    records = [r for r in caplog.records if r.name == "tremplin.http"]
    assert records
    assert records[0].getMessage() == "http.request"
    text = " ".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    assert "DUPONT" not in text
    assert "secret-path" not in text


def test_the_app_builds_one_shared_client(app: Any, sandboxes: Any) -> None:
    client = http_client(app)
    assert client is http_client(app)
    assert client.timeout.read == 5.0
    assert client.follow_redirects is False
    transport = client._transport
    assert isinstance(transport, GuardedTransport)
    assert transport.allowed_hosts == frozenset(sandboxes.hosts)
