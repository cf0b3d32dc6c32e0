"""A generated multi-step form with every field type, filled with the keyboard, checked by axe-core.

The pages come from a small test-only app (the real citizen pages belong to the journey): one
draft in memory, one page per step, a review page. axe-core runs on the blank form, the form with
errors, a repeating group after « Ajouter », and the review page: 0 violations.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask, redirect, render_template_string, url_for

from app import forms
from app.testing.plugin import make_test_app
from plugins.sandboxes.common import LiveServer
from tests.forms.samples import example_definition

pytestmark = pytest.mark.browser

PAGE = """{% extends "web/base.html" %}
{% block title %}{% if forms_error_entries(form) %}Erreur : {% endif %}
{{- forms_progress(form).step.title }}{% endblock %}
{% block content %}{% set caption = "Allocation de rentrée" %}
{% include "forms/form_step.html" %}{% endblock %}"""
REVIEW = """{% extends "web/base.html" %}{% import "forms/_fields.html" as f %}
{% block title %}Vérifiez vos réponses{% endblock %}
{% block content %}<h1>Vérifiez vos réponses</h1>{{ f.review(sections, urls) }}
<form method="post"><input type="hidden" name="csrf_token" value="{{ csrf_token() }}">
<button type="submit">Envoyer ma demande</button></form>{% endblock %}"""


def demo_definition() -> dict[str, Any]:
    """The example, plus a step with the field types it lacks."""
    definition = copy.deepcopy(example_definition())
    definition["schema"]["properties"].update(
        {
            "nombre_enfants": {
                "type": "integer",
                "title": "Nombre de personnes au foyer",
                "minimum": 1,
                "maximum": 15,
            },
            "aides": {
                "type": "array",
                "title": "Aides déjà perçues cette année",
                "items": {
                    "type": "string",
                    "oneOf": [
                        {"const": "ars", "title": "Allocation de rentrée scolaire (CAF)"},
                        {"const": "bourse", "title": "Bourse de collège ou de lycée"},
                        {"const": "fonds", "title": "Fonds social"},
                    ],
                },
                "uniqueItems": True,
            },
            "departement": {
                "type": "string",
                "title": "Département de naissance de l'aîné",
                "enum": [f"{n:02d}" for n in range(1, 10)],
            },
            "adresse": {
                "type": "object",
                "title": "Adresse de correspondance",
                "properties": {
                    "voie": {"type": "string", "title": "Numéro et voie", "maxLength": 200},
                    "commune": {"type": "string", "title": "Commune", "maxLength": 100},
                },
            },
            "nuits": {
                "type": "integer",
                "title": "Nuits d'internat par semaine",
                "minimum": 0,
                "maximum": 7,
            },
        }
    )
    definition["ui"]["ui:steps"].insert(
        2,
        {
            "id": "foyer",
            "title": "Votre foyer",
            "fields": ["nombre_enfants", "aides", "departement", "adresse", "nuits"],
        },
    )
    definition["ui"]["nuits"] = {"ui:widget": "updown"}
    return definition


DEFN = demo_definition()


DRAFT: dict[str, Any] = {"answers": {}}


def make_app(database_url: str, smtp_sink: Any) -> Flask:
    """A journey in miniature (CSRF on, as in production)."""
    app = make_test_app(database_url, smtp_sink)
    forms.init_app(app)
    steps = [s.id for s in forms.load_spec(DEFN).steps]

    @app.get("/demande/<step>")
    def step_page(step: str):  # type: ignore[no-untyped-def]
        form = forms.form_from_answers(DEFN, DRAFT["answers"], step=step, key="demo")
        return render_template_string(PAGE, form=form)

    @app.post("/demande/<step>")
    def save_step(step: str):  # type: ignore[no-untyped-def]
        form = forms.build_form_class(DEFN, step=step, key="demo")(answers=DRAFT["answers"])
        if forms.apply_action(form):
            return render_template_string(PAGE, form=form)
        result = forms.process_step(form, store_file=lambda name, upload: f"piece-{name}")
        DRAFT["answers"] = result.answers
        if not result.ok:
            return render_template_string(PAGE, form=form), 422
        following = steps.index(step) + 1
        if following == len(steps):
            return redirect(url_for("review"))
        return redirect(url_for("step_page", step=steps[following]))

    @app.get("/demande/verification")
    def review():  # type: ignore[no-untyped-def]
        sections = forms.review_sections(DEFN, DRAFT["answers"], key="demo")
        urls = {s: url_for("step_page", step=s) for s in steps}
        return render_template_string(REVIEW, sections=sections, urls=urls)

    return app


@pytest.fixture(scope="module")
def server(database_url: str, smtp_sink: Any) -> Iterator[LiveServer]:
    with LiveServer(make_app(database_url, smtp_sink)) as running:
        yield running


@pytest.fixture
def tab(browser, server):  # type: ignore[no-untyped-def]
    """A fresh page on the test app."""
    DRAFT["answers"] = {}
    context = browser.new_context(base_url=server.url, locale="fr-FR", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def type_into(page, label: str, text: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_label(label, exact=True).focus()
    page.keyboard.type(text)


def type_date(page, locator, iso: str) -> None:  # type: ignore[no-untyped-def]
    """Type a date in a native date input, whatever order the browser's locale shows."""
    year, month, day = iso.split("-")
    for order in (day + month + year, month + day + year):
        locator.focus()
        for _ in range(3):  # back to the first segment (jj or mm)
            page.keyboard.press("ArrowLeft")
        page.keyboard.type(order)
        if locator.input_value() == iso:
            return
        locator.fill("")
    raise AssertionError(f"could not type {iso}")


def press_and_wait(page, key: str) -> None:  # type: ignore[no-untyped-def]
    """Press a key that submits the form and wait for the next page."""
    with page.expect_navigation():
        page.keyboard.press(key)


