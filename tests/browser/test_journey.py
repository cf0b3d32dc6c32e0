"""Citizen journeys in Chromium against the demo platform and the live sandboxes (the issue's
"done when"): axe-core runs on every page visited and finds no violation.

- A Val-Fleuri family fills the multi-step form with the keyboard only: an error summary, a second
  child added to the repeating group, a resume link received by e-mail and opened in a fresh
  browser, and a decision explained criterion by criterion.
- A student applies while API Particulier is down: « Vérification en cours », then the sandbox
  recovers and « Relancer la vérification » decides the application.
"""

from __future__ import annotations

import re

import pytest

from app.core.formatting import format_money
from app.seed import demo_identities

pytestmark = pytest.mark.browser

IDENTITIES = {
    identity["id"]: identity for entry in demo_identities() for identity in entry["identities"]
}
CHOICES = {
    "elementaire": "Élémentaire (du CP au CM2)",
    "college": "Collège",
    "lycee": "Lycée (général, technologique ou professionnel)",
    "maternelle": "Maternelle",
}


def _arrive(page, path: str) -> None:  # type: ignore[no-untyped-def]
    """Wait until the page shows ``path`` (a redirect keeps the fragment of the page it left)."""
    pattern = re.escape(path).replace(r"\*", "[^/?#]+")
    page.wait_for_url(re.compile(pattern + r"([?#].*)?$"))


def _fill_identity(user, scope, person) -> None:  # type: ignore[no-untyped-def]
    """The identity block, with the keyboard."""
    user.type_into(scope.get_by_label("Nom de naissance (obligatoire)"), person["nom_naissance"])
    user.type_into(scope.get_by_label("Prénoms (obligatoire)"), " ".join(person["prenoms"]))
    sexe = {"F": "Féminin", "M": "Masculin"}[person["sexe"]]
    user.choose(scope, "Sexe à l'état civil (obligatoire)", sexe)
    user.type_date(scope.get_by_label("Date de naissance (obligatoire)"), person["date_naissance"])
    user.choose(scope, "Lieu de naissance (obligatoire)", "En France")
    user.type_into(
        scope.get_by_label("Commune de naissance (si né ou née en France) : code COG"),
        person["code_cog_commune_naissance"],
    )


def _fill_child(user, page, number, child) -> None:  # type: ignore[no-untyped-def]
    group = page.get_by_role("group", name=f"Enfant {number}")
    user.type_into(group.get_by_label("Prénom (obligatoire)"), child["prenom"])
    user.type_date(group.get_by_label("Date de naissance (obligatoire)"), child["date_naissance"])
    user.choose(group, "Niveau scolaire à la rentrée 2026 (obligatoire)", CHOICES[child["niveau"]])
    question = "Cet enfant est-il scolarisé dans un établissement de Val-Fleuri ? (obligatoire)"
    user.choose(group, question, "Oui" if child["etablissement_val_fleuri"] else "Non")


