"""The DGFiP sandbox: OAuth client credentials and the situation IR resource's checks."""

import uuid
from typing import Any

import httpx
import pytest

from plugins.sandboxes.impot_particulier import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET

PATH = "/impotparticulier/1.0/spi/{spi}/situations/ir/assiettes/annrev/2019"


@pytest.fixture
def http(impot_particulier_sandbox: Any) -> Any:
    with httpx.Client(base_url=impot_particulier_sandbox.url, timeout=5) as client:
        yield client


def token(http: Any, **data: str) -> httpx.Response:
    form = {"grant_type": "client_credentials", "scope": "RessourceIR", **data}
    return http.post("/token", data=form, auth=(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET))


def test_token_endpoint(http: Any) -> None:
    body = token(http).json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    assert body["scope"] == "RessourceIR"
    assert http.post("/token", data={"grant_type": "client_credentials"}).status_code == 401
    bad = http.post("/token", data={"grant_type": "client_credentials"}, auth=(DEMO_CLIENT_ID, "x"))
    assert bad.status_code == 401
    assert bad.json()["error"] == "invalid_client"
    assert token(http, grant_type="password").json()["error"] == "unsupported_grant_type"
    assert token(http, scope="RessourceLEP").json()["error"] == "invalid_scope"


def test_data_endpoint_checks(http: Any) -> None:
    access = token(http).json()["access_token"]
    headers = {"Authorization": f"Bearer {access}", "X-Correlation-ID": str(uuid.uuid4())}
    ok = http.get(PATH.format(spi="3999999930262"), headers=headers)
    assert ok.status_code == 200
    assert (
        ok.headers["Content-Type"] == "application/prs.dgfip.part.situations.ir.assiettes.v1+json"
    )
    assert ok.json()["rfr"] == 28678
    assert ok.headers["X-Correlation-ID"] == headers["X-Correlation-ID"]
    assert (
        http.get(
            PATH.format(spi="3999999930262"), headers={"Authorization": headers["Authorization"]}
        ).status_code
        == 400
    )
    bad_spi = http.get(PATH.format(spi="123"), headers=headers)
    assert bad_spi.status_code == 400
    assert bad_spi.json() == {"erreur": {"message": "format SPI incorrect"}}
    assert http.get(PATH.format(spi="3999999999999"), headers=headers).status_code == 404
    expired = http.get(
        PATH.format(spi="3999999930262"), headers={**headers, "Authorization": "Bearer x"}
    )
    assert expired.status_code == 401
    assert "invalid_token" in expired.headers["WWW-Authenticate"]
