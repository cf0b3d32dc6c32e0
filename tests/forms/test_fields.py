"""Each field type: what is rendered, how the input is converted, which French message it gets."""

from __future__ import annotations

import re

import pytest

from app import forms
from app.forms.tree import walk
from tests.forms.samples import definition, example_definition

TEXT = definition(
    {"nom": {"type": "string", "title": "Nom", "maxLength": 5, "description": "Votre nom."}},
    ["nom"],
    nom={"ui:placeholder": "Dupont", "ui:help": "Tel qu'écrit.", "ui:autocomplete": "family-name"},
)


def _input(html: str, name: str) -> str:
    match = re.search(rf'<(?:input|select|textarea)[^>]*\bname="{name}"[^>]*>', html)
    assert match, f"no input {name}"
    return match.group(0)


def _submit(bind, defn, data, **kwargs):  # type: ignore[no-untyped-def]
    with bind(defn, data, **kwargs) as form:
        ok = form.validate()
        answers = forms.answers_from_form(form)
        errors = {field.id: field.errors for field in _leaves(form) if field.errors}
        return ok, answers, errors


def _leaves(form):  # type: ignore[no-untyped-def]
    return [field for field, _ in walk(form)]


def test_text_renders_label_hint_help_placeholder_and_autocomplete(bind, render):
    with bind(TEXT) as form:
        html = render(form)
    tag = _input(html, "nom")
    assert 'type="text"' in tag
    assert 'placeholder="Dupont"' in tag
    assert 'autocomplete="family-name"' in tag
    assert 'aria-describedby="nom-hint nom-help"' in tag
    assert "aria-invalid" not in tag
    assert "required" not in tag
    assert "None" not in tag
    assert (
        '<label class="label" for="nom">Nom <span class="required">(obligatoire)</span></label>'
        in html
    )
    assert '<p class="hint" id="nom-hint">Votre nom.</p>' in html


def test_text_is_trimmed_and_empty_is_missing(bind):
    ok, answers, _ = _submit(bind, TEXT, {"nom": "  Léa \x00 "})
    assert ok
    assert answers == {"nom": "Léa"}
    ok, answers, errors = _submit(bind, TEXT, {"nom": "   "})
    assert not ok
    assert answers == {}
    assert errors == {"nom": ["Ce champ est obligatoire."]}


def test_text_error_is_described_and_summarised(bind, render):
    with bind(TEXT, {"nom": "Trop long"}) as form:
        assert not form.validate()
        html = render(form)
    tag = _input(html, "nom")
    assert 'aria-describedby="nom-hint nom-help nom-error"' in tag
    assert 'aria-invalid="true"' in tag
    assert 'value="Trop long"' in tag  # nothing typed is lost
    assert (
        '<p class="error-message" id="nom-error"><span class="visually-hidden">Erreur :</span> '
        "Saisissez au plus 5 caractères.</p>"
    ) in html
    assert '<a href="#nom">Nom : Saisissez au plus 5 caractères.</a>' in html


def test_long_text_keeps_line_breaks(bind, render):
    defn = definition(
        {"texte": {"type": "string", "maxLength": 20}},
        texte={"ui:widget": "textarea", "ui:options": {"rows": 3}},
    )
    ok, answers, _ = _submit(bind, defn, {"texte": "un\r\ndeux\r\n"})
    assert ok
    assert answers == {"texte": "un\ndeux"}
    with bind(defn) as form:
        assert '<textarea id="texte" name="texte" rows="3">' in render(form)


def test_email_is_checked_like_the_authority(bind, render):
    defn = definition({"courriel": {"type": "string", "format": "email"}})
    with bind(defn) as form:
        tag = _input(render(form), "courriel")
    assert 'type="email"' in tag
    assert 'autocomplete="email"' in tag
    assert 'spellcheck="false"' in tag
    for wrong in ("jean@", "jean.dupont@gmail", "a b@exemple.fr"):
        ok, answers, errors = _submit(bind, defn, {"courriel": wrong})
        assert not ok
        assert errors["courriel"] == [
            "Saisissez une adresse électronique valide, par exemple nom@exemple.fr."
        ]
        assert forms.validate_answers(defn, answers)[0].path == "/courriel"
    assert _submit(bind, defn, {"courriel": "lea@exemple.fr"})[0]


def test_phone_is_a_tel_input_with_a_pattern_message(bind, render):
    defn = definition(
        {"tel": {"type": "string", "pattern": "^0[1-9]([ .]?[0-9]{2}){4}$"}},
        tel={"ui:options": {"inputType": "tel", "patternMessage": "Format : 06 12 34 56 78."}},
    )
    with bind(defn) as form:
        tag = _input(render(form), "tel")
    assert 'type="tel"' in tag
    assert 'autocomplete="tel"' in tag
    assert _submit(bind, defn, {"tel": "06 12 34 56 78"})[1] == {"tel": "06 12 34 56 78"}
    assert _submit(bind, defn, {"tel": "12"})[2] == {"tel": ["Format : 06 12 34 56 78."]}


