def test_security_headers_on_every_page(client):
    response = client.get("/")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "Strict-Transport-Security" not in response.headers  # development/test: plain HTTP


def test_citizen_pages_are_never_cached(client, dummy_tenant):
    assert client.get(f"/c/{dummy_tenant.slug}/").headers["Cache-Control"] == "no-store"
