"""The identity block produces exactly the data sources' identity-pivot vocabulary."""

from __future__ import annotations

import pytest

from app import forms
from app.core.jsonschemas import schema as published
from app.forms.identity import PIVOT_KEYS
from app.forms.tree import walk
from tests.forms.samples import definition, example_definition

ID = forms.IDENTITY_SCHEMA_ID
PARENT = definition(
    {"parent": {"$ref": ID, "title": "Votre identité"}}, ["parent"], parent={"ui:field": "identite"}
)
TYPED = {
    "parent-nom_naissance": " Dupont ",
    "parent-prenoms": "Laura  Marie-Anne",
    "parent-sexe": "F",
    "parent-date_naissance": "15/11/2013",
    "parent-lieu_naissance": "france",
    "parent-code_cog_commune_naissance": "13103",
    "parent-code_cog_pays_naissance": "99134",  # typed, then « En France » chosen: not kept
}


def _answers(bind, data, defn=PARENT):  # type: ignore[no-untyped-def]
    with bind(defn, data) as form:
        ok = form.validate()
        errors = {f.id: f.own_errors for f, _ in _walk(form) if f.own_errors}
        return ok, forms.answers_from_form(form), errors


def _walk(form):  # type: ignore[no-untyped-def]
    return walk(form)


def test_the_block_is_published_with_the_pivot_keys():
    block = published(ID)
    assert set(PIVOT_KEYS) <= set(block["properties"])
    assert block["properties"]["sexe"]["oneOf"] == [
        {"const": "F", "title": "Féminin"},
        {"const": "M", "title": "Masculin"},
    ]


def test_answer_is_exactly_the_data_source_vocabulary(bind):
    ok, answers, errors = _answers(bind, TYPED)
    assert ok, errors
    assert answers == {
        "parent": {
            "nom_naissance": "Dupont",
            "prenoms": ["Laura", "Marie-Anne"],
            "sexe": "F",
            "date_naissance": "2013-11-15",
            "code_cog_commune_naissance": "13103",
        }
    }
    assert set(answers["parent"]) <= set(PIVOT_KEYS)
    assert forms.validate_answers(PARENT, answers) == []


def test_born_abroad_keeps_the_country_code(bind):
    data = {**TYPED, "parent-lieu_naissance": "etranger", "parent-nom_usage": "Martin"}
    ok, answers, _ = _answers(bind, data)
    assert ok
    assert answers["parent"]["code_cog_pays_naissance"] == "99134"
    assert "code_cog_commune_naissance" not in answers["parent"]
    assert forms.pivot(answers["parent"]) == {
        k: v for k, v in answers["parent"].items() if k != "nom_usage"
    }


def test_corsican_commune_codes_are_upper_case(bind):
    ok, answers, _ = _answers(bind, {**TYPED, "parent-code_cog_commune_naissance": "2a004"})
    assert ok
    assert answers["parent"]["code_cog_commune_naissance"] == "2A004"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"parent-lieu_naissance": ""},
            "parent-lieu_naissance",
            "Indiquez soit la commune de naissance (naissance en France), soit le pays de "
            "naissance (naissance à l'étranger).",
        ),
        (
            {"parent-lieu_naissance": "france", "parent-code_cog_commune_naissance": ""},
            "parent-code_cog_commune_naissance",
            "Saisissez le code COG de la commune de naissance.",
        ),
        (
            {"parent-lieu_naissance": "etranger", "parent-code_cog_pays_naissance": "99100"},
            "parent-code_cog_pays_naissance",
            "Le code COG d'un pays a 5 chiffres et commence par 99, par exemple 99134 "
            "(99100, la France, n'est pas un pays de naissance à l'étranger).",
        ),
        (
            {"parent-code_cog_commune_naissance": "1310"},
            "parent-code_cog_commune_naissance",
            "Le code COG d'une commune a 5 caractères, par exemple 13103 ou 2A004.",
        ),
        ({"parent-sexe": "X"}, "parent-sexe", "Choisissez une des réponses proposées."),
        ({"parent-prenoms": ""}, "parent-prenoms", "Ce champ est obligatoire."),
    ],
)
def test_identity_errors_are_french_and_placed(bind, change, field, message):
    ok, answers, errors = _answers(bind, {**TYPED, **change})
    assert not ok
    assert errors == {field: [message]}
    authority = forms.validate_answers(PARENT, answers)
    assert authority, "the authority refuses it too"


def test_nothing_chosen_and_no_code_asks_for_the_birthplace(bind):
    data = {k: v for k, v in TYPED.items() if "lieu" not in k and "code" not in k}
    _ok, answers, errors = _answers(bind, data)
    assert errors == {"parent-lieu_naissance": ["Sélectionnez une réponse."]}
    [error] = forms.validate_answers(PARENT, answers)
    assert error.path == "/parent"
    assert error.field_id == "parent-lieu_naissance"


def test_one_code_without_the_radio_is_enough(bind):
    data = {
        k: v
        for k, v in TYPED.items()
        if k not in ("parent-lieu_naissance", "parent-code_cog_pays_naissance")
    }
    ok, answers, _ = _answers(bind, data)
    assert ok
    assert answers["parent"]["code_cog_commune_naissance"] == "13103"


def test_rendering_fieldset_and_autocomplete(bind, render):
    with bind(PARENT) as form:
        html = render(form)
    assert '<fieldset class="fieldset-group" id="parent" tabindex="-1">' in html
    assert "<legend>Votre identité</legend>" in html
    assert 'autocomplete="family-name" id="parent-nom_naissance"' in html
    assert 'autocomplete="given-name" id="parent-prenoms"' in html
    assert 'autocomplete="bday"' in html
    assert '<label for="parent-sexe-0">Féminin</label>' in html
    assert '<label for="parent-lieu_naissance-1">À l&#39;étranger</label>' in html


def test_an_identity_in_a_group_is_someone_else_no_autocomplete(bind, render):
    defn = definition(
        {
            "enfants": {
                "type": "array",
                "minItems": 1,
                "items": {"type": "object", "properties": {"identite": {"$ref": ID}}},
            }
        }
    )
    assert forms.identity_fields(defn) == ["enfants.*.identite"]
    with bind(defn) as form:
        form = forms.form_from_answers(defn, {})
        html = render(form)
    assert 'id="enfants-0-identite-nom_naissance"' in html
    assert "family-name" not in html
    assert "bday" not in html


def test_identity_fields_of_the_example():
    assert forms.identity_fields(example_definition()) == ["demandeur"]


def test_prefill_restores_the_birthplace_choice(bind, render):
    answers = {
        "parent": {
            "nom_naissance": "Dupont",
            "prenoms": ["Laura", "Marie"],
            "sexe": "F",
            "date_naissance": "2013-11-15",
            "code_cog_pays_naissance": "99134",
        }
    }
    with bind(PARENT):
        html = render(forms.form_from_answers(PARENT, answers))
    assert (
        'id="parent-lieu_naissance-1" name="parent-lieu_naissance" value="etranger" checked' in html
    )
    assert 'value="Laura Marie"' in html
