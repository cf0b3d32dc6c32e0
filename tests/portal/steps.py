"""Helpers of the citizen-page tests: start a draft, post a step (with the test bundle of
``tests/portal/conftest.py``, published as ``val-test/rentree``)."""

from typing import Any

from app import forms
from app.testing.plugin import csrf_in

BASE = "/c/val-test/aides/rentree"


def start(client: Any) -> str:
    """Start a draft from the scheme page; the first step's URL."""
    page = client.get(f"{BASE}/").get_data(as_text=True)
    response = client.post(f"{BASE}/commencer", data={"csrf_token": csrf_in(page)})
    assert response.status_code == 302
    return response.headers["Location"]


def step_data(scheme: Any, answers: dict[str, Any], step: str, token: str) -> dict[str, Any]:
    """The form data of « Continuer » on ``step`` with ``answers`` and CSRF ``token``."""
    data = forms.formdata_from_answers(answers, scheme.published_version.content["form"], step=step)
    data["csrf_token"] = token
    data["_action"] = "next"
    return data


def post_step(client: Any, url: str, scheme: Any, answers: dict[str, Any], step: str) -> Any:
    """Open ``step`` and post it with ``answers`` (the page's own CSRF token)."""
    page = client.get(url).get_data(as_text=True)
    return client.post(url, data=step_data(scheme, answers, step, csrf_in(page)))
