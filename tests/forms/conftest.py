"""Fixtures of the form-generation tests: a test app and helpers to bind forms to posted data."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from flask import Flask, render_template_string
from werkzeug.datastructures import MultiDict

from app import forms
from app.forms.builder import clear_caches
from app.testing.plugin import make_test_app
from tests.forms.samples import STEP_PAGE


@pytest.fixture(scope="session")
def forms_app(database_url: str, smtp_sink: Any) -> Flask:
    """The platform app (CSRF off) with the forms' templates registered; no extra route."""
    app = make_test_app(database_url, smtp_sink, WTF_CSRF_ENABLED=False)
    forms.init_app(app)
    return app


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    """Each test builds its classes afresh (keys are reused across tests)."""
    clear_caches()
    yield
    clear_caches()


@pytest.fixture
def bind(forms_app: Flask) -> Callable[..., Any]:
    """``with bind(definition, data, step=..., answers=...) as form:`` — a form bound to a POST."""

    @contextmanager
    def bound(
        defn: dict[str, Any],
        data: dict[str, Any] | MultiDict[str, Any] | None = None,
        *,
        step: str | None = None,
        answers: dict[str, Any] | None = None,
        key: Any = None,
    ) -> Iterator[forms.TremplinForm]:
        with forms_app.test_request_context(method="POST", data=data or {}):
            form_class = forms.build_form_class(defn, step=step, key=key)
            yield form_class(answers=answers)

    return bound


@pytest.fixture
def render(forms_app: Flask) -> Callable[[Any], str]:
    """Render a bound form's step partial (inside the current request context)."""

    def rendered(form: Any, **context: Any) -> str:
        return render_template_string(STEP_PAGE, form=form, **context)

    return rendered
