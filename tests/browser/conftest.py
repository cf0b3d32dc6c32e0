"""Browser tests: Playwright for Python driving Debian's Chromium against a live server.

In CI (``CI`` set) a missing Chromium or axe-core fails the run; elsewhere the tests are skipped
with a loud message. Never downloads a browser.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.db import db
from app.seed import load_demo, load_demo_habilitations, load_demo_schemes
from app.testing.database import throwaway_database
from app.testing.plugin import make_test_app
from plugins.sandboxes.common import LiveServer

CHROMIUM = Path(os.environ.get("TREMPLIN_CHROMIUM", "/usr/bin/chromium"))
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
_skipped: list[str] = []


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"browser tests are mandatory in CI: {reason}", pytrace=False)
    _skipped.append(reason)
    pytest.skip(f"BROWSER TESTS SKIPPED: {reason}")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _skipped:
        terminalreporter.write_sep("!", "BROWSER TESTS SKIPPED", red=True, bold=True)
        terminalreporter.write_line(
            f"  {_skipped[0]} — install Debian's chromium and run `npm ci` (axe-core); "
            "CI runs them and fails without them.",
            red=True,
        )


@pytest.fixture(scope="session")
def live_server(tmp_path_factory, smtp_sink, sandboxes) -> Iterator[LiveServer]:  # type: ignore[no-untyped-def]
    """The platform with the whole demo seed, served over real HTTP: demo collectivités and
    accounts, habilitations pointing at the session's sandboxes (which outbound HTTP may reach),
    demo schemes published. « Relancer la vérification » is offered without waiting."""
    with throwaway_database(tmp_path_factory.mktemp("live"), "live") as url:
        app = make_test_app(
            url, smtp_sink, http_allowed_hosts=sandboxes.hosts, recheck_interval_seconds=0
        )
        with app.test_request_context():
            load_demo()
            load_demo_habilitations(sandboxes.urls)
            load_demo_schemes()
            db.session.commit()
        with LiveServer(app) as server:
            yield server
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium, headless, launched by Playwright (no browser download)."""
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} not found")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed")
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def page(browser, live_server):  # type: ignore[no-untyped-def]
    """A fresh browser context and page for each test."""
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script (from npm)."""
    if not AXE.exists():
        _unavailable(f"{AXE} not found (run `npm ci`)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def check_a11y(axe_source):  # type: ignore[no-untyped-def]
    """Run axe-core on the current page and fail on any violation, listing them readably."""

    def check(page) -> None:  # type: ignore[no-untyped-def]
        page.add_script_tag(content=axe_source)
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        violations = result["violations"]
        details = [
            f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(node["target"][0] if node["target"] else "?" for node in v["nodes"][:5])
            for v in violations
        ]
        assert not violations, f"axe violations on {page.url}:\n" + "\n".join(details)

    return check


class KeyboardUser:
    """Drives a page with the keyboard only: focus an element as Tab would, then type or press."""

    def __init__(self, page) -> None:  # type: ignore[no-untyped-def]
        self.page = page

    def type_into(self, field, text: str) -> None:  # type: ignore[no-untyped-def]
        """Type ``text`` into a field (a locator, or the page's input with this exact label)."""
        if isinstance(field, str):
            field = self.page.get_by_label(field, exact=True)
        field.focus()
        self.page.keyboard.type(text)

    def type_date(self, field, iso: str) -> None:  # type: ignore[no-untyped-def]
        """Type a date in a native date input, whatever order the browser's locale shows."""
        year, month, day = iso.split("-")
        for order in (day + month + year, month + day + year):
            field.focus()
            for _ in range(3):  # back to the first segment (jj or mm)
                self.page.keyboard.press("ArrowLeft")
            self.page.keyboard.type(order)
            if field.input_value() == iso:
                return
            field.fill("")
        raise AssertionError(f"could not type {iso}")

    def choose(self, scope, group: str, option: str) -> None:  # type: ignore[no-untyped-def]
        """Pick an option of a radio group (or check a box) with the space bar."""
        scope.get_by_role("group", name=group).get_by_label(option, exact=True).focus()
        self.page.keyboard.press("Space")

    def activate(self, element) -> None:  # type: ignore[no-untyped-def]
        """Focus a link or a button and press Enter; wait for the page it leads to."""
        element.focus()
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")


@pytest.fixture
def keyboard_user():  # type: ignore[no-untyped-def]
    """``keyboard_user(page)``: a :class:`KeyboardUser` on that page."""
    return KeyboardUser
