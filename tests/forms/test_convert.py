"""Answers ⇄ form data, and the example filled step by step like the journey will."""

from __future__ import annotations

import io
from typing import Any

import pytest
from flask import Flask, render_template_string

from app import forms
from app.testing.plugin import make_test_app
from tests.forms.samples import STEP_PAGE, VALID, definition, example_definition

DEFN = example_definition()


def test_answers_round_trip_through_form_data(bind):
    answers = {**VALID, "montant_frais": 85.5, "telephone": "06 12 34 56 78"}
    data = forms.formdata_from_answers(answers, DEFN)
    assert data.getlist("montant_frais") == ["85,5"]
    assert data.getlist("enfants-0-_item") == ["1"]
    assert data.getlist("demandeur-lieu_naissance") == ["france"]
    with bind(DEFN, data) as form:
        assert form.validate(), forms.error_entries(form)
        assert forms.answers_from_form(form) == answers


def test_a_step_replaces_its_fields_in_the_saved_answers(bind):
    saved = {**VALID, "enfants": [{"prenom": "Ancien"}]}
    data = forms.formdata_from_answers(VALID, DEFN, step="enfants")
    with bind(DEFN, data, step="enfants", answers=saved) as form:
        assert form.validate()
        assert forms.answers_from_form(form) == VALID
        assert forms.answers_from_form(form, answers={}) == {"enfants": VALID["enfants"]}


def test_clearing_an_optional_answer_removes_it(bind):
    saved = {**VALID, "telephone": "06 12 34 56 78"}
    data = forms.formdata_from_answers({**VALID, "telephone": ""}, DEFN, step="vous")
    with bind(DEFN, data, step="vous", answers=saved) as form:
        assert "telephone" not in forms.answers_from_form(form)


def test_defaults_fill_a_step_never_answered(bind, render):
    defn = definition(
        {
            "n": {"type": "integer", "default": 2},
            "c": {"type": "string", "enum": ["a", "b"], "default": "b"},
        }
    )
    with bind(defn):
        html = render(forms.form_from_answers(defn, {}))
        assert 'value="2"' in html
        assert 'value="b" checked' in html
        html = render(forms.form_from_answers(defn, {"n": 5}))
        assert 'value="5"' in html
        assert "checked" not in html


def test_wrong_values_saved_in_a_draft_come_back_as_typed(bind, render):
    draft = {"montant_frais": "douze", "allocataire_caf": True}
    with bind(DEFN, step="ressources"):
        html = render(forms.form_from_answers(DEFN, draft, step="ressources"))
    assert 'value="douze"' in html


@pytest.fixture(scope="module")
def journey(database_url: str, smtp_sink: Any):  # type: ignore[no-untyped-def]
    """A miniature journey: one draft in memory, one page per step, then a review."""
    app: Flask = make_test_app(database_url, smtp_sink, WTF_CSRF_ENABLED=False)
    forms.init_app(app)
    draft: dict[str, Any] = {"answers": {}, "files": {}}

    def store(name: str, upload: Any) -> str:
        reference = f"piece-{len(draft['files']) + 1}"
        draft["files"][reference] = upload.read()
        return reference

    @app.get("/demande/<step>")
    def show(step: str):  # type: ignore[no-untyped-def]
        form = forms.form_from_answers(DEFN, draft["answers"], step=step, key="journey")
        return render_template_string(STEP_PAGE, form=form)

    @app.post("/demande/<step>")
    def save(step: str):  # type: ignore[no-untyped-def]
        form = forms.build_form_class(DEFN, step=step, key="journey")(answers=draft["answers"])
        if forms.apply_action(form):
            return render_template_string(STEP_PAGE, form=form)
        result = forms.process_step(form, store_file=store)
        draft["answers"] = result.answers  # saved even with errors: nothing typed is lost
        if not result.ok:
            return render_template_string(STEP_PAGE, form=form), 422
        return "", 204

    @app.post("/demande/envoyer")
    def submit():  # type: ignore[no-untyped-def]
        errors = forms.validate_answers(DEFN, draft["answers"], key="journey")
        return {"errors": [e.as_json() for e in errors]}, 400 if errors else 200

    return app.test_client(), draft


def test_the_example_filled_step_by_step(journey):
    client, draft = journey
    vous = forms.formdata_from_answers(VALID, DEFN, step="vous")
    assert client.post("/demande/vous", data=vous).status_code == 204
    enfants = forms.formdata_from_answers(VALID, DEFN, step="enfants")
    assert client.post("/demande/enfants", data=enfants).status_code == 204
    assert client.post("/demande/envoyer").status_code == 400  # the last step is missing
    page = client.post(
        "/demande/ressources",
        data={"allocataire_caf": "non", "montant_frais": "12,5"},
    )
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert "Sélectionnez un fichier." in html
    assert "Vous devez cocher cette case." in html
    assert 'value="12,5"' in html
    assert draft["answers"]["montant_frais"] == 12.5
    pdf = (io.BytesIO(b"%PDF-1.4 avis"), "avis.pdf")
    done = client.post(
        "/demande/ressources",
        data={
            "allocataire_caf": "non",
            "montant_frais": "12,5",
            "attestation": "oui",
            "justificatif_ressources": pdf,
        },
        content_type="multipart/form-data",
    )
    assert done.status_code == 204
    assert draft["answers"]["justificatif_ressources"] == "piece-1"
    assert draft["files"] == {"piece-1": b"%PDF-1.4 avis"}
    assert client.post("/demande/envoyer").status_code == 200
    revisit = client.get("/demande/ressources").get_data(as_text=True)
    assert "Un fichier a déjà été transmis." in revisit
    assert 'value="non" checked' in revisit
