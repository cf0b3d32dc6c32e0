from app import create_app
from app.testing.plugin import TEST_FERNET_KEY, TEST_SECRET


def test_healthz_reports_database_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_the_database_does_not_answer(tmp_path):
    missing = tmp_path / "no-such-dir" / "db.sqlite"
    app = create_app(
        {
            "env": "test",
            "secret_key": TEST_SECRET,
            "encryption_keys": (TEST_FERNET_KEY,),
            "database_url": f"sqlite:///{missing}",
        }
    )
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unavailable"


def test_every_response_carries_a_request_id(client):
    response = client.get("/healthz", headers={"X-Request-ID": "abcdef0123456789"})
    assert response.headers["X-Request-ID"] == "abcdef0123456789"
    generated = client.get("/healthz", headers={"X-Request-ID": "bad id with spaces"})
    assert generated.headers["X-Request-ID"] != "bad id with spaces"
    assert len(generated.headers["X-Request-ID"]) == 32
