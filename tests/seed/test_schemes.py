"""Every demo scheme bundle is valid, its golden tests pass, and its collectivité may publish it."""

import datetime as dt
import json

import pytest

from app import rules
from app.schemes.bundles import export_bundle, validate_bundle
from app.schemes.publishing import publication_problems
from app.schemes.services import scheme_by_slug
from app.seed import SCHEMES_DIR, SEED_DIR, demo_bundles
from app.tenants.context import tenant_by_slug

BUNDLES = demo_bundles()
IDS = [f"{tenant}/{bundle['slug']}" for tenant, bundle in BUNDLES]
DEMO_TENANTS = {t["slug"] for t in json.loads((SEED_DIR / "demo.json").read_text())["tenants"]}
DEMO_DAY = dt.date(2026, 11, 27)


def test_there_is_a_demo_scheme_for_every_demo_collectivite():
    assert {tenant for tenant, _ in BUNDLES} == DEMO_TENANTS
    assert len(BUNDLES) == 4


@pytest.mark.parametrize(("tenant", "bundle"), BUNDLES, ids=IDS)
def test_bundle_is_valid_and_named_after_its_file(app, tenant, bundle):
    assert (SCHEMES_DIR / tenant / f"{bundle['slug']}.json").is_file()
    with app.app_context():
        assert [str(p) for p in validate_bundle(bundle)] == []


@pytest.mark.parametrize(("tenant", "bundle"), BUNDLES, ids=IDS)
def test_golden_tests_pass_and_cover_every_outcome(app, tenant, bundle):
    report = rules.run_golden_tests(bundle["rules"], bundle["tests"], today=DEMO_DAY)
    assert report.passed, report.summary()
    outcomes = {persona["expected"]["eligible"] for persona in bundle["tests"]}
    assert outcomes == {True, False, "undetermined"}


@pytest.mark.parametrize(("tenant", "bundle"), BUNDLES, ids=IDS)
def test_demo_collectivite_may_publish_it_and_it_is_open(app, demo_platform, tenant, bundle):
    with app.test_request_context():
        collectivite = tenant_by_slug(tenant)
        scheme = scheme_by_slug(collectivite.id, bundle["slug"])
        version = scheme.published_version
        assert publication_problems(collectivite, scheme, version) == []
        assert scheme.is_open(DEMO_DAY)
        assert scheme.is_open(dt.date(2030, 1, 1)), "the demo must stay usable for a long time"
        exported = export_bundle(scheme, version)
    assert exported == {k: v for k, v in bundle.items() if k != "$schema"}
