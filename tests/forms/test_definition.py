"""Checking definitions: every problem at once, each with its path and a French message."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from app import forms
from app.forms.base import RESERVED_NAMES
from tests.forms.samples import definition, example_definition

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas" / "forms" / "v1"


def test_the_example_is_valid():
    assert forms.validate_definition(example_definition()) == []


def test_not_an_object():
    assert forms.validate_definition([]) == [
        forms.Problem("", "La définition doit être un objet JSON.")
    ]


def test_every_problem_is_reported_at_once_with_its_path():
    bad = {
        "schema": {
            "type": "object",
            "properties": {
                "nom": {"type": "string", "if": {}, "minimum": 3},
                "Nom": {"type": "string"},
                "data": {"type": "string"},
                "age": {"type": "integer", "minimum": 10, "maximum": 1, "default": "x"},
                "motif": {"type": "string", "pattern": "(", "format": "uri"},
                "listes": {"type": "array", "items": {"type": "array"}},
                "enfants": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {"piece": {"type": "string", "format": "tremplin-file"}},
                    },
                },
                "choix": {"type": "string", "enum": ["a", 1]},
                "sans_type": {"title": "?"},
                "identite": {"type": "object", "properties": {"x": {"type": "string"}}},
            },
            "required": ["nom", "inconnu"],
        },
        "ui": {
            "ui:order": ["nom"],
            "ui:steps": [
                {"id": "a", "title": "A", "fields": ["nom", "fantome"]},
                {"id": "a", "title": "A bis", "fields": ["nom", "age"]},
            ],
            "ui:truc": 1,
            "absent": {"ui:title": "?"},
            "age": {"ui:widget": "checkboxes"},
            "identite": {"ui:field": "identite"},
        },
    }
    problems = {(p.path, p.message) for p in forms.validate_definition(bad)}
    expected = {
        ("/schema/properties/nom/if", "Mot-clé non pris en charge : « if » (voir docs/forms.md)."),
        ("/schema/properties/nom/minimum", "Mot-clé « minimum » sans effet sur ce type de champ."),
        ("/schema/properties/Nom", None),
        ("/schema/properties/data", "Nom de champ réservé : « data » ; choisissez un autre nom."),
        ("/schema/properties/age", "« minimum » est plus grand que « maximum »."),
        ("/schema/properties/age/default", "La valeur par défaut ne respecte pas le champ."),
        ("/schema/properties/motif/format", None),
        ("/schema/properties/motif/pattern", None),
        ("/schema/properties/listes", None),
        (
            "/schema/properties/enfants/items/properties/piece",
            "Un fichier ne peut être demandé qu'au premier niveau du formulaire.",
        ),
        ("/schema/properties/choix", "Chaque valeur proposée doit être du type du champ."),
        ("/schema/properties/sans_type", "Indiquez le type du champ (« type »)."),
        ("/schema/required", "Champ obligatoire inconnu : « inconnu »."),
        ("/ui/ui:truc", "Clé d'interface non prise en charge : « ui:truc »."),
        ("/ui/absent", "Champ inconnu dans l'interface : « absent »."),
        ("/ui/age/ui:widget", "Le widget « checkboxes » ne convient pas à ce champ."),
        ("/ui/identite/ui:field", None),
        (
            "/ui/ui:order",
            "Avec des étapes, l'ordre des champs est celui de chaque étape (ui:steps).",
        ),
        ("/ui/ui:steps/0/fields", "Champ inconnu : « fantome »."),
        ("/ui/ui:steps/1/id", "Deux étapes ont l'identifiant « a »."),
        ("/ui/ui:steps/1/fields", "Le champ « nom » est déjà dans l'étape « a »."),
        ("/ui/ui:steps", "Le champ « choix » n'est dans aucune étape."),
    }
    for path, message in expected:
        at_path = {m for p, m in problems if p == path}
        assert at_path, f"no problem reported at {path}: {sorted(problems)}"
        if message is not None:
            assert message in at_path, (path, at_path)


def test_problems_are_sorted_and_serialisable():
    problems = forms.validate_definition(
        definition({"b": {"type": "string", "x": 1}, "a": {"type": "nope"}})
    )
    assert problems == sorted(problems)
    assert problems[0].as_json() == {"path": problems[0].path, "message": problems[0].message}


def test_semantic_rules():
    cases = [
        (
            definition({"cp": {"type": "string"}}, cp={"ui:widget": "code-postal"}),
            "/ui/cp/ui:widget",
        ),
        (definition({"h": {"type": "string"}}, h={"ui:widget": "hidden"}), "/ui/h/ui:widget"),
        (
            definition({"t": {"type": "string"}}, t={"ui:options": {"accept": ["image/png"]}}),
            "/ui/t/ui:options/accept",
        ),
        (
            definition(
                {
                    "n": {
                        "type": "string",
                        "oneOf": [{"const": "a", "title": "A"}, {"const": "a", "title": "B"}],
                    }
                }
            ),
            "/schema/properties/n",
        ),
        (
            definition({"i": {"$ref": forms.IDENTITY_SCHEMA_ID, "minLength": 1}}),
            "/schema/properties/i",
        ),
        (definition({"x": {"$ref": "#/$defs/autre"}}), "/schema/properties/x/$ref"),
    ]
    for defn, path in cases:
        paths = [p.path for p in forms.validate_definition(defn)]
        assert path in paths, (path, paths)


def test_nesting_is_bounded():
    inner: dict = {"type": "object", "properties": {"x": {"type": "string"}}}
    for _ in range(5):
        inner = {"type": "object", "properties": {"o": inner}}
    problems = forms.validate_definition(definition({"o": inner}))
    assert any("Trop de niveaux" in p.message for p in problems)


def test_reserved_names_cover_the_form_attributes():
    for name in ("data", "errors", "validate", "meta", "process", "csrf_token", "populate_obj"):
        assert name in RESERVED_NAMES


def test_an_invalid_definition_cannot_build_a_form():
    with pytest.raises(forms.InvalidDefinition) as raised:
        forms.build_form_class(definition({"a": {"type": "nope"}}))
    assert raised.value.problems[0].path == "/schema/properties/a/type"


def test_published_schemas_are_valid_draft_2020_12():
    for path in sorted(SCHEMAS.glob("*.schema.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(document)
        assert document["$id"] == f"https://schemas.tremplin.fr/forms/v1/{path.name}"


def test_the_documentation_example_is_valid():
    text = (Path(__file__).resolve().parents[2] / "docs" / "forms.md").read_text(encoding="utf-8")
    example = json.loads(re.search(r"```json\n(.*?)```", text, re.DOTALL).group(1))
    assert forms.validate_definition(example) == []
