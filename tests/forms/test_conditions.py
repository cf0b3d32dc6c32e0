"""Display conditions: a hidden field is neither required nor kept."""

from __future__ import annotations

import pytest

from app import forms
from tests.forms.samples import definition

pytestmark = pytest.mark.skipif(
    not forms.rules_available(), reason="the rules engine (app.rules.evaluate) is not installed"
)

CAF = {"==": [{"var": "form.caf"}, True]}
STEPS = {
    "schema": {
        "type": "object",
        "properties": {
            "caf": {"type": "boolean", "title": "Allocataire ?"},
            "numero": {"type": "string", "title": "Numéro", "pattern": "^[0-9]{7}$"},
            "enfants": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "niveau": {"type": "string", "enum": ["ecole", "lycee"]},
                        "bourse": {"type": "boolean", "title": "Boursier ?"},
                    },
                    "required": ["niveau", "bourse"],
                },
            },
        },
        "required": ["caf", "numero"],
    },
    "ui": {
        "ui:steps": [
            {"id": "un", "title": "Un", "fields": ["caf", "numero"]},
            {"id": "deux", "title": "Deux", "fields": ["enfants"]},
        ],
        "numero": {"ui:condition": CAF},
        "enfants": {
            "items": {"bourse": {"ui:condition": {"==": [{"var": "item.niveau"}, "lycee"]}}}
        },
    },
}


def test_a_field_depending_on_the_same_page_is_shown_then_applied_on_submit(bind, render):
    with bind(STEPS, {"caf": "non"}, step="un") as form:
        assert 'name="numero"' in render(form)  # no JavaScript: the page cannot react
        assert form.validate()
        assert forms.answers_from_form(form) == {"caf": False}
    with bind(STEPS, {"caf": "oui", "numero": ""}, step="un") as form:
        assert not form.validate()
        assert form.numero.errors == ["Ce champ est obligatoire."]


def test_a_hidden_answer_is_dropped_even_when_typed(bind):
    with bind(STEPS, {"caf": "non", "numero": "pas un numéro"}, step="un") as form:
        assert form.validate()
        assert forms.answers_from_form(form) == {"caf": False}
    assert forms.validate_answers(STEPS, {"caf": False, "numero": "x"}) == []
    assert forms.prune_answers(forms.load_spec(STEPS), {"caf": False, "numero": "x"}) == {
        "caf": False
    }
    [error] = forms.validate_answers(STEPS, {"caf": True})
    assert (error.path, error.message) == ("/numero", "Ce champ est obligatoire.")


def test_a_condition_on_an_earlier_step_hides_the_field_at_once(bind, render):
    defn = {
        "schema": STEPS["schema"],
        "ui": {
            **STEPS["ui"],
            "ui:steps": [
                {"id": "un", "title": "Un", "fields": ["caf"]},
                {"id": "deux", "title": "Deux", "fields": ["numero", "enfants"]},
            ],
        },
    }
    with bind(defn, step="deux"):
        hidden = forms.form_from_answers(defn, {"caf": False}, step="deux")
        assert 'name="numero"' not in render(hidden)
        shown = forms.form_from_answers(defn, {"caf": True}, step="deux")
        assert 'name="numero"' in render(shown)


def test_item_conditions_use_the_item(bind):
    data = {
        "enfants-0-niveau": "ecole",
        "enfants-1-niveau": "lycee",
        "enfants-1-bourse": "oui",
        "enfants-0-bourse": "non",
    }
    with bind(STEPS, data, step="deux", answers={"caf": False}) as form:
        assert form.validate()
        answers = forms.answers_from_form(form)
    assert answers["enfants"] == [{"niveau": "ecole"}, {"niveau": "lycee", "bourse": True}]
    with bind(STEPS, {"enfants-0-niveau": "lycee"}, step="deux") as form:
        assert not form.validate()
    errors = forms.validate_answers(STEPS, {"caf": False, "enfants": [{"niveau": "lycee"}]})
    assert [e.path for e in errors] == ["/enfants/0/bourse"]


def test_a_condition_that_cannot_be_evaluated_shows_the_field(bind):
    defn = definition(
        {"a": {"type": "integer"}, "b": {"type": "string"}},
        ["b"],
        b={"ui:condition": {">": [{"+": [{"var": "form.a"}, [1]]}, 0]}},
    )
    with bind(defn, {"a": "1"}) as form:
        assert not form.validate()
        assert form.b.errors == ["Ce champ est obligatoire."]


def test_definition_checks_conditions():
    bad = definition(
        {"a": {"type": "string"}, "b": {"type": "string"}},
        b={"ui:condition": {"method": [{"var": "form.a"}, "upper"]}},
    )
    problems = forms.validate_definition(bad)
    assert problems
    assert all(p.path.startswith("/ui/b/ui:condition") for p in problems)
    unknown = definition(
        {"a": {"type": "string"}}, a={"ui:condition": {"==": [{"var": "form.zzz"}, 1]}}
    )
    assert [p.message for p in forms.validate_definition(unknown)] == [
        "Champ inconnu dans la condition : « form.zzz »."
    ]
    wrong_scope = definition(
        {"a": {"type": "string"}}, a={"ui:condition": {"==": [{"var": "item.a"}, 1]}}
    )
    assert forms.validate_definition(wrong_scope)
