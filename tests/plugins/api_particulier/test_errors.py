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
        (400, "00401", InvalidInput, None),
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
