"""Publishing is refused for each failing precondition, with the reason listed."""

import pytest

from app.schemes import services
from app.schemes.bundles import import_bundle
from app.schemes.models import VersionState
from app.schemes.publishing import publication_problems
from app.testing.bundles import make_bundle


@pytest.fixture
def tenant(factories, create_habilitation):
    tenant = factories.tenant(slug="publication")
    create_habilitation(tenant, "api_particulier")
    return tenant


def _problems(app, tenant, bundle):
    with app.test_request_context():
        scheme = services.create_scheme(tenant.id, bundle, actor=None)
        return publication_problems(tenant, scheme, scheme.draft_version)


def test_a_complete_scheme_can_be_published(app, tenant):
    with app.test_request_context():
        scheme, version = import_bundle(tenant.id, make_bundle(), actor=None)
        assert publication_problems(tenant, scheme, version) == []
        services.publish(scheme, actor=None, problems=[])
        assert version.state is VersionState.PUBLISHED
        assert scheme.published_version.id == version.id


def test_refused_when_the_form_is_invalid(app, tenant):
    bundle = make_bundle()
    bundle["form"]["schema"]["properties"]["nombre_enfants"]["type"] = "tableau"
    assert any("/form/" in p for p in _problems(app, tenant, bundle))


def test_refused_when_the_rules_are_invalid(app, tenant):
    bundle = make_bundle()
    bundle["rules"]["criteria"][0]["logic"] = {"exec": ["os.system"]}
    problems = _problems(app, tenant, bundle)
    assert any("/rules/criteria/0/logic" in p and "exec" in p for p in problems)


def test_refused_when_a_rule_reads_an_unknown_variable(app, tenant):
    bundle = make_bundle()
    bundle["rules"]["criteria"][0]["logic"] = {"<=": [{"var": "sources.qf.qf"}, 800]}
    assert any("Variable inconnue : « sources.qf.qf »" in p for p in _problems(app, tenant, bundle))


def test_refused_without_an_active_habilitation(app, factories):
    other = factories.tenant(slug="sans-habilitation")
    problems = _problems(app, other, make_bundle())
    assert problems
    assert all(p.startswith("Habilitation") for p in problems)


def test_refused_when_a_golden_test_fails(app, tenant):
    bundle = make_bundle()
    bundle["tests"][0]["expected"]["amount"] = "300.00"
    [problem] = _problems(app, tenant, bundle)
    assert problem.startswith("Cas de test « QF 150, deux enfants » en échec")


def test_refused_without_golden_tests(app, tenant):
    problems = _problems(app, tenant, make_bundle(tests=[]))
    assert problems == ["Cas de test — ajoutez au moins un cas de test (persona) avant de publier"]


def test_publish_raises_with_every_reason(app, tenant):
    with app.test_request_context():
        scheme = services.create_scheme(tenant.id, make_bundle(tests=[]), actor=None)
        with pytest.raises(services.PublicationRefused) as caught:
            services.publish(scheme, actor=None, problems=["a", "b"])
    assert caught.value.reasons == ["a", "b"]
    assert scheme.published_version is None
