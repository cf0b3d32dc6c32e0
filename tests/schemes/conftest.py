"""Fixtures of the scheme pages' tests: an administrator signed in, and a form poster."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from typing import Any

import pytest


@dataclass
class Pages:
    """Signed-in administrator of ``tenant`` driving the scheme pages."""

    client: Any
    tenant: Any
    token: str

    def url(self, path: str = "") -> str:
        return f"/gestion/{self.tenant.slug}/dispositifs{path}"

    def get(self, path: str = "", **params: Any) -> Any:
        return self.client.get(self.url(path), query_string=params)

    def post(self, path: str, data: dict[str, Any] | None = None, **params: Any) -> Any:
        body = {"csrf_token": self.token, **(data or {})}
        return self.client.post(self.url(path), data=body, query_string=params)

    def text(self, path: str = "", **params: Any) -> str:
        response = self.get(path, **params)
        assert response.status_code == 200, (path, response.status_code)
        return response.get_data(as_text=True)


@pytest.fixture
def tenant(factories, create_habilitation):
    """A collectivité with an active API Particulier habilitation (sandbox)."""
    tenant = factories.tenant(slug="builder")
    create_habilitation(tenant, "api_particulier")
    return tenant


@pytest.fixture
def pages(client, auth, factories, tenant) -> Pages:
    """An administrator of ``tenant``, signed in."""
    admin = factories.member(tenant, role="admin", email="admin@builder-test.fr").user
    auth.login(admin.email)
    token = auth.csrf_token(f"/gestion/{tenant.slug}/dispositifs")
    return Pages(client, tenant, token)


def errors_of(response: Any) -> str:
    """The error summary and field messages of a page (for assertion messages)."""
    html = unescape(response.get_data(as_text=True))
    found = re.findall(r'class="error-message"[^>]*>(.*?)</p>', html, re.S)
    summary = re.findall(r'<div class="error-summary".*?</div>', html, re.S)
    return " | ".join([*summary, *found])[:3000] or html[-1500:]


def new_scheme(pages: Pages, title: str = "Aide à la rentrée") -> int:
    """Create a scheme through the page; returns its id."""
    response = pages.post("/nouveau", {"title": title, "benefit_kind": "cash"})
    assert response.status_code == 302, response.get_data(as_text=True)
    match = re.search(r"/dispositifs/(\d+)/", response.headers["Location"])
    assert match
    return int(match.group(1))
