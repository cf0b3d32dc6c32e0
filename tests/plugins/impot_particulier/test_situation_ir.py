"""API Impôt particulier source against the DGFiP sandbox: every sandbox identity, OAuth token
caching and renewal, errors and faults."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from app.datasources.errors import (
    ConfigurationError,
    InvalidInput,
    NotFound,
    RateLimited,
    Unavailable,
)
from app.datasources.memo import TTLMemo
from app.datasources.registry import validate_source_class
from app.datasources.service import clean_inputs
from plugins.impot_particulier.situation_ir import SITUATIONS, SituationIR
from plugins.sandboxes.impot_particulier import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET
from plugins.sandboxes.impot_particulier.server import situations

SOURCE = SituationIR()
ROWS = sorted(situations().values(), key=lambda r: (r["spi"], r["annrev"]))


@pytest.fixture
def dgfip_ctx(plugin_ctx: Any, impot_particulier_sandbox: Any) -> Any:
    def make(memo: Any = None, timeout: float = 3.0, **overrides: Any) -> Any:
        url = impot_particulier_sandbox.url
        config = {
            "api_url": f"{url}/impotparticulier/1.0",
            "token_url": f"{url}/token",
            "client_id": DEMO_CLIENT_ID,
            "client_secret": DEMO_CLIENT_SECRET,
            "oauth_scope": "RessourceIR",
            "id_teleservice": "TREMPLIN-TESTS",
            "recipient": "13002526500013",
            **overrides,
        }
        return plugin_ctx(config, memo=memo, timeout=timeout)

    return make


def state(sandbox: Any) -> Any:
    return sandbox.app.extensions["sandbox"]


def fetch(ctx: Any, spi: str = "3999999930262", year: int = 2019) -> Any:
    return SOURCE.fetch(ctx, clean_inputs(SOURCE, {"spi": spi, "annee_revenus": year}))


def test_contract() -> None:
    assert validate_source_class(SOURCE.id, SituationIR).provider == "impot_particulier"


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['spi']}-{r['annrev']}" for r in ROWS])
def test_every_sandbox_identity(
    row: dict[str, str], dgfip_ctx: Any, impot_particulier_sandbox: Any
) -> None:
    result = fetch(dgfip_ctx(), row["spi"], int(row["annrev"]))
    values = result.values
    assert values["revenu_fiscal_reference"] == int(row["rfr"])
    assert values["nombre_parts"] == float(row["nbParts"])
    assert values["situation_familiale"] == row["sitFam"]
    assert values["situation_familiale_libelle"] == SITUATIONS[row["sitFam"]]
    assert values["nombre_personnes_a_charge"] == int(row["pac.nbPac"])
    assert values["declarant1"]["nom_naissance"] == row["nmNaiDec1"]
    assert values["annee_revenus"] == int(row["annrev"])
    assert uuid.UUID(result.request_id)
    assert state(impot_particulier_sandbox).extra["id_teleservice"] == "TREMPLIN-TESTS"


def test_token_is_cached_until_expiry_and_renewed_when_refused(
    dgfip_ctx: Any, impot_particulier_sandbox: Any
) -> None:
    memo = TTLMemo()
    sandbox = state(impot_particulier_sandbox)
    fetch(dgfip_ctx(memo))
    fetch(dgfip_ctx(memo))
    assert sandbox.log.count("/token") == 1
    sandbox.tokens.clear()  # the gateway revokes every token
    fetch(dgfip_ctx(memo))
    assert sandbox.log.count("/token") == 2
    assert [r.status for r in sandbox.log.records("/impotparticulier")] == [200, 200, 401, 200]
    memo.clear()
    fetch(dgfip_ctx(memo))
    assert sandbox.log.count("/token") == 3


def test_default_year_is_last_year_with_a_caveat(dgfip_ctx: Any) -> None:
    with pytest.raises(NotFound):  # the sandbox only knows 2018 and 2019
        SOURCE.fetch(dgfip_ctx(), {"spi": "3999999930262"})


def test_unknown_spi_is_not_found(dgfip_ctx: Any) -> None:
    with pytest.raises(NotFound):
        fetch(dgfip_ctx(), "3999999999999")


def test_malformed_spi_reaching_the_api_is_an_input_error(dgfip_ctx: Any) -> None:
    with pytest.raises(InvalidInput) as raised:
        SOURCE.fetch(dgfip_ctx(), {"spi": "123", "annee_revenus": 2019})
    assert list(raised.value.field_errors) == ["spi"]


def test_schema_refuses_malformed_spi_before_any_call() -> None:
    with pytest.raises(InvalidInput):
        clean_inputs(SOURCE, {"spi": "12AB"})


@pytest.mark.parametrize(
    "overrides",
    [{"client_secret": "wrong"}, {"client_id": "inconnu"}, {"oauth_scope": "RessourceLEP"}],
)
def test_refused_credentials_are_configuration_errors(
    overrides: dict[str, str], dgfip_ctx: Any
) -> None:
    with pytest.raises(ConfigurationError):
        fetch(dgfip_ctx(**overrides))
    with pytest.raises(ConfigurationError):
        SOURCE.check(dgfip_ctx(**overrides))


def test_insufficient_scope_is_a_configuration_error(
    dgfip_ctx: Any, impot_particulier_sandbox: Any
) -> None:
    state(impot_particulier_sandbox).clients["th-seulement"] = (
        "s3cret",
        ("RessourceTHPrincipale",),
    )
    ctx = dgfip_ctx(
        client_id="th-seulement", client_secret="s3cret", oauth_scope="RessourceTHPrincipale"
    )
    with pytest.raises(ConfigurationError, match="périmètre"):
        fetch(ctx)


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        ("500", Unavailable),
        ("503", Unavailable),
        ("429", RateLimited),
        ("garbage", Unavailable),
        ("409", Unavailable),
    ],
)
def test_faults(fault: str, error: type, dgfip_ctx: Any, impot_particulier_sandbox: Any) -> None:
    ctx = dgfip_ctx()
    SOURCE.check(ctx)  # a token first, so that the fault hits the data call
    state(impot_particulier_sandbox).faults.push(fault)
    with pytest.raises(error):
        fetch(ctx)


def test_timeout(dgfip_ctx: Any, impot_particulier_sandbox: Any) -> None:
    state(impot_particulier_sandbox).faults.push("latency=1")
    with pytest.raises(Unavailable, match="à temps"):
        fetch(dgfip_ctx(timeout=0.3))


def test_token_endpoint_down(dgfip_ctx: Any, impot_particulier_sandbox: Any) -> None:
    state(impot_particulier_sandbox).faults.push("503")
    with pytest.raises(Unavailable):
        fetch(dgfip_ctx())


def test_france_connect_modality(dgfip_ctx: Any) -> None:
    inputs = clean_inputs(
        SOURCE, {"france_connect_token": "fc_dgfip_3999999942274", "annee_revenus": 2018}
    )
    assert SOURCE.fetch(dgfip_ctx(), inputs).values["revenu_fiscal_reference"] == 89500
    with pytest.raises(InvalidInput) as raised:
        SOURCE.fetch(dgfip_ctx(), {"france_connect_token": "expire", "annee_revenus": 2018})
    assert "france_connect_token" in raised.value.field_errors


def test_check(dgfip_ctx: Any) -> None:
    result = SOURCE.check(dgfip_ctx())
    assert result.ok
    assert "RessourceIR" in result.message
