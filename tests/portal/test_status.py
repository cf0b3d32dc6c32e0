"""The status page says what was granted when the aid is not (only) money."""

import datetime as dt
import html

from app.applications import pipeline
from app.schemes.services import scheme_by_slug
from app.seed import demo_identities
from app.tenants.context import tenant_by_slug

IDENTITIES = {i["id"]: i for entry in demo_identities() for i in entry["identities"]}


def _status_page(app, client, tenant_slug, scheme_slug, identity):
    with app.test_request_context():
        tenant = tenant_by_slug(tenant_slug)
        scheme = scheme_by_slug(tenant.id, scheme_slug)
        submitted = pipeline.submit(
            tenant, scheme, identity["answers"], origin="api:t", today=dt.date(2026, 11, 27)
        )
        pipeline.process(submitted.application)
    page = client.get(f"/c/{tenant_slug}/suivi/{submitted.status_token}")
    return html.unescape(page.get_data(as_text=True))


def test_equipment_granted_is_named(app, client, demo_platform, api_particulier_sandbox):
    page = _status_page(app, client, "haut-val", "ordinateur-college", IDENTITIES["martin-emma"])
    assert "Éligible" in page
    assert "Équipement : <strong>Ordinateur portable</strong>" in page
    assert "Montant de l" not in page


def test_voucher_granted_is_named_with_its_amount(
    app, client, demo_platform, impot_particulier_sandbox, demo_sandbox
):
    identity = IDENTITIES["spi-3999999943275"]
    page = _status_page(app, client, "terres-d-horizon", "pass-manuels", identity)
    assert "Bon d'achat : <strong>Pass manuels et équipement</strong>" in page
    assert "Montant de l'aide : <strong>200" in page
