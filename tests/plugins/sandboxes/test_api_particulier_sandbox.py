"""The API Particulier sandbox behaves like staging: tokens and scopes, recipient, parameter
validation, matching, 404 fallback, rate-limit headers and 429, cache headers, versions, v2,
FranceConnect fake tokens, fault injection."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from plugins.sandboxes.api_particulier import DEMO_TOKEN, mint
from plugins.sandboxes.common import FixedWindowLimiter

QF = "/v3/dss/quotient_familial/identite"
RECIPIENT = "13002526500013"
LEFEBVRE = [
    ("nomNaissance", "LEFEBVRE"),
    ("prenoms[]", "ALEXIS"),
    ("prenoms[]", "GÉRÔME"),
    ("prenoms[]", "JEAN-PHILIPPE"),
    ("anneeDateNaissance", "1982"),
    ("moisDateNaissance", "12"),
    ("jourDateNaissance", "27"),
    ("sexeEtatCivil", "F"),
    ("codeCogInseePaysNaissance", "99100"),
    ("codeCogInseeCommuneNaissance", "08480"),
]


@pytest.fixture
def http(api_particulier_sandbox: Any) -> Any:
    with httpx.Client(base_url=api_particulier_sandbox.url, timeout=5) as client:
        yield client


def get(
    http: Any, path: str = QF, params: Any = None, token: str | None = DEMO_TOKEN, **kw: Any
) -> httpx.Response:
    headers = kw.pop("headers", {})
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    query = [("recipient", RECIPIENT), *(LEFEBVRE if params is None else params)]
    return http.get(path, params=query, headers=headers, **kw)


def code(response: httpx.Response) -> str:
    return response.json()["errors"][0]["code"]


def test_nominal_answer_headers(http: Any) -> None:
    response = get(http)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/vnd.api+json"
    assert response.headers["X-Request-ID"]
    assert response.headers["RateLimit-Limit"] == "20"
    assert int(response.headers["RateLimit-Reset"]) >= int(time.time())
    assert response.json()["data"]["quotient_familial"]["valeur"] == 2550


def test_matching_ignores_case_and_recipient(http: Any) -> None:
    params = [(k, v.lower()) for k, v in LEFEBVRE]
    assert get(http, params=params).status_code == 200
    other = http.get(
        QF,
        params=[("recipient", "21099001600011"), *LEFEBVRE],
        headers={"Authorization": f"Bearer {DEMO_TOKEN}"},
    )
    assert other.json() == get(http).json()


def test_no_match_answers_the_folder_404(http: Any) -> None:
    response = get(http, params=[(k, "INCONNU" if k == "nomNaissance" else v) for k, v in LEFEBVRE])
    assert response.status_code == 404
    assert code(response) == "37003"


@pytest.mark.parametrize(
    ("token", "status", "expected"),
    [
        (None, 401, "00101"),
        ("garbage", 401, "00101"),
        (mint(["cnaf_quotient_familial"], expires_at=1), 401, "00103"),
        (mint(["complementaire_sante_solidaire"]), 403, "00100"),
    ],
)
def test_token_checks(http: Any, token: str | None, status: int, expected: str) -> None:
    response = get(http, token=token)
    assert response.status_code == status
    assert code(response) == expected
    assert response.json()["errors"][0]["source"] == {"parameter": "token"}


def test_token_in_x_api_key_or_query_is_accepted(http: Any) -> None:
    assert get(http, token=None, headers={"X-Api-Key": DEMO_TOKEN}).status_code == 200


@pytest.mark.parametrize("recipient", ["", "123", "13002526500012"])
def test_recipient_must_be_a_siret(http: Any, recipient: str) -> None:
    response = http.get(
        QF,
        params=[("recipient", recipient), *LEFEBVRE],
        headers={"Authorization": f"Bearer {DEMO_TOKEN}"},
    )
    assert response.status_code == 422
    assert code(response) == "00210"
    assert response.json()["errors"][0]["source"] == {"parameter": "recipient"}


def _without(*names: str) -> list[tuple[str, str]]:
    return [(k, v) for k, v in LEFEBVRE if k not in names]


@pytest.mark.parametrize(
    ("path", "params", "expected"),
    [
        (QF, _without("nomNaissance"), "00420"),
        (QF, _without("prenoms[]"), "00421"),
        (QF, [*_without("prenoms[]"), ("prenoms[]", "J3AN")], "00367"),
        (QF, _without("sexeEtatCivil"), "00427"),
        (QF, [*_without("sexeEtatCivil"), ("sexeEtatCivil", "X")], "00364"),
        (QF, _without("codeCogInseePaysNaissance"), "00400"),
        (QF, _without("codeCogInseeCommuneNaissance"), "00426"),
        (
            QF,
            [
                *_without("jourDateNaissance", "moisDateNaissance"),
                ("jourDateNaissance", "31"),
                ("moisDateNaissance", "2"),
            ],
            "00363",
        ),
        (QF, [*LEFEBVRE, ("annee", "2099")], "00353"),
        (QF, [*LEFEBVRE, ("annee", "2001")], "00356"),
        (QF, [*LEFEBVRE, ("mois", "13")], "00354"),
        ("/v3/mesri/statut_etudiant/identite", LEFEBVRE, "00367"),
        ("/v3/mesri/statut_etudiant/ine", [("ine", "12")], "00360"),
        ("/v5/men/scolarites/identite", [*LEFEBVRE, ("anneeScolaire", "2025")], "00410"),
        ("/v5/men/scolarites/identite", [*LEFEBVRE, ("anneeScolaire", "25")], "00411"),
        (
            "/v5/men/scolarites/identite",
            [
                *LEFEBVRE,
                ("anneeScolaire", "2025"),
                ("codeEtablissement", "0132733A"),
                ("codesBcnDepartements[]", "013"),
            ],
            "00419",
        ),
        (
            "/v4/cnous/etudiant_boursier/ine",
            [("ine", "0987654321B"), ("campaignYear", "2019")],
            "00368",
        ),
    ],
)
def test_parameter_validation(http: Any, path: str, params: Any, expected: str) -> None:
    response = get(http, path, params)
    assert response.status_code == 422
    assert code(response) == expected


def test_rate_limit_429(http: Any, api_particulier_sandbox: Any) -> None:
    state = api_particulier_sandbox.app.extensions["sandbox"]
    state.limiter = FixedWindowLimiter(limit=1)
    try:
        statuses = []
        for _ in range(5):
            response = get(http)
            statuses.append(response.status_code)
            if response.status_code == 429:
                break
    finally:
        state.limiter = FixedWindowLimiter()
    assert statuses[-1] == 429
    assert code(response) == "00429"
    assert response.headers["Retry-After"] in ("1", "0")
    assert response.headers["RateLimit-Remaining"] == "0"


def test_provider_cache_headers(http: Any) -> None:
    first, second = get(http), get(http)
    assert first.headers["X-Response-Cached"] == "false"
    assert first.headers["X-Cache-Expires-in"] == "86400"
    assert second.headers["X-Response-Cached"] == "true"
    bypass = get(http, headers={"Cache-Control": "no-cache"})
    assert bypass.headers["X-Response-Cached"] == "false"
    men = get(http, "/v5/men/scolarites/identite", [("nomNaissance", "X")])
    assert "X-Response-Cached" not in men.headers


def test_unsupported_version(http: Any) -> None:
    response = get(http, "/v2/dss/quotient_familial/identite")
    assert response.status_code == 404
    assert code(response) == "00402"
    assert http.get("/v3/nothing/here").status_code == 404


def test_france_connect_tokens(http: Any) -> None:
    path = "/v3/dss/quotient_familial/france_connect"
    assert (
        get(http, path, [], token="cnaf_qfv2").json()["data"]["allocataires"][0]["nom_naissance"]
        == "CNAF"
    )
    unknown = get(http, path, [], token="expired")
    assert unknown.status_code == 401
    assert code(unknown) == "50002"
    no_scope = get(http, path, [], token="cnous")
    assert no_scope.status_code == 403
    assert code(no_scope) == "00100"
    assert (
        get(http, path, [], token="fc_integration_test").json()["data"]["quotient_familial"][
            "valeur"
        ]
        == 2550
    )


def test_fault_injection_header_and_control_routes(http: Any) -> None:
    assert get(http, headers={"X-Sandbox-Fault": "502"}).status_code == 502
    assert get(http, headers={"X-Sandbox-Fault": "nonsense"}).status_code == 400
    assert http.post("/_sandbox/faults", json={"fault": "503", "count": 2}).status_code == 201
    assert [get(http).status_code for _ in range(3)] == [503, 503, 200]
    garbage = get(http, headers={"X-Sandbox-Fault": "garbage"})
    assert garbage.status_code == 200
    assert garbage.text.startswith("<html>")
    requests = http.get("/_sandbox/requests", params={"path": QF}).json()
    assert requests["count"] == 6
    assert "recipient" not in str(requests)  # no query strings in the log
    assert http.post("/_sandbox/reset").json() == {"reset": True}


def test_introspect(http: Any) -> None:
    response = http.get("/api/introspect", headers={"X-Api-Key": mint(["cnaf_enfants"])})
    assert response.json()["scopes"] == ["cnaf_enfants"]
    assert http.get("/api/introspect", params={"token": DEMO_TOKEN}).status_code == 200
    refused = http.get("/api/introspect", headers={"X-Api-Key": "nope"})
    assert refused.status_code == 401
    assert refused.json()["error"] == "access_denied"


def test_v2_routes(http: Any) -> None:
    params = [
        ("codeInseeLieuDeNaissance", "08480"),
        ("codePaysLieuDeNaissance", "99100"),
        ("sexe", "F"),
        ("nomNaissance", "LEFEBVRE"),
        ("prenoms[]", "ALEXIS"),
        ("anneeDateDeNaissance", "1982"),
        ("moisDateDeNaissance", "12"),
    ]
    ok = http.get(
        "/api/v2/composition-familiale-v2", params=params, headers={"X-Api-Key": DEMO_TOKEN}
    )
    assert ok.status_code == 200
    assert ok.json()["quotientFamilial"] == 2550
    assert ok.headers["Content-Type"] == "application/json"
    not_found = http.get(
        "/api/v2/composition-familiale-v2", params=params[:3], headers={"X-Api-Key": DEMO_TOKEN}
    )
    assert not_found.status_code == 404
    assert not_found.json()["error"] == "not_found"
    denied = http.get(
        "/api/v2/composition-familiale-v2", params=params, headers={"X-Api-Key": "nope"}
    )
    assert denied.status_code == 401
    assert denied.json()["error"] == "access_denied"
    bad_recipient = http.get(
        "/api/v2/composition-familiale-v2",
        params=[("recipient", "1"), *params],
        headers={"X-Api-Key": DEMO_TOKEN},
    )
    assert bad_recipient.status_code == 400
    fc = http.get(
        "/api/v2/etudiants-boursiers",
        params={"recipient": RECIPIENT},
        headers={"Authorization": "Bearer cnous_with_less_scopes"},
    )
    assert fc.status_code == 200
    assert "email" in fc.json()
    throttled = http.get(
        "/api/v2/scolarites", headers={"X-Api-Key": DEMO_TOKEN, "X-Sandbox-Fault": "429"}
    )
    assert throttled.status_code == 429
    assert throttled.json() == {"errors": ["Vous avez effectué trop de requêtes"]}
