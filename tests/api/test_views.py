import json

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from app.api.views import OPENAPI
from app.testing.bundles import answers_for

SPEC = json.loads(OPENAPI.read_text(encoding="utf-8"))


def _check_against_spec(body, schema_name):
    """Validate a response body against a component schema of our OpenAPI document."""
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": SPEC["components"]}
    errors = list(Draft202012Validator(schema).iter_errors(body))
    assert not errors, [e.message for e in errors]


def test_openapi_document_is_served_and_valid(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    validate(response.get_json())


def test_every_api_route_is_documented(app):
    documented = {f"/api/v1{path}" for path in SPEC["paths"]}
    served = {
        rule.rule.replace("<", "{").replace(">", "}")
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/") and rule.endpoint != "api.openapi"
    }
    assert served == documented


def test_submit_decides_and_returns_the_explanation(api, scheme):
    response = api.post(f"/dispositifs/{scheme.slug}/demandes", {"answers": answers_for("martin")})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    _check_against_spec(body, "Application")
    assert body["state"] == "eligible"
    assert body["amount"] == "200.00"
    assert [c["outcome"] for c in body["criteria"]] == ["met", "met"]
    assert "Quotient familial" in body["explanation"][0]
    assert "/suivi/" in body["status_url"]
    again = api.get(f"/demandes/{body['reference']}")
    assert again.status_code == 200
    assert again.get_json()["state"] == "eligible"


def test_idempotent_replay_returns_the_same_application(api, scheme):
    payload = {"answers": answers_for("martin")}
    first = api.post(f"/dispositifs/{scheme.slug}/demandes", payload, key="replay-key-1")
    second = api.post(f"/dispositifs/{scheme.slug}/demandes", payload, key="replay-key-1")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.get_json()["reference"] == second.get_json()["reference"]
    other = api.post(
        f"/dispositifs/{scheme.slug}/demandes",
        {"answers": answers_for("dupont")},
        key="replay-key-1",
    )
    assert other.status_code == 409
    _check_against_spec(other.get_json(), "Error")


@pytest.mark.parametrize("header", [None, "Bearer trp_inconnu", "Basic abc", "Bearer "])
def test_bad_token_is_401_json(client, scheme, header):
    headers = {"Idempotency-Key": "cle-idempotence-1"}
    if header:
        headers["Authorization"] = header
    response = client.post(
        f"/api/v1/dispositifs/{scheme.slug}/demandes", json={"answers": {}}, headers=headers
    )
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    _check_against_spec(response.get_json(), "Error")


def test_revoked_token_is_refused(app, api, scheme, token):
    from app.api.models import ApiToken
    from app.api.services import revoke_token
    from app.core.db import db

    record = db.session.scalar(db.select(ApiToken))
    with app.test_request_context():
        revoke_token(record, actor=None)
    assert api.get("/dispositifs").status_code == 401


def test_bad_payload_lists_every_error_with_its_path(api, scheme):
    answers = answers_for("martin")
    answers["nombre_enfants"] = "deux"
    answers["demandeur"]["sexe"] = "X"
    del answers["courriel"]
    response = api.post(f"/dispositifs/{scheme.slug}/demandes", {"answers": answers})
    assert response.status_code == 422
    body = response.get_json()
    _check_against_spec(body, "Error")
    paths = {e["path"] for e in body["errors"]}
    assert paths == {"/nombre_enfants", "/demandeur/sexe", "/courriel"}
    assert all(e["message"] for e in body["errors"])


@pytest.mark.parametrize(
    ("data", "content_type", "status"),
    [
        ("{not json", "application/json", 400),
        ("[1, 2]", "application/json", 400),
        ('{"answers": {"nombre_enfants": NaN}}', "application/json", 400),
        ("answers=1", "application/x-www-form-urlencoded", 400),
        ('{"answers": 3}', "application/json", 422),
        ('{"answers": {}, "extra": 1}', "application/json", 422),
    ],
)
def test_malformed_requests_get_json_errors(client, token, scheme, data, content_type, status):
    response = client.post(
        f"/api/v1/dispositifs/{scheme.slug}/demandes",
        data=data,
        content_type=content_type,
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "cle-idempotence-2"},
    )
    assert response.status_code == status
    assert response.get_json()["error"]["status"] == status


def test_missing_idempotency_key_is_400(client, token, scheme):
    response = client.post(
        f"/api/v1/dispositifs/{scheme.slug}/demandes",
        json={"answers": {}},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 400
    assert "Idempotency-Key" in response.get_json()["error"]["detail"]


def test_schemes_are_listed_with_their_answers_schema(api, scheme):
    listing = api.get("/dispositifs").get_json()
    assert [s["slug"] for s in listing["dispositifs"]] == [scheme.slug]
    detail = api.get(f"/dispositifs/{scheme.slug}").get_json()
    _check_against_spec(detail, "SchemeDetail")
    assert "demandeur" in detail["answers_schema"]["properties"]


def test_another_collectivite_objects_are_404(api, factories, app):
    other = factories.tenant(slug="autre-commune")
    foreign = factories.scheme(other, slug="aide-ailleurs")
    assert api.get(f"/dispositifs/{foreign.slug}").status_code == 404
    response = api.post(f"/dispositifs/{foreign.slug}/demandes", {"answers": answers_for("martin")})
    assert response.status_code == 404
    assert api.get("/demandes/XX-2026-000001").status_code == 404