def test_postal_code_is_numeric_and_patterned(bind, render):
    defn = definition(
        {"cp": {"type": "string", "pattern": "^[0-9]{5}$"}}, cp={"ui:widget": "code-postal"}
    )
    with bind(defn) as form:
        tag = _input(render(form), "cp")
    assert 'inputmode="numeric"' in tag
    assert 'autocomplete="postal-code"' in tag
    assert _submit(bind, defn, {"cp": "13100"})[0]
    assert _submit(bind, defn, {"cp": "1310"})[2] == {
        "cp": ["Le format de la valeur saisie n'est pas valide."]
    }


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("2015-09-15", "2015-09-15"), ("15/09/2015", "2015-09-15"), ("5/9/2015", "2015-09-05")],
)
def test_date_accepts_iso_and_french_dates(bind, typed, stored):
    defn = definition({"d": {"type": "string", "format": "date"}})
    assert _submit(bind, defn, {"d": typed})[:2] == (True, {"d": stored})


def test_wrong_date_is_kept_and_refused_in_french(bind, render):
    defn = definition({"d": {"type": "string", "format": "date"}})
    ok, answers, errors = _submit(bind, defn, {"d": "31/02/2015"})
    assert not ok
    assert answers == {"d": "31/02/2015"}
    assert errors == {"d": ["Saisissez une date valide, par exemple 15/09/2015."]}
    with bind(defn, {"d": "15/09/2015"}) as form:
        tag = _input(render(form), "d")
    assert 'type="date"' in tag
    assert 'value="2015-09-15"' in tag


def test_integer_with_bounds(bind, render):
    defn = definition({"n": {"type": "integer", "minimum": 0, "maximum": 10}})
    with bind(defn) as form:
        tag = _input(render(form), "n")
    assert 'inputmode="numeric"' in tag
    assert 'type="text"' in tag
    assert _submit(bind, defn, {"n": " 7 "})[1] == {"n": 7}
    assert _submit(bind, defn, {"n": "11"})[2] == {
        "n": ["La valeur doit être comprise entre 0 et 10."]
    }
    _ok, answers, errors = _submit(bind, defn, {"n": "douze"})
    assert answers == {"n": "douze"}
    assert errors == {"n": ["Saisissez un nombre entier, par exemple 12."]}
    assert _submit(bind, defn, {"n": "2,5"})[2] == {
        "n": ["Saisissez un nombre entier, par exemple 12."]
    }


def test_number_is_exact_with_a_french_decimal_comma(bind):
    defn = definition({"montant": {"type": "number", "exclusiveMinimum": 0, "multipleOf": 0.01}})
    assert _submit(bind, defn, {"montant": "1 234,56"})[1] == {"montant": 1234.56}
    assert _submit(bind, defn, {"montant": "12,30"})[1] == {"montant": 12.3}
    assert _submit(bind, defn, {"montant": "12,00"})[1] == {"montant": 12}
    assert _submit(bind, defn, {"montant": "12,345"})[2] == {
        "montant": ["Saisissez au plus 2 chiffres après la virgule."]
    }
    assert _submit(bind, defn, {"montant": "0"})[2] == {
        "montant": ["La valeur doit être strictement supérieure à 0."]
    }
    for odd in ("NaN", "inf", "1e5", "0x10", "1234567890123456"):
        ok, answers, _errors = _submit(bind, defn, {"montant": odd})
        assert not ok
        assert answers == {"montant": odd}


def test_updown_widget_is_a_number_input(bind, render):
    defn = definition({"n": {"type": "number"}}, n={"ui:widget": "updown"})
    with bind(defn, {"n": "2,5"}) as form:
        tag = _input(render(form), "n")
    assert 'type="number"' in tag
    assert 'value="2.5"' in tag
    assert 'step="any"' in tag


def test_yes_no_is_two_radios_in_a_fieldset(bind, render):
    defn = definition({"caf": {"type": "boolean", "title": "Allocataire ?"}}, ["caf"])
    with bind(defn) as form:
        html = render(form)
    assert '<fieldset id="caf">' in html
    assert (
        '<legend class="label">Allocataire ? <span class="required">(obligatoire)</span></legend>'
        in html
    )
    assert '<input type="radio" id="caf-0" name="caf" value="oui">' in html
    assert '<label for="caf-1">Non</label>' in html
    assert _submit(bind, defn, {"caf": "non"})[:2] == (True, {"caf": False})
    assert _submit(bind, defn, {"caf": "oui"})[1] == {"caf": True}
    assert _submit(bind, defn, {})[2] == {"caf": ["Sélectionnez une réponse."]}
    assert _submit(bind, defn, {"caf": "peut-être"})[2] == {
        "caf": ["Répondez par « Oui » ou « Non »."]
    }


