import pytest

from app.schemes.bundles import validate_bundle
from app.testing.bundles import make_bundle


def _problems(app, logic):
    bundle = make_bundle()
    bundle["rules"]["criteria"][1]["logic"] = logic
    with app.app_context():
        return [str(p) for p in validate_bundle(bundle)]


@pytest.mark.parametrize(
    "logic",
    [
        {">=": [{"var": "form.courriel"}, 1]},  # text compared with a number
        {"==": [{"var": "form.nombre_enfants"}, True]},  # a number is not yes/no
        {"<=": [{"var": "sources.qf.quotient_familial.valeur"}, "800"]},  # a number vs a text
        {"==": [{"var": "sources.qf.quotient_familial.fournisseur"}, "CAF"]},  # not a choice value
        {"in": [{"var": "sources.qf.quotient_familial.fournisseur"}, ["CNAF", "URSSAF"]]},
        {"<": [0, {"var": "form.demandeur.sexe"}, 3]},  # between on a choice
    ],
)
def test_incompatible_types_are_refused(app, logic):
    problems = _problems(app, logic)
    assert len(problems) == 1, problems
    assert problems[0].startswith("/rules/criteria/1/logic : Types incompatibles")


@pytest.mark.parametrize(
    "logic",
    [
        {">=": [{"var": "form.nombre_enfants"}, 1]},
        {"<=": [1, {"var": "form.nombre_enfants"}, 12]},
        {"==": [{"var": "sources.qf.quotient_familial.fournisseur"}, "MSA"]},
        {"in": [{"var": "form.demandeur.sexe"}, ["F", "M"]]},
        {"<": [{"var": "form.demandeur.date_naissance"}, "2010-01-01"]},
        {"==": [{"var": "sources.qf.quotient_familial_calculable"}, True]},
        {"and": [{">": [{"var": "sources.qf.nombre_enfants"}, 0]}, {"var": "form.nombre_enfants"}]},
    ],
)
def test_compatible_comparisons_pass(app, logic):
    assert _problems(app, logic) == []