def choose(page, group: str, option: str) -> None:  # type: ignore[no-untyped-def]
    """Tab into a radio group then pick an option with the space bar."""
    page.get_by_role("group", name=group).get_by_label(option, exact=True).focus()
    page.keyboard.press("Space")


def test_every_step_with_the_keyboard_and_axe(tab, check_a11y):  # type: ignore[no-untyped-def]
    page = tab
    page.goto("/demande/vous")
    assert page.get_by_role("heading", level=1).inner_text().split() == [
        "Allocation",
        "de",
        "rentrée",
        "Vous",
    ]
    check_a11y(page)

    # Errors: Enter in an input submits the step (the hidden default button is « Continuer »).
    type_into(page, "Nom de naissance (obligatoire)", "Dupont")
    press_and_wait(page, "Enter")
    summary = page.locator("[data-error-summary]")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert page.title().startswith("Erreur : ")
    assert page.get_by_label("Nom de naissance (obligatoire)").input_value() == "Dupont"
    check_a11y(page)
    summary.get_by_role("link", name="Votre identité — Prénoms : Ce champ est obligatoire.").click()
    assert page.evaluate("document.activeElement.id") == "demandeur-prenoms"

    page.keyboard.type("Laura Marie")
    choose(page, "Sexe à l'état civil (obligatoire)", "Féminin")
    type_date(page, page.get_by_label("Date de naissance (obligatoire)"), "1985-04-02")
    choose(page, "Lieu de naissance (obligatoire)", "En France")
    type_into(page, "Commune de naissance (si né ou née en France) : code COG", "13103")
    type_into(page, "Adresse électronique (obligatoire)", "laura@exemple.fr")
    type_into(page, "Numéro de téléphone", "06 12 34 56 78")
    type_into(page, "Code postal de votre domicile (obligatoire)", "13100")
    choose(page, "Votre situation familiale (obligatoire)", "Seul ou seule avec mes enfants")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Continuer"
    page.keyboard.press("Enter")
    page.wait_for_url("**/demande/enfants*")

    # Repeating group: add a child with the keyboard, without JavaScript.
    check_a11y(page)
    group = page.get_by_role("group", name="Enfant 1")
    group.get_by_label("Prénom (obligatoire)").focus()
    page.keyboard.type("Léo")
    page.keyboard.press("Tab")
    page.keyboard.type("Dupont")
    type_date(page, group.get_by_label("Date de naissance (obligatoire)"), "2012-09-15")
    group.get_by_label("Niveau à la rentrée (obligatoire)").focus()
    page.keyboard.press("ArrowDown")  # a closed select changes with the arrows
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.get_by_role("button", name="Ajouter un enfant").focus()
    press_and_wait(page, "Enter")
    assert page.get_by_role("group", name="Enfant 2").is_visible()
    assert (
        page.get_by_role("group", name="Enfant 1")
        .get_by_label("Prénom (obligatoire)")
        .input_value()
        == "Léo"
    )
    check_a11y(page)
    page.get_by_role("button", name="Retirer l'enfant 2").focus()
    press_and_wait(page, "Enter")
    assert page.get_by_role("group", name="Enfant 2").count() == 0
    choose(page, "Cet enfant est-il boursier de l'Éducation nationale ?", "Oui")
    page.get_by_role("button", name="Continuer").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/demande/foyer*")

    check_a11y(page)
    type_into(page, "Nombre de personnes au foyer", "3")
    page.get_by_label("Bourse de collège ou de lycée").focus()
    page.keyboard.press("Space")
    type_into(page, "Numéro et voie", "1 rue Haute")
    type_into(page, "Nuits d'internat par semaine", "9")
    press_and_wait(page, "Enter")
    assert (
        "La valeur doit être comprise entre 0 et 7."
        in page.locator("[data-error-summary]").inner_text()
    )
    check_a11y(page)
    field = page.get_by_label("Nuits d'internat par semaine")
    field.focus()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("2")
    page.keyboard.press("Enter")
    page.wait_for_url("**/demande/ressources*")

    check_a11y(page)
    choose(page, "Êtes-vous allocataire de la CAF ou de la MSA ? (obligatoire)", "Oui")
    type_into(page, "Numéro d'allocataire (obligatoire)", "1234567")
    type_into(page, "Montant estimé des fournitures (en euros)", "85,50")
    page.get_by_label(
        "Je certifie sur l'honneur l'exactitude des renseignements fournis. (obligatoire)"
    ).focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Continuer").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/demande/verification*")

    check_a11y(page)
    text = page.locator("main").inner_text()
    for expected in (
        "Laura Marie",
        "02/04/1985",
        "Collège",
        "85,5",
        "Bourse de collège ou de lycée",
    ):
        assert expected in text, expected
    assert "Justificatif" not in text
    page.get_by_role("link", name="Modifier : Vos enfants").click()
    page.wait_for_url("**/demande/enfants*")
    assert (
        page.get_by_role("group", name="Enfant 1")
        .get_by_label("Prénom (obligatoire)")
        .input_value()
        == "Léo"
    )


def test_a_file_step_with_errors_is_accessible(tab, check_a11y):  # type: ignore[no-untyped-def]
    page = tab
    page.goto("/demande/ressources")
    choose(page, "Êtes-vous allocataire de la CAF ou de la MSA ? (obligatoire)", "Non")
    page.get_by_label("Justificatif de ressources (obligatoire)").set_input_files(
        files=[{"name": "avis.exe", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00"}]
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Continuer").click()
    summary = page.locator("[data-error-summary]").inner_text()
    assert "Le fichier doit être au format PDF, JPEG ou PNG." in summary
    assert "Vous devez cocher cette case." in summary
    check_a11y(page)
