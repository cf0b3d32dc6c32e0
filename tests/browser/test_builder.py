"""The issue's "done when": a demo administrator builds a small scheme from nothing with the
visual editors only — fields (identity block included), a data-source mapping, two criteria, a
barème, a golden test — publishes it, then a family fills it against the sandbox and sees the
expected amount and the per-criterion explanation. axe-core runs on every builder page visited.
"""

from __future__ import annotations

import json
import re

import pytest

from app.core.formatting import format_money
from app.seed import SEED_DIR
from app.testing.bundles import PERSONS

pytestmark = pytest.mark.browser

DEMO = json.loads((SEED_DIR / "demo.json").read_text(encoding="utf-8"))
TENANT = next(t for t in DEMO["tenants"] if t["slug"] == "haut-val")
QF = "sources.qf.quotient_familial.valeur"
TITLE = "Aide au transport scolaire (constructeur)"


def _save(page, name: str) -> None:  # type: ignore[no-untyped-def]
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()
    assert not page.locator("[data-error-summary]").count(), page.inner_text("main")


def _add_field(page, check_a11y, step: str, kind: str, values: dict) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("link", name=f"Ajouter un champ à l'étape « {step} »").click()
    page.wait_for_url("**/formulaire/champ?*")
    check_a11y(page)
    page.get_by_role("link", name=kind, exact=True).click()
    page.wait_for_url(re.compile(r".*type=.*"))
    check_a11y(page)
    for label, value in values.items():
        field = page.get_by_label(label, exact=True)
        if value is True:
            field.check()
        else:
            field.fill(value)
    _save(page, "Enregistrer le champ")
    page.wait_for_url("**/formulaire")


def _criterion(  # type: ignore[no-untyped-def]
    page, check_a11y, label: str, variable: str, operator: str, value: str, wrong: str = ""
) -> None:
    page.get_by_role("link", name="Ajouter un critère").click()
    page.wait_for_url("**/regles/critere")
    page.get_by_label("Libellé du critère", exact=True).fill(label)
    page.get_by_label("Donnée", exact=True).select_option(variable)
    page.get_by_label("Comparaison", exact=True).select_option(operator)
    if wrong:  # a French message next to the value, nothing typed is lost
        page.get_by_label("Valeur", exact=True).fill(wrong)
        with page.expect_navigation():
            page.get_by_role("button", name="Enregistrer le critère", exact=True).click()
        summary = page.locator("[data-error-summary]")
        assert "Saisissez un nombre" in summary.inner_text()
        assert page.get_by_label("Libellé du critère", exact=True).input_value() == label
        check_a11y(page)
    page.get_by_label("Valeur", exact=True).fill(value)
    check_a11y(page)
    _save(page, "Enregistrer le critère")
    page.wait_for_url("**/regles")


