"""Form-builder operations: pure functions on a definition, each result valid for app.forms."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app import forms
from app.schemes import builder_form
from app.schemes.builder_fields import KINDS
from app.schemes.builder_outline import condition_variables, pointers
from app.schemes.builder_values import BuilderError
from app.testing.bundles import TEST_BUNDLE


def definition() -> dict:
    return copy.deepcopy(TEST_BUNDLE["form"])


def add(form: dict, kind: str, name: str, **values) -> str:
    return builder_form.add_field(
        form, {"kind": kind, "name": name, "label": values.pop("label", name.title()), **values}
    )


def names(form: dict, step: int = 0) -> list[str]:
    return form["ui"]["ui:steps"][step]["fields"]


def test_every_kind_can_be_added_and_read_back():
    form = definition()
    extra = {
        "choice": {"options": "Collège\nlycee | Lycée"},
        "multi": {"options": "A\nB", "min_items": "1"},
        "hidden": {"default": "2026"},
        "checkbox": {"attestation": True},
        "file": {"accept": ["application/pdf"], "max_size_mb": "5"},
        "integer": {"minimum": "0", "maximum": "12"},
        "number": {"minimum": "0,5", "multiple_of": "0,01"},
        "text": {"max_length": "100", "pattern": "^[0-9]{7}$", "pattern_message": "7 chiffres"},
        "textarea": {"rows": "4"},
    }
    for kind in KINDS:
        add(form, kind, f"champ_{kind.replace('-', '_')}", **extra.get(kind, {}))
    builder_form.add_field(
        form, {"kind": "text", "name": "prenom", "label": "Prénom"}, parent="champ_group"
    )
    builder_form.add_field(
        form, {"kind": "text", "name": "ville", "label": "Ville"}, parent="champ_object"
    )
    assert forms.validate_definition(form) == []
    spec = forms.load_spec(form)
    assert spec.by_name["champ_choice"].choices[1].value == "lycee"
    assert spec.by_name["champ_choice"].choices[0].value == "college"
    assert form["schema"]["properties"]["champ_checkbox"]["const"] is True
    assert "champ_checkbox" in form["schema"]["required"]
    assert form["schema"]["properties"]["champ_number"]["multipleOf"] == 0.01
    for kind in KINDS:
        values = builder_form.field_values(form, f"champ_{kind.replace('-', '_')}")
        assert values["kind"] == kind


@pytest.mark.parametrize(
    ("values", "error"),
    [
        ({"kind": "text", "name": "Nom", "label": "Nom"}, "name"),
        ({"kind": "text", "name": "courriel", "label": "Doublon"}, "name"),
        ({"kind": "text", "name": "data", "label": "Réservé"}, "name"),
        ({"kind": "text", "name": "ok", "label": "  "}, "label"),
        ({"kind": "integer", "name": "n", "label": "N", "minimum": "5", "maximum": "2"}, "maximum"),
        ({"kind": "integer", "name": "n", "label": "N", "minimum": "1,5"}, "minimum"),
        ({"kind": "number", "name": "n", "label": "N", "minimum": "douze"}, "minimum"),
        ({"kind": "choice", "name": "c", "label": "C", "options": ""}, "options"),
        ({"kind": "choice", "name": "c", "label": "C", "options": "a | A\na | B"}, "options"),
        ({"kind": "text", "name": "t", "label": "T", "pattern": "([a-z"}, "pattern"),
        ({"kind": "volcan", "name": "v", "label": "V"}, "kind"),
    ],
)
def test_bad_input_is_refused_with_a_french_message_on_its_input(values, error):
    form = definition()
    before = copy.deepcopy(form)
    with pytest.raises(BuilderError) as refused:
        builder_form.add_field(form, values)
    assert set(refused.value.errors) == {error}
    assert form == before  # nothing half-applied


def test_a_file_cannot_go_into_a_group():
    form = definition()
    add(form, "group", "enfants")
    with pytest.raises(BuilderError):
        builder_form.add_field(
            form, {"kind": "file", "name": "piece", "label": "Pièce"}, parent="enfants"
        )


def test_update_keeps_unmanaged_keys_and_the_name():
    form = definition()
    form["schema"]["properties"]["courriel"]["$comment"] = "gardé"
    form["ui"]["courriel"] = {"ui:placeholder": "nom@exemple.fr"}
    values = builder_form.field_values(form, "courriel")
    builder_form.update_field(form, "courriel", {**values, "label": "Courriel", "required": False})
    prop = form["schema"]["properties"]["courriel"]
    assert prop == {"type": "string", "format": "email", "title": "Courriel", "$comment": "gardé"}
    assert form["ui"]["courriel"] == {"ui:placeholder": "nom@exemple.fr"}
    assert "courriel" not in form["schema"]["required"]


def test_moving_fields_crosses_steps_and_reorders_groups():
    form = definition()
    builder_form.move_field(form, "demandeur", +1)  # last of step 1 → first of step 2
    assert names(form, 0) == []
    assert names(form, 1) == ["demandeur", "courriel", "nombre_enfants"]
    builder_form.move_field(form, "nombre_enfants", -1)
    assert names(form, 1) == ["demandeur", "nombre_enfants", "courriel"]
    builder_form.move_field(form, "demandeur", -1)  # back into step 1
    assert names(form, 0) == ["demandeur"]
    add(form, "group", "enfants")
    for child in ("prenom", "niveau"):
        builder_form.add_field(
            form, {"kind": "text", "name": child, "label": child}, parent="enfants"
        )
    builder_form.move_field(form, "enfants.niveau", -1)
    assert list(form["schema"]["properties"]["enfants"]["items"]["properties"]) == [
        "niveau",
        "prenom",
    ]
    assert forms.validate_definition(form) == []


def test_steps_are_added_renamed_moved_and_deleted_when_empty():
    form = definition()
    step = builder_form.add_step(form, "Vos ressources", "Revenus du foyer")
    assert step == "vos-ressources"
    assert builder_form.add_step(form, "Vos ressources") == "vos-ressources-2"
    builder_form.update_step(form, step, "Ressources", "")
    builder_form.move_step(form, step, -1)
    assert [s["id"] for s in form["ui"]["ui:steps"]] == [
        "identite",
        "vos-ressources",
        "foyer",
        "vos-ressources-2",
    ]
    assert "description" not in form["ui"]["ui:steps"][1]
    with pytest.raises(BuilderError):
        builder_form.delete_step(form, "foyer")  # it holds fields
    builder_form.delete_step(form, step)
    builder_form.delete_step(form, "vos-ressources-2")
    assert forms.validate_definition(form) == []


def test_a_definition_without_steps_gets_one_when_edited():
    form = {
        "schema": {"type": "object", "properties": {"a": {"type": "string"}}},
        "ui": {"ui:order": ["a"], "ui:title": "Demande"},
    }
    add(form, "text", "b")
    assert form["ui"] == {
        "ui:steps": [{"id": "formulaire", "title": "Demande", "fields": ["a", "b"]}]
    }


def test_delete_removes_every_trace():
    form = definition()
    form["ui"]["courriel"] = {"ui:help": "aide"}
    builder_form.delete_field(form, "courriel")
    assert "courriel" not in form["schema"]["properties"]
    assert "courriel" not in form["schema"]["required"]
    assert "courriel" not in form["ui"]
    assert "courriel" not in names(form, 1)
    with pytest.raises(BuilderError):
        builder_form.delete_field(form, "courriel")


def test_condition_variables_and_pointers():
    form = definition()
    add(form, "yes-no", "allocataire")
    add(form, "group", "enfants")
    builder_form.add_field(
        form, {"kind": "yes-no", "name": "scolarise", "label": "Scolarisé"}, parent="enfants"
    )
    top = [v.path for v in condition_variables(form, "courriel")]
    assert "form.allocataire" in top
    assert "form.courriel" not in top
    assert "item.scolarise" not in top
    inner = [v.path for v in condition_variables(form, parent="enfants")]
    assert "item.scolarise" in inner
    assert "form.allocataire" in inner
    assert pointers(form, "enfants.scolarise") == (
        "/form/schema/properties/enfants/items/properties/scolarise",
        "/form/ui/enfants/items/scolarise",
    )


LABELS = st.text(
    alphabet=st.characters(categories=("L", "N", "Zs"), max_codepoint=0x17F),
    min_size=1,
    max_size=40,
).filter(str.strip)


@settings(max_examples=60, deadline=None)
@given(
    kind=st.sampled_from(["text", "textarea", "integer", "number", "yes-no", "date", "email"]),
    label=LABELS,
    required=st.booleans(),
    low=st.one_of(st.none(), st.integers(0, 50)),
    span=st.one_of(st.none(), st.integers(0, 50)),
)
def test_editor_values_round_trip(kind, label, required, low, span):
    """values → schema/ui → values → schema/ui gives the same document."""
    form = definition()
    values = {"kind": kind, "name": "champ", "label": label, "required": required}
    if kind in ("integer", "number"):
        values.update(minimum=low, maximum=None if low is None or span is None else low + span)
    if kind in ("text", "textarea"):
        values.update(min_length=low, max_length=None if span is None else (low or 0) + span + 1)
    builder_form.add_field(form, values)
    first = copy.deepcopy(form)
    builder_form.update_field(form, "champ", builder_form.field_values(form, "champ"))
    assert form == first
    assert forms.validate_definition(form) == []
