"""Shared fixtures come from the ``app.testing.plugin`` pytest plugin (entry point ``pytest11``)."""

import pytest

from app.testing.smtp import SmtpSink


@pytest.fixture(autouse=True)
def _clear_mail(request: pytest.FixtureRequest) -> None:
    """Each test starts with an empty SMTP sink (only when the test uses the app)."""
    if "app" in request.fixturenames:
        sink: SmtpSink = request.getfixturevalue("smtp_sink")
        sink.clear()
