import copy
import json

import pytest

from app.schemes.bundles import InvalidBundle, export_bundle, import_bundle, validate_bundle
from app.testing.bundles import make_bundle


def test_the_test_bundle_is_valid(app):
    with app.app_context():
        assert validate_bundle(make_bundle()) == []


def test_import_export_import_round_trips_identically(app, dummy_tenant):
    bundle = make_bundle(slug="aller-retour", opens_at="2026-08-15", closes_at="2026-10-31")
    with app.test_request_context():
        scheme, _ = import_bundle(dummy_tenant.id, copy.deepcopy(bundle), actor=None)
        exported = export_bundle(scheme)
        assert exported == bundle
        scheme_again, version = import_bundle(
            dummy_tenant.id, json.loads(json.dumps(exported)), actor=None
        )
        assert scheme_again.id == scheme.id
        assert export_bundle(scheme_again, version) == bundle


def test_broken_bundle_lists_every_error_with_its_path(app):
    bundle = make_bundle()
    bundle["format"] = "autre/v9"
    bundle["slug"] = "Pas Un Slug"
    bundle["unknown"] = 1
    bundle["form"]["ui"]["ui:steps"][0]["fields"] = ["demandeur", "inexistant"]
    bundle["rules"]["criteria"][0]["logic"] = {"method": ["x", "y"]}
    bundle["rules"]["criteria"].append(
        {"id": "revenu", "label": "Revenu", "logic": {"<": [{"var": "form.revenu"}, 10]}}
    )
    bundle["data_sources"][0]["source"] = "api_inconnue.source"
    bundle["benefit"] = {"kind": "cadeau"}
    bundle["opens_at"] = "2026-10-01"
    bundle["closes_at"] = "2026-09-01"
    with app.app_context():
        problems = validate_bundle(bundle)
    paths = {p.path for p in problems}
    for expected in (
        "/format",
        "/slug",
        "",
        "/benefit/kind",
        "/data_sources/0/source",
        "/closes_at",
    ):
        assert expected in paths, (expected, [str(p) for p in problems])
    assert any(p.path.startswith("/form/ui") for p in problems)
    assert any(
        p.path.startswith("/rules/criteria/0/logic") and "method" in p.message for p in problems
    )
    assert all(p.message and not p.message.startswith("'") for p in problems)


def test_rules_reading_unknown_variables_are_reported(app):
    bundle = make_bundle()
    bundle["rules"]["criteria"][1]["logic"] = {">=": [{"var": "form.nombre_enfant"}, 1]}
    bundle["rules"]["amount"] = {"*": [{"var": "sources.qf.montant"}, 2]}
    with app.app_context():
        problems = validate_bundle(bundle)
    assert [str(p) for p in problems] == [
        "/rules/criteria/1/logic : Variable inconnue : « form.nombre_enfant » (ni champ du "
        "formulaire, ni donnée d'une source)",
        "/rules/amount : Variable inconnue : « sources.qf.montant »",
    ]


def test_mapping_to_missing_identity_block_or_input(app):
    bundle = make_bundle()
    bundle["data_sources"][0]["identity"] = "enfant"
    bundle["data_sources"][0]["inputs"] = {"inconnue": {"const": 1}, "annee": {"field": "form.x"}}
    with app.app_context():
        problems = {str(p) for p in validate_bundle(bundle)}
    assert (
        "/data_sources/0/identity : « enfant » n'est pas un bloc d'identité du formulaire"
        in problems
    )
    assert "/data_sources/0/inputs/inconnue : La source n'a pas d'entrée « inconnue »" in problems
    assert any(p.startswith("/data_sources/0/inputs/annee/field") for p in problems)


def test_import_refuses_invalid_bundles_without_storing_anything(app, dummy_tenant):
    from app.schemes.services import scheme_by_slug

    bundle = make_bundle(slug="cassee")
    del bundle["rules"]
    with app.test_request_context(), pytest.raises(InvalidBundle) as caught:
        import_bundle(dummy_tenant.id, bundle, actor=None)
    assert caught.value.problems
    assert scheme_by_slug(dummy_tenant.id, "cassee") is None


def test_every_kind_of_problem_is_reported_at_once_without_repeats(app):
    bundle = make_bundle()
    bundle["data_sources"][0]["source"] = "api_inconnue.source"  # a mapping problem
    bundle["rules"]["criteria"][1]["logic"] = {">=": [{"var": "form.inexistant"}, 1]}
    bundle["form"]["schema"]["properties"]["nombre_enfants"]["minimum"] = "zéro"
    with app.app_context():
        problems = validate_bundle(bundle)
    paths = [p.path for p in problems]
    assert "/data_sources/0/source" in paths
    assert any(p.startswith("/form/schema/properties/nombre_enfants") for p in paths)
    assert len(paths) == len(set(paths)), [str(p) for p in problems]
    bundle["form"]["schema"]["properties"]["nombre_enfants"]["minimum"] = 0
    with app.app_context():
        problems = validate_bundle(bundle)
    assert "/rules/criteria/1/logic" in [p.path for p in problems]  # despite the mapping problem
