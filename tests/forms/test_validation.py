"""The authority: jsonschema errors in French, with a JSON pointer and the input's id."""

from __future__ import annotations

import pytest

from app import forms
from app.forms.builder import load_spec
from tests.forms.samples import VALID, example_definition

DEFN = example_definition()


def _errors(answers, **kwargs):  # type: ignore[no-untyped-def]
    return [
        (e.path, e.field_id, e.message) for e in forms.validate_answers(DEFN, answers, **kwargs)
    ]


def test_valid_answers_have_no_error():
    assert forms.validate_answers(DEFN, VALID, key="v1") == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"courriel": "x"},
            (
                "/courriel",
                "courriel",
                "Saisissez une adresse électronique valide, par exemple nom@exemple.fr.",
            ),
        ),
        (
            {"code_postal": "1"},
            ("/code_postal", "code_postal", "Le code postal a 5 chiffres, par exemple 13100."),
        ),
        (
            {"montant_frais": 2500},
            (
                "/montant_frais",
                "montant_frais",
                "La valeur doit être comprise entre 0 et 2\u202f000.",
            ),
        ),
        (
            {"montant_frais": "12"},
            (
                "/montant_frais",
                "montant_frais",
                "Saisissez un nombre de 15 chiffres au plus, par exemple 12,50.",
            ),
        ),
        (
            {"situation": "autre"},
            ("/situation", "situation", "Choisissez une des réponses proposées."),
        ),
        ({"attestation": False}, ("/attestation", "attestation", "Vous devez cocher cette case.")),
        (
            {"allocataire_caf": "oui"},
            ("/allocataire_caf", "allocataire_caf", "Répondez par « Oui » ou « Non »."),
        ),
        ({"enfants": []}, ("/enfants", "enfants", "Ajoutez au moins 1 élément.")),
        (
            {"enfants": [VALID["enfants"][0]] * 9},
            ("/enfants", "enfants", "Saisissez au plus 8 éléments."),
        ),
        (
            {
                "enfants": [
                    VALID["enfants"][0],
                    {**VALID["enfants"][0], "date_naissance": "2015-02-30"},
                ]
            },
            (
                "/enfants/1/date_naissance",
                "enfants-1-date_naissance",
                "Saisissez une date valide, par exemple 15/09/2015.",
            ),
        ),
        (
            {"demandeur": {**VALID["demandeur"], "prenoms": []}},
            ("/demandeur/prenoms", "demandeur-prenoms", "Saisissez au moins 1 prénom."),
        ),
    ],
)
def test_each_error_is_french_with_path_and_field_id(change, expected):
    assert _errors({**VALID, **change}) == [expected]


def test_missing_required_answers_point_at_the_missing_field():
    answers = {k: v for k, v in VALID.items() if k not in ("courriel", "situation")}
    assert _errors(answers) == [
        ("/courriel", "courriel", "Ce champ est obligatoire."),
        ("/situation", "situation", "Sélectionnez une réponse."),
    ]


def test_errors_follow_the_page_order():
    answers = {"enfants": [{}], "courriel": "x"}
    paths = [path for path, _, _ in _errors(answers)]
    assert paths.index("/demandeur") < paths.index("/courriel") < paths.index("/enfants/0/prenom")
    assert paths.index("/enfants/0/prenom") < paths.index("/enfants/0/nom")


def test_partial_validation_only_reports_the_step():
    assert _errors({}, partial_step="enfants") == [
        ("/enfants", "enfants", "Ce champ est obligatoire.")
    ]
    with pytest.raises(KeyError):
        forms.validate_answers(DEFN, {}, partial_step="inconnue")


def test_rest_api_shape():
    [error] = forms.validate_answers(DEFN, {**VALID, "courriel": "x"})
    assert error.as_json() == {
        "path": "/courriel",
        "message": "Saisissez une adresse électronique valide, par exemple nom@exemple.fr.",
    }
    assert error.tokens == ("courriel",)


def test_answers_that_are_not_an_object():
    for answers in (None, [], "texte", 3):
        assert _errors(answers) == [("", "", "Les réponses doivent être un objet JSON.")]


def test_exact_decimal_multiple_of():
    answers = {**VALID, "montant_frais": 12.3}
    assert forms.validate_answers(DEFN, answers) == []  # binary floats would say 12.3 % 0.01 != 0
    assert _errors({**VALID, "montant_frais": 12.345})[0][2] == (
        "Saisissez au plus 2 chiffres après la virgule."
    )


def test_one_cached_validator_per_key():
    first = load_spec(DEFN, "v1").validator
    forms.validate_answers(DEFN, VALID, key="v1")
    assert load_spec(DEFN, "v1").validator is first
    assert load_spec(DEFN, "v2").validator is not first
    assert load_spec(DEFN).validator is not load_spec(DEFN).validator  # no key: no cache


def test_first_step_with_errors():
    spec = load_spec(DEFN)
    errors = forms.validate_answers(DEFN, {**VALID, "enfants": []})
    assert forms.first_step_with_errors(spec, errors) == "enfants"
    assert forms.first_step_with_errors(spec, []) is None


def test_unknown_keys_in_a_closed_object_are_reported_each():
    identity = {**VALID["demandeur"], "surnom": "Lolo"}
    assert _errors({**VALID, "demandeur": identity}) == [
        ("/demandeur/surnom", "demandeur-surnom", "Ce champ n'existe pas dans le formulaire.")
    ]
