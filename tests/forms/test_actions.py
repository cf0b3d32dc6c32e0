"""Repeating groups: add and remove items without JavaScript, through a real POST."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask, render_template_string

from app import forms
from app.testing.plugin import make_test_app
from tests.forms.samples import STEP_PAGE, definition

CHILDREN = definition(
    {
        "enfants": {
            "type": "array",
            "title": "Vos enfants",
            "minItems": 1,
            "maxItems": 3,
            "items": {
                "type": "object",
                "properties": {
                    "prenom": {"type": "string", "title": "Prénom"},
                    "boursier": {"type": "boolean", "title": "Boursier ?"},
                    "activites": {
                        "type": "array",
                        "title": "Activités",
                        "items": {
                            "type": "object",
                            "properties": {"nom": {"type": "string", "title": "Activité"}},
                        },
                    },
                },
                "required": ["prenom"],
            },
        }
    },
    ["enfants"],
    enfants={
        "ui:options": {
            "itemTitle": "Enfant",
            "addLabel": "Ajouter un enfant",
            "removeLabel": "Retirer l'enfant {n}",
        }
    },
)


@pytest.fixture(scope="module")
def client(database_url: str, smtp_sink: Any):  # type: ignore[no-untyped-def]
    """A test app with one view: the journey's handling of a step, in miniature."""
    app: Flask = make_test_app(database_url, smtp_sink, WTF_CSRF_ENABLED=False)
    forms.init_app(app)

    @app.get("/enfants")
    def show():  # type: ignore[no-untyped-def]
        form = forms.form_from_answers(CHILDREN, {}, key="actions")
        return render_template_string(STEP_PAGE, form=form)

    @app.post("/enfants")
    def submit():  # type: ignore[no-untyped-def]
        form = forms.build_form_class(CHILDREN, key="actions")()
        if forms.apply_action(form):
            return render_template_string(STEP_PAGE, form=form)
        result = forms.process_step(form, full=True)
        status = 200 if result.ok else 400
        return {"answers": result.answers, "errors": [e.as_json() for e in result.errors]}, status

    return app.test_client()


def _values(html: str) -> dict[str, str]:
    """Form data a browser would send for the page as displayed (text inputs and checked radios)."""
    data = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        kind = re.search(r'type="([^"]+)"', tag)
        if not name or not value or name.group(1) == "_action":
            continue
        if kind and kind.group(1) == "radio" and "checked" not in tag:
            continue
        data[name.group(1)] = value.group(1)
    return data


def test_a_blank_group_shows_min_items(client):
    html = client.get("/enfants").get_data(as_text=True)
    assert "<legend>Enfant 1</legend>" in html
    assert "Enfant 2" not in html
    assert 'name="enfants-0-_item" value="1"' in html
    assert ">Ajouter un enfant</button>" in html
    assert "Retirer l&#39;enfant 1" not in html  # at minItems, nothing to remove


def test_add_keeps_what_was_typed_and_validates_nothing(client):
    data = {"enfants-0-_item": "1", "enfants-0-prenom": "Léo", "enfants-0-boursier": "oui"}
    html = client.post("/enfants", data={**data, "_action": "add:enfants"}).get_data(as_text=True)
    assert "<legend>Enfant 2</legend>" in html
    assert 'name="enfants-0-prenom" type="text" value="Léo"' in html
    assert 'id="enfants-0-boursier-0" name="enfants-0-boursier" value="oui" checked' in html
    assert "error" not in re.sub(r"error-summary|field-error", "", html).replace("form_errors", "")
    assert 'value="remove:enfants-1" formaction="#enfants"' in html
    assert ">Retirer l&#39;enfant 2</button>" in html
    assert 'value="add:enfants" formaction="#enfants-2"' in html


def test_remove_renumbers_the_items_and_keeps_the_others(client):
    data = {
        "enfants-0-_item": "1",
        "enfants-0-prenom": "Léo",
        "enfants-1-_item": "1",
        "enfants-1-prenom": "Zoé",
        "enfants-2-_item": "1",
        "enfants-2-prenom": "Noé",
        "enfants-2-boursier": "non",
    }
    html = client.post("/enfants", data={**data, "_action": "remove:enfants-1"}).get_data(
        as_text=True
    )
    kept = _values(html)
    assert kept["enfants-0-prenom"] == "Léo"
    assert kept["enfants-1-prenom"] == "Noé"
    assert kept["enfants-1-boursier"] == "non"
    assert "enfants-2-prenom" not in kept
    response = client.post("/enfants", data=kept)
    assert response.status_code == 200
    assert response.json["answers"] == {
        "enfants": [
            {"prenom": "Léo"},
            {"prenom": "Noé", "boursier": False},
        ]
    }


def test_nested_groups_have_their_own_buttons(client):
    data = {"enfants-0-_item": "1", "enfants-0-prenom": "Léo"}
    html = client.post("/enfants", data={**data, "_action": "add:enfants-0-activites"}).get_data(
        as_text=True
    )
    assert 'name="enfants-0-activites-0-nom"' in html
    html = client.post(
        "/enfants", data={**_values(html), "_action": "remove:enfants-0-activites-0"}
    ).get_data(as_text=True)
    assert 'name="enfants-0-activites-0-nom"' not in html


def test_limits_and_forged_actions_change_nothing(client):
    full = {f"enfants-{i}-prenom": f"E{i}" for i in range(3)}
    html = client.post("/enfants", data={**full, "_action": "add:enfants"}).get_data(as_text=True)
    assert "Enfant 4" not in html
    assert "Vous ne pouvez pas ajouter d&#39;autre élément." in html
    for forged in ("remove:enfants-9", "add:inconnu", "remove:enfants-x", "add:", "remove:enfants"):
        response = client.post("/enfants", data={**full, "_action": forged})
        assert response.status_code in (200, 400)
    one = {"enfants-0-prenom": "Léo"}
    html = client.post("/enfants", data={**one, "_action": "remove:enfants-0"}).get_data(
        as_text=True
    )
    assert 'value="Léo"' in html  # minItems: the last child is not removed


def test_an_item_with_only_unanswered_radios_is_still_sent(client):
    response = client.post("/enfants", data={"enfants-0-_item": "1"})
    assert response.status_code == 400
    assert response.json["errors"] == [
        {"path": "/enfants/0/prenom", "message": "Ce champ est obligatoire."}
    ]


def test_too_few_items_is_an_error_on_the_group(client):
    response = client.post("/enfants", data={})
    assert response.status_code == 400
    assert response.json["errors"] == [
        {"path": "/enfants", "message": "Ajoutez au moins 1 élément."}
    ]


def test_parse_action():
    assert forms.parse_action("add:enfants") == forms.GroupAction("add", ("enfants",))
    assert forms.parse_action("remove:enfants-0-activites-2") == forms.GroupAction(
        "remove", ("enfants", "0", "activites"), 2
    )
    for value in (None, "next", "remove:enfants", "add:Enfants", "add:enfants-²", 3):
        assert forms.parse_action(value) is None
