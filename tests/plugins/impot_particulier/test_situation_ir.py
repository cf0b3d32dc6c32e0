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


def test_errors_carry_the_correlation_id(dgfip_ctx: Any) -> None:
    """The ``X-Correlation-ID`` sent (a UUID, required by the spec) identifies the call for the
    DGFiP's support: it is kept on errors too, not only on results."""
    ctx = dgfip_ctx()
    with pytest.raises(NotFound) as raised:
        fetch(ctx, "3999999999999")
    assert raised.value.request_id == ctx.correlation_id


#: A body with every field of ``SituationsIRAssiettesJAXBbean`` (api-impot-particulier.json);
#: ``dateNaisDec*`` parts are strings in the spec.
FULL_BODY: dict[str, Any] = {
    "rfr": 48583,
    "sitFam": "M",
    "nbPart": 2.5,
    "pac": {"nbPac": 1, "nbPacF": 1, "nbPacG": 0, "nbPacH": 0, "nbPacI": 0, "nbPacR": 0},
    "nmNaiDec1": "CIS QUATORZE",
    "nmUsaDec1": "",
    "prnmDec1": "PRENOM VINCENT",
    "dateNaisDec1": {"jour": "02", "mois": "08", "annee": "1973"},
    "dptNaissDec1": "75",
    "lieuNaissDec1": "PARIS",
    "nmNaiDec2": "CIS TRENTEHUIT",
    "nmUsaDec2": "CIS QUATORZE",
    "prnmDec2": "PNM LEA",
    "dateNaisDec2": {"jour": "00", "mois": "XX", "annee": "1973"},
    "aft": "18 RUE DU COMMANDANT MOWAT 94300 VINCENNES",
    "aftDetail": {"complementAdresse": "", "voie": "18 RUE", "getcommune": "VINCENNES"},
    "sitParIso": "N",
    "pensAlPer": 0,
    "indDeficit": "N",
    "revenuBrutGlobal": 47560,
    "sitPart": "",
    "sitParDeclaree": {"sitPartP": "", "sitComb": ""},
    "indOptionImpotSepar": "N",
    "mntRevbareme": 47560,
    "datRec": "2022-07-31",
    "datEtab": "2022-07-07",
    "impAvImput": 2982,
    "montTotIr": 2982,
    "revImposable": 47560,
    "numRole": "001",
    "fipNum": "x",
    "rev": {"tspr": [{"code": "1AJ", "valeur": 35200}], "rcm": []},
    "champInconnu": {"a": 1},
}


def test_documented_body_with_odd_birth_dates(plugin_ctx: Any) -> None:
    """Every documented field, unknown extra ones, and birth-date parts that do not make a date
    (« 00 », letters): mapped without an exception, values matching the output schema."""
    import httpx

    from app.datasources.base import FetchContext
    from app.datasources.validation import field_errors

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/token":
            assert request.method == "POST"
            assert request.headers["Authorization"].startswith("Basic ")
            form = dict(httpx.QueryParams(request.content.decode()))
            assert form == {"grant_type": "client_credentials", "scope": "RessourceIR"}
            return httpx.Response(200, json={"access_token": "t", "expires_in": 3600})
        assert request.method == "GET"
        assert request.url.path == (
            "/impotparticulier/1.0/spi/3999999930262/situations/ir/assiettes/annrev/2021"
        )
        assert request.headers["Authorization"] == "Bearer t"
        assert uuid.UUID(request.headers["X-Correlation-ID"])
        media = "application/prs.dgfip.part.situations.ir.assiettes.v1+json"
        return httpx.Response(200, json=FULL_BODY, headers={"Content-Type": media})

    ctx = FetchContext(
        config={
            "api_url": "https://dgfip.example/impotparticulier/1.0",
            "token_url": "https://dgfip.example/token",
            "client_id": "c",
            "client_secret": "s",
        },
        http=httpx.Client(transport=httpx.MockTransport(handler)),
        correlation_id=str(uuid.uuid4()),
        memo=TTLMemo(),
    )
    values = SOURCE.fetch(
        ctx, clean_inputs(SOURCE, {"spi": "3999999930262", "annee_revenus": 2021})
    )
    assert field_errors(SOURCE.output_schema, values.values) == {}
    assert values.values["declarant1"]["date_naissance"] == "1973-08-02"
    assert values.values["declarant1"]["nom_usage"] is None
    assert values.values["declarant2"]["date_naissance"] is None
    assert values.values["nombre_parts"] == 2.5
    assert values.values["nombre_personnes_a_charge"] == 1
