"""API Particulier sources against failures, over real HTTP: timeouts, 5xx, 429, 409, 401/403,
malformed bodies, unknown people, wrong configuration."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from app.core.http import build_client
from app.datasources.errors import (
    ConfigurationError,
    InvalidInput,
    NotFound,
    RateLimited,
    Unavailable,
)
from app.datasources.service import clean_inputs
from app.testing.sandboxes import LEFEBVRE
from plugins.api_particulier.quotient_familial import QuotientFamilial
from plugins.api_particulier.scolarite import Scolarite
from plugins.sandboxes.api_particulier import DEMO_TOKEN, mint
from plugins.sandboxes.common import FixedWindowLimiter

QF = QuotientFamilial()
UNKNOWN = {**LEFEBVRE, "nom_naissance": "INCONNU"}


def state(sandbox: Any) -> Any:
    return sandbox.app.extensions["sandbox"]


def fetch_qf(ctx: Any, inputs: dict[str, Any] = LEFEBVRE) -> Any:
    return QF.fetch(ctx, clean_inputs(QF, inputs))


def test_nominal_case_keeps_request_id_and_provider_ttl(particulier_ctx: Any) -> None:
    result = fetch_qf(particulier_ctx())
    assert result.values["quotient_familial"]["valeur"] == 2550
    assert result.values["nombre_enfants"] == 0
    assert len(result.request_id) == 36
    assert result.ttl_seconds == 86400


def test_timeout_is_unavailable(particulier_ctx: Any, api_particulier_sandbox: Any) -> None:
    state(api_particulier_sandbox).faults.push("latency=1.5")
    started = time.monotonic()
    with pytest.raises(Unavailable) as raised:
        fetch_qf(particulier_ctx(timeout=0.3))
    assert time.monotonic() - started < 1.2
    assert raised.value.retryable
    assert "à temps" in raised.value.message


@pytest.mark.parametrize(
    ("fault", "code"), [("500", "00500"), ("502", "37999"), ("503", "37001"), ("504", "37002")]
)
def test_server_errors_are_retryable(
    fault: str, code: str, particulier_ctx: Any, api_particulier_sandbox: Any
) -> None:
    state(api_particulier_sandbox).faults.push(fault)
    with pytest.raises(Unavailable) as raised:
        fetch_qf(particulier_ctx())
    assert raised.value.retryable
    assert raised.value.status == int(fault)
    assert raised.value.code == code
    assert raised.value.request_id


def test_429_with_retry_after(particulier_ctx: Any, api_particulier_sandbox: Any) -> None:
    state(api_particulier_sandbox).faults.push("429")
    with pytest.raises(RateLimited) as raised:
        fetch_qf(particulier_ctx())
    assert raised.value.retryable
    assert raised.value.retry_after == 1.0


def test_real_throttling_sends_ratelimit_headers(
    particulier_ctx: Any, api_particulier_sandbox: Any
) -> None:
    sandbox = state(api_particulier_sandbox)
    sandbox.limiter = FixedWindowLimiter(limit=1)
    try:
        with pytest.raises(RateLimited) as raised:  # noqa: PT012 — the window may roll over once
            for _ in range(5):
                fetch_qf(particulier_ctx())  # a fresh memo each time: the sandbox answers 429
        assert raised.value.retry_after is not None
        assert 0 <= raised.value.retry_after <= 1
        assert raised.value.code == "00429"
    finally:
        sandbox.limiter = FixedWindowLimiter()


def test_409_in_flight_conflict(particulier_ctx: Any, api_particulier_sandbox: Any) -> None:
    """A second identical request while the first is in flight gets the official 409."""
    sandbox = state(api_particulier_sandbox)
    sandbox.faults.push("latency=1.0")
    outcome: dict[str, Any] = {}

    def first() -> None:
        outcome["first"] = fetch_qf(particulier_ctx())

    thread = threading.Thread(target=first)
    thread.start()
    try:
        deadline = time.monotonic() + 5
        while not sandbox.inflight and time.monotonic() < deadline:
            time.sleep(0.01)  # until the first request holds the in-flight lock
        with pytest.raises(Unavailable) as raised:
            fetch_qf(particulier_ctx())
    finally:
        thread.join()
    assert raised.value.status == 409
    assert raised.value.code == "00015"
    assert raised.value.retry_after == 2.0
    assert outcome["first"].values["quotient_familial"]["valeur"] == 2550


def test_409_fault(particulier_ctx: Any, api_particulier_sandbox: Any) -> None:
    state(api_particulier_sandbox).faults.push("409")
    with pytest.raises(Unavailable) as raised:
        fetch_qf(particulier_ctx())
    assert raised.value.retryable
    assert raised.value.status == 409


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("not-a-token-at-all-xxxxxxxx", "invalide"),
        (mint(["cnaf_quotient_familial"], expires_at=int(time.time()) - 10), "expiré"),
        (mint(["complementaire_sante_solidaire"]), "droits insuffisants"),
    ],
    ids=["invalid", "expired", "insufficient-scopes"],
)
def test_token_problems_are_configuration_errors(
    token: str, message: str, particulier_ctx: Any
) -> None:
    with pytest.raises(ConfigurationError) as raised:
        fetch_qf(particulier_ctx(token=token))
    assert message in raised.value.message
    assert not raised.value.retryable
    assert raised.value.status in (401, 403)


def test_blacklisted_token(particulier_ctx: Any, api_particulier_sandbox: Any) -> None:
    token = mint(["cnaf_quotient_familial"], jti="11111111-1111-4111-8111-111111111111")
    state(api_particulier_sandbox).blacklist.add("11111111-1111-4111-8111-111111111111")
    try:
        with pytest.raises(ConfigurationError, match="révoqué"):
            fetch_qf(particulier_ctx(token=token))
    finally:
        state(api_particulier_sandbox).blacklist.clear()


@pytest.mark.parametrize("fault", ["401", "403"])
def test_auth_faults(fault: str, particulier_ctx: Any, api_particulier_sandbox: Any) -> None:
    state(api_particulier_sandbox).faults.push(fault)
    with pytest.raises(ConfigurationError):
        fetch_qf(particulier_ctx())


@pytest.mark.parametrize("fault", ["garbage", "truncated"])
def test_malformed_json_is_unavailable(
    fault: str, particulier_ctx: Any, api_particulier_sandbox: Any
) -> None:
    state(api_particulier_sandbox).faults.push(fault)
    with pytest.raises(Unavailable, match="illisible"):
        fetch_qf(particulier_ctx())


def test_unknown_person_is_not_found(particulier_ctx: Any) -> None:
    with pytest.raises(NotFound) as raised:
        fetch_qf(particulier_ctx(), UNKNOWN)
    assert raised.value.code == "37003"
    assert not raised.value.retryable


def test_invalid_recipient_is_a_configuration_error(particulier_ctx: Any) -> None:
    with pytest.raises(ConfigurationError, match="SIRET"):
        fetch_qf(particulier_ctx(recipient="12345678901234"))


def test_wrong_base_url_is_a_configuration_error(
    particulier_ctx: Any, api_particulier_sandbox: Any
) -> None:
    with pytest.raises(ConfigurationError):
        fetch_qf(particulier_ctx(base_url=api_particulier_sandbox.url + "/api-particulier"))


def test_private_address_is_refused_without_any_call(particulier_ctx: Any) -> None:
    with pytest.raises(ConfigurationError, match="pas autorisée"):
        fetch_qf(particulier_ctx(base_url="https://10.1.2.3"))


def test_connection_refused_is_unavailable(api_particulier_sandbox: Any) -> None:
    import socket

    from app.datasources.base import FetchContext
    from app.datasources.memo import TTLMemo

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with build_client(timeout=1, allowed_hosts=[f"127.0.0.1:{port}"]) as client:
        ctx = FetchContext(
            config={
                "base_url": f"http://127.0.0.1:{port}",
                "token": DEMO_TOKEN,
                "recipient": "13002526500013",
            },
            http=client,
            correlation_id="c",
            memo=TTLMemo(),
        )
        with pytest.raises(Unavailable):
            fetch_qf(ctx)


def test_unknown_france_connect_token_asks_to_reconnect(particulier_ctx: Any) -> None:
    with pytest.raises(InvalidInput) as raised:
        QF.fetch(particulier_ctx(), {"france_connect_token": "expired-token"})
    assert raised.value.code == "50002"
    assert "france_connect_token" in raised.value.field_errors


def test_fresh_asks_the_provider_to_bypass_its_cache(
    particulier_ctx: Any, api_particulier_sandbox: Any
) -> None:
    """First call fills the provider's cache; ``fresh`` sends ``Cache-Control: no-cache``."""
    fetch_qf(particulier_ctx())
    cached = fetch_qf(particulier_ctx())
    assert cached.ttl_seconds is not None
    assert cached.ttl_seconds <= 86400
    ctx = particulier_ctx()
    fresh = QF.fetch(type(ctx)(**{**ctx.__dict__, "fresh": True}), clean_inputs(QF, LEFEBVRE))
    assert fresh.ttl_seconds == 86400


