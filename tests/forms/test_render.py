"""Rendering helpers: error summary with nested fields, progress indicator, review page."""

from __future__ import annotations

import re

from flask import render_template_string

from app import forms
from app.forms.builder import load_spec
from app.forms.render import display_value
from tests.forms.samples import VALID, example_definition

DEFN = example_definition()
REVIEW = '{% import "forms/_fields.html" as f %}{{ f.review(sections, urls) }}'


def test_summary_links_to_nested_fields_in_page_order(bind, render):
    data = {"enfants-0-_item": "1", "enfants-1-_item": "1", "enfants-1-prenom": "Zoé"}
    with bind(DEFN, data, step="enfants") as form:
        form.validate()
        html = render(form)
        entries = forms.error_entries(form)
    assert [e.target for e in entries] == [
        "enfants-0-prenom",
        "enfants-0-nom",
        "enfants-0-date_naissance",
        "enfants-0-niveau",
        "enfants-1-nom",
        "enfants-1-date_naissance",
        "enfants-1-niveau",
    ]
    assert '<a href="#enfants-1-nom">Enfant 2 — Nom : Ce champ est obligatoire.</a>' in html
    assert "data-error-summary" in html
    assert 'role="alert"' in html


def test_summary_links_a_choice_to_its_first_option(bind, render):
    with bind(DEFN, {}, step="vous") as form:
        form.validate()
        html = render(form)
    assert (
        '<a href="#situation-0">Votre situation familiale : Sélectionnez une réponse.</a>' in html
    )
    assert 'id="situation-0"' in html
    assert '<a href="#demandeur-sexe-0">Votre identité — Sexe à l&#39;état civil' in html


def test_step_page_progress_and_default_button(bind, render):
    with bind(DEFN, step="enfants") as form:
        html = render(form, caption="Allocation de rentrée", back_url="/vous")
    assert '<nav class="progress" aria-label="Progression">' in html
    assert "Étape 2 sur 3 : Vos enfants" in html
    assert '<li class="progress-current" aria-current="step">Vos enfants</li>' in html
    assert "(étape terminée)" in html
    assert '<h1><span class="caption">Allocation de rentrée</span> Vos enfants</h1>' in html
    assert "novalidate" in html
    buttons = re.findall(r"<button[^>]*>", html)
    assert 'value="next"' in buttons[0]
    assert 'tabindex="-1"' in buttons[0]
    assert '<a href="/vous">Revenir à l\'étape précédente</a>' in html
    progress = forms.progress(form)
    assert (progress.current, progress.text) == (1, "Étape 2 sur 3 : Vos enfants")


def test_a_whole_form_page_has_no_progress(bind, render):
    with bind(DEFN) as form:
        html = render(form)
    assert "Progression" not in html
    assert "<h1>Allocation de rentrée scolaire communale</h1>" in html


def test_review_lists_answers_with_modify_links(forms_app):
    answers = {
        **VALID,
        "enfants": [{**VALID["enfants"][0], "boursier": True}],
        "montant_frais": 1234.5,
        "commentaire": "Ligne 1\nLigne 2",
    }
    sections = forms.review_sections(DEFN, answers)
    assert [s.step.id for s in sections] == ["vous", "enfants", "ressources"]
    urls = {s.step.id: f"/etape/{s.step.id}" for s in sections}
    with forms_app.test_request_context():
        html = render_template_string(REVIEW, sections=sections, urls=urls)
    assert '<a href="/etape/vous">Modifier<span class="visually-hidden"> : Vous</span></a>' in html
    for text in (
        "<dt>Date de naissance</dt>",
        "02/04/1985",
        "Seul ou seule avec mes enfants",
        "Collège",
        "1\u202f234,5",
        "Laura",
        '<span class="pre-line">Ligne 1\nLigne 2</span>',
        "<dt>Enfant 1</dt>",
    ):
        assert text in html, text
    assert "Justificatif" not in html  # hidden: the applicant is a CAF beneficiary
    assert "Non renseigné" in html  # the optional phone number


def test_display_values():
    spec = load_spec(DEFN)
    assert display_value(spec.by_name["allocataire_caf"], False) == "Non"
    assert display_value(spec.by_name["justificatif_ressources"], "piece-1") == "Fichier transmis"
    assert display_value(spec.by_name["courriel"], None) == "Non renseigné"