def test_val_fleuri_family_applies_with_the_keyboard(  # type: ignore[no-untyped-def]
    browser, live_server, page, check_a11y, keyboard_user, smtp_sink
):
    identity = IDENTITIES["martin-axelle"]
    answers = identity["answers"]
    email = "axelle.martin.parcours-clavier@exemple.fr"
    user = keyboard_user(page)

    page.goto("/")
    check_a11y(page)
    user.activate(page.get_by_role("link", name=re.compile("identités de test officielles")))
    assert page.url.endswith("/demo")
    check_a11y(page)
    user.activate(page.get_by_role("link", name=re.compile("Allocation municipale de rentrée")))
    _arrive(page, "/c/val-fleuri/aides/allocation-rentree/")
    check_a11y(page)
    user.activate(page.get_by_role("button", name="Commencer ma demande"))
    _arrive(page, "/etape/vous")
    check_a11y(page)

    # Step 1, with a required field left empty: the error summary takes the focus.
    _fill_identity(user, page, answers["allocataire"])
    with page.expect_navigation():
        page.keyboard.press("Enter")  # Enter in a text input submits the step
    summary = page.locator("[data-error-summary]")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert page.title().startswith("Erreur : ")
    assert page.get_by_label("Nom de naissance (obligatoire)").input_value() == "MARTIN"
    check_a11y(page)
    summary.get_by_role("link", name="Adresse électronique : Ce champ est obligatoire.").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "courriel"
    page.keyboard.type(email)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    _arrive(page, "/etape/enfants")

    # Step 2: the repeating group, a second child added with the keyboard.
    check_a11y(page)
    first, second = answers["enfants"]
    _fill_child(user, page, 1, first)
    user.activate(page.get_by_role("button", name="Ajouter un enfant"))
    assert page.get_by_role("group", name="Enfant 2").is_visible()
    kept = page.get_by_role("group", name="Enfant 1").get_by_label("Prénom (obligatoire)")
    assert kept.input_value() == first["prenom"]
    check_a11y(page)
    _fill_child(user, page, 2, second)
    user.activate(page.get_by_role("button", name="Continuer", exact=True))
    _arrive(page, "/etape/domicile")
    check_a11y(page)

    # Resume later: the link comes by e-mail and is opened in another browser.
    user.activate(page.get_by_role("link", name=re.compile("Recevoir par courriel un lien")))
    _arrive(page, "/lien")
    check_a11y(page)
    user.type_into(page.get_by_label("Adresse électronique"), email)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    _arrive(page, "/etape/domicile")
    assert "Le lien pour reprendre votre demande vient de vous être envoyé." in page.inner_text(
        "main"
    )
    check_a11y(page)
    [mail] = smtp_sink.sent_to(email)
    link = re.search(r"(http://\S+/demande/\S+/)", mail.get_content()).group(1)
    assert link.startswith(live_server.url)

    context = browser.new_context(base_url=live_server.url, locale="fr-FR", bypass_csp=True)
    try:
        later = context.new_page()
        later.set_default_timeout(10_000)
        user = keyboard_user(later)
        later.goto(link)
        _arrive(later, "/etape/domicile")
        check_a11y(later)
        user.choose(later, "Votre foyer réside-t-il à Val-Fleuri ? (obligatoire)", "Oui")
        user.type_into(later.get_by_label("Adresse de votre domicile (obligatoire)"), "12 rue")
        later.get_by_label(re.compile("^Je certifie sur l'honneur")).focus()
        later.keyboard.press("Space")
        user.activate(later.get_by_role("button", name="Continuer", exact=True))
        _arrive(later, "/recapitulatif")
        check_a11y(later)
        review = later.inner_text("main")
        for expected in ("AXELLE", "03/12/1989", first["prenom"], second["prenom"], email):
            assert expected in review, expected

        # The decision, explained criterion by criterion.
        user.activate(later.get_by_role("button", name="Envoyer ma demande"))
        _arrive(later, "/suivi/*")
        check_a11y(later)
        decision = later.get_by_role("status").inner_text()
        assert "Éligible" in decision
        assert format_money(identity["expected"]["amount"]) in decision
        criteria = later.locator("ul.criteria > li").all_inner_texts()
        assert len(criteria) == 4  # three criteria and the amount line
        assert all("condition remplie" in line for line in criteria[:3])
        assert "Quotient familial (en euros) : 150" in criteria[1]
        assert "CNAF/MSA via API Particulier" in criteria[1]
        assert criteria[3].startswith("Montant de l'aide : 230")
    finally:
        context.close()


def test_application_waits_for_the_sandbox_then_is_decided_on_recheck(  # type: ignore[no-untyped-def]
    live_server, page, check_a11y, sandboxes
):
    identity = IDENTITIES["pagnol-marcel"]
    answers = identity["answers"]
    person = answers["etudiant"]
    state = sandboxes.state(sandboxes.api_particulier)
    state.reset()
    state.faults.push("503", count=50)
    try:
        page.goto("/c/val-fleuri/aides/bourse-etudiants/")
        check_a11y(page)
        page.get_by_role("button", name="Commencer ma demande").click()
        _arrive(page, "/etape/identite")
        page.get_by_label("Nom de naissance (obligatoire)").fill(person["nom_naissance"])
        page.get_by_label("Prénoms (obligatoire)").fill(" ".join(person["prenoms"]))
        page.get_by_label("Masculin", exact=True).check()
        page.get_by_label("Date de naissance (obligatoire)").fill(person["date_naissance"])
        page.get_by_label("En France", exact=True).check()
        page.get_by_label("Commune de naissance (si né ou née en France) : code COG").fill(
            person["code_cog_commune_naissance"]
        )
        check_a11y(page)
        page.get_by_role("button", name="Continuer", exact=True).click()
        _arrive(page, "/etape/situation")
        page.get_by_label("Établissement et formation suivie en 2026-2027 (obligatoire)").fill(
            answers["etudes"]
        )
        page.get_by_role("group", name=re.compile("^Êtes-vous domicilié")).get_by_label(
            "Oui"
        ).check()
        page.get_by_label("Adresse électronique (obligatoire)").fill(answers["courriel"])
        page.get_by_label(re.compile("^Je certifie sur l'honneur")).check()
        check_a11y(page)
        page.get_by_role("button", name="Continuer", exact=True).click()
        _arrive(page, "/recapitulatif")
        check_a11y(page)
        page.get_by_role("button", name="Envoyer ma demande").click()
        _arrive(page, "/suivi/*")

        assert "Vérification en cours" in page.get_by_role("status").inner_text()
        assert "la vérification sera relancée automatiquement" in page.inner_text("main")
        assert page.locator("ul.criteria").count() == 0
        check_a11y(page)
        assert state.log.count("/v4/cnous") >= 1

        state.faults.clear()  # API Particulier is back
        with page.expect_navigation():
            page.get_by_role("button", name="Relancer la vérification").click()
        decision = page.get_by_role("status").inner_text()
        assert "Éligible" in decision
        assert format_money(identity["expected"]["amount"]) in decision
        criteria = page.locator("ul.criteria > li").all_inner_texts()
        assert any("Étudiant boursier : oui" in line for line in criteria)
        assert page.get_by_role("button", name="Relancer la vérification").count() == 0
        check_a11y(page)
    finally:
        state.reset()
