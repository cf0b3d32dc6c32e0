"""Shared fixtures come from the ``app.testing.plugin`` pytest plugin (entry point ``pytest11``)."""

import os

import pytest
from hypothesis import settings

from app.testing.smtp import SmtpSink

# Property tests explore new random examples on developers' machines (that is how they find bugs)
# but are deterministic in CI, so that a landing never depends on the luck of a draw. Hunt with
# more draws locally: `pytest tests/rules/test_differential.py --hypothesis-seed=N`.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _clear_mail(request: pytest.FixtureRequest) -> None:
    """Each test starts with an empty SMTP sink (only when the test uses the app)."""
    if "app" in request.fixturenames:
        sink: SmtpSink = request.getfixturevalue("smtp_sink")
        sink.clear()
