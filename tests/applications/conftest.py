import datetime as dt

import pytest

TODAY = dt.date(2026, 9, 1)


@pytest.fixture
def commune(factories, create_habilitation, api_particulier_sandbox):
    """A collectivité with an API Particulier habilitation on the sandbox."""
    tenant = factories.tenant(slug="commune-pipeline")
    create_habilitation(tenant, "api_particulier")
    return tenant


@pytest.fixture
def scheme(factories, commune):
    """The test bundle, published."""
    return factories.scheme(commune)
