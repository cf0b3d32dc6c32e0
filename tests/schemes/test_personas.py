"""Golden tests as the builder edits and runs them."""

from __future__ import annotations

from app.schemes import personas
from app.schemes.variables import builder_variables
from app.testing.bundles import make_bundle


def test_values_are_read_and_written_by_path():
    case = {"name": "x", "form": {"a": 1}, "sources": {"qf": {"quotient_familial": {"valeur": 9}}}}
    assert personas.get_path(case, "sources.qf.quotient_familial.valeur") == 9
    assert personas.get_path(case, "form.b") is None
    personas.set_path(case, "form.foyer.taille", 3)
    personas.set_path(case, "sources.qf.quotient_familial.valeur", None)
    assert case["form"] == {"a": 1, "foyer": {"taille": 3}}
    assert case["sources"] == {}  # emptied objects are pruned, « sources » is kept
    rest = personas.without(case, ["form.foyer.taille"])
    assert rest["form"] == {"a": 1}
    assert case["form"]["foyer"] == {"taille": 3}  # a copy


def test_the_inputs_are_the_values_the_rules_read(app):
    bundle = make_bundle()
    with app.app_context():
        inputs = personas.read_variables(bundle["rules"], builder_variables(bundle))
    assert [v.path for v in inputs] == [
        "form.nombre_enfants",
        "sources.qf.quotient_familial.valeur",
    ]


def test_run_explains_each_persona(app):
    bundle = make_bundle()
    bundle["tests"].append(
        {"name": "sans QF", "form": {"nombre_enfants": 1}, "expected": {"eligible": True}}
    )
    with app.app_context():
        ok, missing = personas.run(bundle)
    assert ok.passed
    assert ok.explanation[-1].startswith("Montant de l'aide : 200")
    assert not missing.passed
    assert missing.differences == ("éligibilité attendue : oui, obtenue : indéterminée",)
    bundle["rules"]["criteria"][0]["logic"] = {"method": []}
    assert personas.run(bundle) is None
