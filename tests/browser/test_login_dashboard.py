"""First browser journey: a demo admin signs in with the keyboard and sees the dashboard."""

import json

import pytest

from app.seed import SEED_DIR

pytestmark = pytest.mark.browser
DEMO = json.loads((SEED_DIR / "demo.json").read_text(encoding="utf-8"))


def test_home_and_login_pages_are_accessible(page, check_a11y):
    page.goto("/")
    assert page.locator("h1").inner_text().startswith("Aides à la scolarité")
    check_a11y(page)
    page.goto("/connexion")
    check_a11y(page)


def test_demo_admin_logs_in_with_the_keyboard_and_sees_the_dashboard(page, check_a11y):
    tenant = DEMO["tenants"][0]
    page.goto("/connexion")
    page.keyboard.press("Tab")  # skip link first
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.get_by_label("Adresse électronique").focus()
    page.keyboard.type(tenant["admin"]["email"])
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO["password"])
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/gestion/{tenant['slug']}/")
    assert page.locator("h1").inner_text() == "Tableau de bord"
    nav = page.get_by_role("navigation", name="Navigation principale")
    for label in ("Dispositifs", "Demandes", "Sources de données", "Paramètres"):
        assert nav.get_by_role("link", name=label).is_visible()
    check_a11y(page)
    page.get_by_role("link", name="Paramètres").first.click()
    page.wait_for_url("**/parametres")
    check_a11y(page)


def test_login_errors_are_summarised_and_focused(page, check_a11y):
    page.goto("/connexion")
    page.get_by_label("Adresse électronique").fill("pas-une-adresse")
    with page.expect_navigation():  # until loaded: tremplin.js (deferred) moves the focus
        page.get_by_role("button", name="Se connecter").click()
    summary = page.locator("[data-error-summary]")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "email"
    check_a11y(page)


def test_pages_work_under_the_content_security_policy(browser, live_server):
    """The other tests bypass CSP to inject axe-core; this one proves the real policy breaks
    nothing: the page's own script runs (focus moves to the error summary), nothing is refused."""
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    refused = []
    try:
        page = context.new_page()
        page.on(
            "console",
            lambda message: (
                refused.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        page.goto("/connexion")
        page.get_by_label("Adresse électronique").fill("pas-une-adresse")
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_load_state("load")
        page.wait_for_function("document.activeElement.hasAttribute('data-error-summary')")
        page.goto("/c/val-fleuri/aides/allocation-rentree/")
        page.get_by_role("button", name="Commencer ma demande").click()
        page.wait_for_load_state("load")
    finally:
        context.close()
    assert refused == []