def test_an_admin_builds_publishes_and_a_family_gets_the_amount(page, check_a11y):  # type: ignore[no-untyped-def]
    page.goto("/connexion")
    page.get_by_label("Adresse électronique").fill(TENANT["admin"]["email"])
    page.get_by_label("Mot de passe").fill(DEMO["password"])
    with page.expect_navigation():
        page.get_by_role("button", name="Se connecter").click()

    # A new scheme, from nothing.
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Dispositifs"
    ).click()
    page.wait_for_url("**/dispositifs")
    check_a11y(page)
    page.get_by_role("link", name="Créer un dispositif").click()
    page.wait_for_url("**/dispositifs/nouveau")
    check_a11y(page)
    page.get_by_label("Titre du dispositif").fill(TITLE)
    page.get_by_label("Aide financière").check()
    _save(page, "Créer le dispositif")
    page.wait_for_url("**/formulaire")
    check_a11y(page)

    # The form: the identity block and a number, then the live preview.
    _add_field(
        page,
        check_a11y,
        "Votre demande",
        "Bloc identité",
        {
            "Libellé (la question posée)": "Votre identité",
            "Nom technique (facultatif)": "demandeur",
            "Réponse obligatoire": True,
        },
    )
    _add_field(
        page,
        check_a11y,
        "Votre demande",
        "Nombre entier",
        {
            "Libellé (la question posée)": "Nombre d'enfants scolarisés",
            "Nom technique (facultatif)": "nombre_enfants",
            "Réponse obligatoire": True,
            "Valeur minimale": "0",
            "Valeur maximale": "12",
        },
    )
    page.get_by_role("navigation", name="Modes d'édition du formulaire").get_by_role(
        "link", name="Aperçu"
    ).click()
    page.wait_for_url("**/formulaire/apercu")
    assert page.get_by_role("group", name=re.compile("^Votre identité")).is_visible()
    check_a11y(page)

    # The data source: the CAF quotient familial, asked with the identity block.
    tabs = page.get_by_role("navigation", name="Construction du dispositif")
    tabs.get_by_role("link", name="Sources de données").click()
    page.wait_for_url("**/sources")
    check_a11y(page)
    page.get_by_role("link", name="Ajouter une source de données").click()
    page.wait_for_url("**/sources/source")
    check_a11y(page)
    page.get_by_role("link", name=re.compile("^Quotient familial")).click()
    page.wait_for_url(re.compile(r".*source=api_particulier\.quotient_familial"))
    check_a11y(page)
    page.get_by_label("Nom court de la source (alias)").fill("qf")
    page.get_by_label("Identité transmise").select_option("demandeur")
    _save(page, "Enregistrer la source")
    page.wait_for_url("**/sources")
    assert QF in page.inner_text("main")

    # Two criteria and a barème.
    tabs.get_by_role("link", name="Règles").click()
    page.wait_for_url("**/regles")
    check_a11y(page)
    _criterion(
        page, check_a11y, "Quotient familial inférieur ou égal à 800 €", QF, "<=", "800", "huit"
    )
    _criterion(page, check_a11y, "Au moins un enfant scolarisé", "form.nombre_enfants", ">=", "1")
    page.get_by_role("link", name="Modifier le montant").click()
    page.wait_for_url("**/regles/montant")
    page.get_by_label("Barème (montant selon des tranches)").check()
    page.get_by_label("Tranches selon").select_option(QF)
    page.get_by_label("Tranche 1 : à").fill("600")
    page.get_by_label("Tranche 1 : montant").fill("150")
    page.get_by_label("Tranche 2 : de").fill("600")
    page.get_by_label("Tranche 2 : à").fill("900")
    page.get_by_label("Tranche 2 : montant").fill("100")
    check_a11y(page)
    _save(page, "Enregistrer le montant")
    page.wait_for_url("**/regles")
    assert "Barème sur « Quotient familial (en euros) »" in page.inner_text("main")
    check_a11y(page)

    # A golden test, run.
    tabs.get_by_role("link", name="Cas de test").click()
    page.wait_for_url("**/cas-de-test")
    check_a11y(page)
    page.get_by_role("link", name="Ajouter un cas de test").click()
    page.get_by_label("Nom du cas de test").fill("Famille Martin — QF 150 €, deux enfants")
    page.get_by_label("Nombre d'enfants scolarisés (form.nombre_enfants)").fill("2")
    page.get_by_label(f"Quotient familial (en euros) ({QF})").fill("150")
    page.get_by_label("Éligible", exact=True).check()
    page.get_by_label("Montant attendu (en euros, facultatif)").fill("150")
    check_a11y(page)
    _save(page, "Enregistrer le cas de test")
    page.get_by_role("link", name="Tout exécuter").click()
    page.wait_for_url("**/cas-de-test/resultats")
    assert "1 cas sur 1 conforme." in page.inner_text("main")
    check_a11y(page)

    # Publication.
    tabs.get_by_role("link", name="Publication").click()
    page.wait_for_url("**/publier")
    check_a11y(page)
    _save(page, "Publier la version 1")
    assert "La version 1 est publiée." in page.inner_text("main")
    check_a11y(page)
    public = page.get_by_role("link", name="Page publique de la démarche").get_attribute("href")

    # A family applies; the sandbox knows MARTIN Axelle (QF 150).
    person = PERSONS["martin"]
    page.goto(public)
    with page.expect_navigation():
        page.get_by_role("button", name="Commencer ma demande").click()
    page.get_by_label("Nom de naissance (obligatoire)").fill(person["nom_naissance"])
    page.get_by_label("Prénoms (obligatoire)").fill(" ".join(person["prenoms"]))
    page.get_by_role("group", name="Sexe à l'état civil (obligatoire)").get_by_label(
        "Féminin"
    ).check()
    page.get_by_label("Date de naissance (obligatoire)").fill(person["date_naissance"])
    page.get_by_role("group", name="Lieu de naissance (obligatoire)").get_by_label(
        "En France"
    ).check()
    page.get_by_label("Commune de naissance (si né ou née en France) : code COG").fill(
        person["code_cog_commune_naissance"]
    )
    page.get_by_label("Nombre d'enfants scolarisés (obligatoire)").fill("2")
    with page.expect_navigation():
        page.get_by_role("button", name="Continuer", exact=True).click()
    page.wait_for_url("**/recapitulatif")
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer ma demande").click()
    page.wait_for_url(re.compile(r".*/suivi/[^/]+$"))
    decision = page.get_by_role("status").inner_text()
    assert "Éligible" in decision
    assert format_money(150) in decision
    lines = [
        re.sub(r"[\u00a0\u202f]", " ", line)
        for line in page.locator("ul.criteria > li").all_inner_texts()
    ]
    assert len(lines) == 3, lines  # two criteria and the amount line
    assert lines[0].startswith("Quotient familial (en euros) : 150 € — plafond 800 €")
    assert "condition remplie" in lines[0]
    assert "API Particulier" in lines[0]
    assert lines[1].startswith("Nombre d'enfants scolarisés : 2 — minimum 1 : condition remplie")
    assert lines[2].startswith("Montant de l'aide : 150 € — calculé avec : Quotient familial")