def test_production_scope_filtering_is_tolerated(
    particulier_ctx: Any, api_particulier_sandbox: Any
) -> None:
    """In production, fields outside the token's scopes are removed from the answer."""
    sandbox = state(api_particulier_sandbox)
    sandbox.filter_scopes = True
    try:
        result = fetch_qf(particulier_ctx(token=mint(["cnaf_quotient_familial"])))
    finally:
        sandbox.filter_scopes = False
    assert result.values["quotient_familial"]["valeur"] == 2550
    assert "enfants" not in result.values
    assert "nombre_enfants" not in result.values


def test_scolarite_needs_exactly_one_perimeter(particulier_ctx: Any) -> None:
    source = Scolarite()
    inputs = {
        "nom_naissance": "MARTIN",
        "prenoms": ["EMMA"],
        "sexe": "F",
        "date_naissance": "2012-08-15",
        "annee_scolaire": "2025",
        "code_etablissement": "0132733A",
        "codes_bcn_departements": ["013"],
    }
    with pytest.raises(InvalidInput) as raised:
        source.fetch(particulier_ctx(), clean_inputs(source, inputs))
    assert "code_etablissement" in raised.value.field_errors


def test_an_exhausted_window_is_waited_for_without_calling(
    particulier_ctx: Any, api_particulier_sandbox: Any
) -> None:
    """``RateLimit-Remaining: 0`` (the token's quota shared with others): no call until reset."""
    sandbox = state(api_particulier_sandbox)
    sandbox.limiter = FixedWindowLimiter(limit=1)
    try:
        ctx = particulier_ctx()
        fetch_qf(ctx)  # uses the window's only request: RateLimit-Remaining: 0
        calls = sandbox.log.count()
        with pytest.raises(RateLimited) as raised:
            fetch_qf(ctx)
    finally:
        sandbox.limiter = FixedWindowLimiter()
    assert sandbox.log.count() == calls
    assert 0 < (raised.value.retry_after or 0) <= 1


def test_corsican_bcn_departements_are_accepted(
    particulier_ctx: Any, api_particulier_sandbox: Any
) -> None:
    """BCN N_DEPARTEMENT codes include 02A and 02B (siade's codes_bcn_departements.yml): the
    request reaches the API (no test case for them: staging's 404), instead of being refused."""
    source = Scolarite()
    inputs = {
        "nom_naissance": "MARTIN",
        "prenoms": ["EMMA"],
        "sexe": "F",
        "date_naissance": "2012-08-15",
        "annee_scolaire": "2025",
        "codes_bcn_departements": ["02A", "02B"],
    }
    with pytest.raises(NotFound):
        source.fetch(particulier_ctx(), clean_inputs(source, inputs))
    [record] = state(api_particulier_sandbox).log.records()
    assert record.status == 404
