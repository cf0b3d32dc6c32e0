import pytest

from app.api.services import issue_token


@pytest.fixture
def commune(factories, create_habilitation, api_particulier_sandbox):
    tenant = factories.tenant(slug="commune-api")
    create_habilitation(tenant, "api_particulier")
    return tenant


@pytest.fixture
def scheme(factories, commune):
    return factories.scheme(commune, slug="aide-api")


@pytest.fixture
def token(app, commune):
    with app.test_request_context():
        _record, clear = issue_token(commune.id, "Portail famille", actor=None)
    return clear


@pytest.fixture
def api(client, token):
    """POST/GET helpers with the bearer token."""

    class Api:
        def __init__(self):
            self.headers = {"Authorization": f"Bearer {token}"}

        def post(self, path, payload, key="cle-idempotence-1", **headers):
            return client.post(
                f"/api/v1{path}",
                json=payload,
                headers={**self.headers, "Idempotency-Key": key, **headers},
            )

        def get(self, path):
            return client.get(f"/api/v1{path}", headers=self.headers)

    return Api()
