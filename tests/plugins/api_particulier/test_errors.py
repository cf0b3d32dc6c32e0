"""Mapping of API Particulier responses to typed errors (codes, statuses, headers)."""

import json

import httpx
import pytest

from app.datasources.errors import (
    ConfigurationError,
    InvalidInput,
    NotFound,
    RateLimited,
    Unavailable,
)
from plugins.api_particulier.errors import error_from_response, retry_after


def response(status: int, code: str = "", headers: dict[str, str] | None = None, meta=None):  # type: ignore[no-untyped-def]
    body = {
        "errors": [{"code": code, "title": "t", "detail": "d", "source": None, "meta": meta or {}}]
    }
    return httpx.Response(
        status, content=json.dumps(body).encode() if code else b"", headers=headers
    )


@pytest.mark.parametrize(
    ("status", "code", "kind", "field"),
    [
        (404, "23003", NotFound, None),
        (404, "00402", ConfigurationError, None),
        (409, "26015", NotFound, None),
        (409, "00015", Unavailable, None),
        (422, "00210", ConfigurationError, None),
        (422, "00203", ConfigurationError, None),
        (422, "00420", InvalidInput, "nom_naissance"),
        (422, "00367", InvalidInput, "prenoms"),
        (422, "00425", InvalidInput, "date_naissance"),
        (422, "00426", InvalidInput, "code_cog_commune_naissance"),
        (422, "00427", InvalidInput, "sexe"),
        (422, "00360", InvalidInput, "ine"),
        (422, "00356", InvalidInput, "annee"),
        (422, "00366", InvalidInput, None),
        (400, "00401", ConfigurationError, None),
        (404, "37007", NotFound, None),
        (403, "00107", ConfigurationError, None),
        (401, "00101", ConfigurationError, None),
        (401, "00103", ConfigurationError, None),
        (403, "00100", ConfigurationError, None),
        (410, "", ConfigurationError, None),
        (500, "00500", Unavailable, None),
        (502, "37999", Unavailable, None),
        (503, "37001", Unavailable, None),
        (504, "37002", Unavailable, None),
        (405, "", ConfigurationError, None),
    ],
)
def test_status_and_code_mapping(status, code, kind, field) -> None:  # type: ignore[no-untyped-def]
    error = error_from_response(response(status, code), france_connect=False)
    assert type(error) is kind
    assert error.code == code
    assert error.status == status
    if field:
        assert list(error.field_errors) == [field]  # type: ignore[attr-defined]
    assert error.message


def test_france_connect_401_is_an_input_problem() -> None:
    error = error_from_response(response(401, "50002"), france_connect=True)
    assert isinstance(error, InvalidInput)
    assert "france_connect_token" in error.field_errors


def test_retry_after_sources() -> None:
    assert retry_after(response(429, "00429", {"Retry-After": "3"})) == 3.0
    assert retry_after(response(502, "00501"), {"meta": {"retry_in": 10}}) == 10.0
    date = "Wed, 21 Oct 2015 07:28:00 GMT"
    assert retry_after(response(503, "37001", {"Retry-After": date})) == 0.0
    assert retry_after(response(409, "00015", {"RateLimit-Reset": "9999999999"})) is None
    error = error_from_response(response(429, "00429"), france_connect=False)
    assert isinstance(error, RateLimited)
    assert error.retry_after == 1.0


def test_400_is_an_integration_problem_not_the_familys() -> None:
    """Spec: 400 = bad syntax (``00401`` Mauvaise requête); field validation is 422. A gateway's
    HTML 400 page is not the family's fault either."""
    html = httpx.Response(400, content=b"<html><body>400 Bad Request</body></html>")
    for raw in (response(400, "00401"), html):
        error = error_from_response(raw, france_connect=False)
        assert type(error) is ConfigurationError
        assert "400" in error.message


def test_unknown_422_code_uses_the_documented_source_parameter() -> None:
    """The v3 ``Error`` schema carries ``source.parameter``: an unlisted code still points at
    the right input, and ``recipient`` stays a configuration problem."""

    def with_source(code: str, name: str) -> httpx.Response:
        entry = {"code": code, "title": "Entité non traitable", "detail": "d"}
        body = {"errors": [{**entry, "source": {"parameter": name}, "meta": {}}]}
        return httpx.Response(422, content=json.dumps(body).encode())

    error = error_from_response(with_source("00999", "sexeEtatCivil"), france_connect=False)
    assert isinstance(error, InvalidInput)
    assert list(error.field_errors) == ["sexe"]
    error = error_from_response(with_source("00998", "prenoms[]"), france_connect=False)
    assert list(error.field_errors) == ["prenoms"]  # type: ignore[attr-defined]
    error = error_from_response(with_source("00997", "recipient"), france_connect=False)
    assert type(error) is ConfigurationError
    assert "SIRET" in error.message


def test_ip_restricted_token_message() -> None:
    error = error_from_response(response(403, "00107"), france_connect=False)
    assert "adresse IP" in error.message


@pytest.mark.parametrize(
    "header", ["Wed, garbage", "soon", "1.5", "Wed, 21 Oct 2015 07:28:00", "-3"]
)
def test_malformed_retry_after_never_raises(header: str) -> None:
    """``Retry-After`` is seconds or an HTTP-date (RFC 9110); anything else is ignored."""
    raw = response(503, "37001", {"Retry-After": header})
    wait = retry_after(raw)
    assert wait is None or wait >= 0.0
    error = error_from_response(raw, france_connect=False)
    assert isinstance(error, Unavailable)


def test_retry_after_http_date_in_the_future() -> None:
    import email.utils
    import time

    date = email.utils.formatdate(time.time() + 30, usegmt=True)
    wait = retry_after(response(429, "00429", {"Retry-After": date}))
    assert wait is not None
    assert 25 <= wait <= 31
