import pytest


@pytest.fixture
def commune(factories, create_habilitation, api_particulier_sandbox):
    tenant = factories.tenant(slug="val-test")
    create_habilitation(tenant, "api_particulier")
    return tenant


@pytest.fixture
def scheme(factories, commune):
    return factories.scheme(commune, slug="rentree")