def test_single_checkbox_is_an_attestation(bind, render):
    defn = definition(
        {"ok": {"type": "boolean", "const": True, "title": "Je certifie."}},
        ["ok"],
        ok={"ui:widget": "checkbox"},
    )
    with bind(defn) as form:
        assert '<input type="checkbox" id="ok" name="ok" value="oui">' in render(form)
    assert _submit(bind, defn, {"ok": "oui"})[:2] == (True, {"ok": True})
    _ok, answers, errors = _submit(bind, defn, {})
    assert answers == {"ok": False}
    assert errors == {"ok": ["Vous devez cocher cette case."]}


CHOICES = [{"const": f"v{i}", "title": f"Option {i}"} for i in range(8)]


def test_few_options_are_radios_many_a_select(bind, render):
    few = definition({"c": {"type": "string", "oneOf": CHOICES[:6]}})
    many = definition({"c": {"type": "string", "oneOf": CHOICES}})
    with bind(few) as form:
        assert 'type="radio" id="c-5"' in render(form)
    with bind(many, {"c": "v7"}) as form:
        html = render(form)
    assert '<select id="c" name="c">' in html
    assert '<option value="">Sélectionnez une réponse</option>' in html
    assert '<option value="v7" selected>Option 7</option>' in html
    forced = definition({"c": {"type": "string", "oneOf": CHOICES}}, c={"ui:widget": "radio"})
    with bind(forced) as form:
        assert 'type="radio" id="c-7"' in render(form)


def test_single_choice_from_enum_and_integer_options(bind):
    defn = definition(
        {"s": {"type": "string", "enum": ["a", "b"]}, "n": {"type": "integer", "enum": [1, 2]}}
    )
    assert _submit(bind, defn, {"s": "b", "n": "2"})[1] == {"s": "b", "n": 2}
    _ok, answers, errors = _submit(bind, defn, {"s": "z"})
    assert answers == {"s": "z"}
    assert errors == {"s": ["Choisissez une des réponses proposées."]}


def test_multiple_choice_is_checkboxes(bind, render):
    defn = definition(
        {
            "aides": {
                "type": "array",
                "title": "Aides",
                "items": {"type": "string", "oneOf": CHOICES[:3]},
                "uniqueItems": True,
                "maxItems": 2,
            }
        },
        ["aides"],
    )
    with bind(defn, {"aides": ["v0", "v2"]}) as form:
        html = render(form)
    assert '<input type="checkbox" id="aides-0" name="aides" value="v0" checked>' in html
    assert '<input type="checkbox" id="aides-1" name="aides" value="v1">' in html
    assert _submit(bind, defn, {"aides": ["v0", "v2"]})[1] == {"aides": ["v0", "v2"]}
    assert _submit(bind, defn, {})[2] == {"aides": ["Sélectionnez une réponse."]}
    assert _submit(bind, defn, {"aides": ["v0", "v1", "v2"]})[2] == {
        "aides": ["Cochez au plus 2 réponses."]
    }
    assert _submit(bind, defn, {"aides": ["v0", "v0"]})[2] == {
        "aides": ["Chaque réponse ne peut être choisie qu'une fois."]
    }
    assert _submit(bind, defn, {"aides": ["zz"]})[2] == {
        "aides": ["Choisissez une des réponses proposées."]
    }


def test_hidden_widget_carries_its_default(bind, render):
    defn = definition(
        {"source": {"type": "string", "default": "web"}}, source={"ui:widget": "hidden"}
    )
    with bind(defn):
        prefilled = forms.form_from_answers(defn, {})
        assert '<input id="source" name="source" type="hidden" value="web">' in render(prefilled)
    assert _submit(bind, defn, {"source": "web"})[1] == {"source": "web"}


def test_nested_object_is_a_fieldset(bind, render):
    defn = definition(
        {
            "adresse": {
                "type": "object",
                "title": "Adresse",
                "properties": {
                    "voie": {"type": "string", "title": "Voie"},
                    "cp": {"type": "string", "title": "Code postal", "pattern": "^[0-9]{5}$"},
                },
                "required": ["voie"],
            }
        }
    )
    with bind(defn, {"adresse-voie": "1 rue Haute", "adresse-cp": "1"}) as form:
        assert not form.validate()
        html = render(form)
        answers = forms.answers_from_form(form)
    assert '<fieldset class="fieldset-group" id="adresse" tabindex="-1">' in html
    assert "<legend>Adresse</legend>" in html
    assert '<a href="#adresse-cp">Adresse — Code postal :' in html
    assert answers == {"adresse": {"voie": "1 rue Haute", "cp": "1"}}
    assert _submit(bind, defn, {"adresse-voie": "", "adresse-cp": ""})[:2] == (True, {})


def test_no_attribute_renders_as_the_text_none(bind, render):
    defn = example_definition()
    for step in ("vous", "enfants", "ressources"):
        with bind(defn, step=step) as form:
            html = render(form)
        assert '"None"' not in html
        assert ">None<" not in html
