"""Every identity of ``seed/demo-identities.json`` (what the demo page tells newcomers to type) is
submitted to its demo scheme, over real HTTP against the sandboxes: the decision and the amount
are the documented ones."""

import datetime as dt
from decimal import Decimal

import pytest

from app.applications import pipeline
from app.applications.models import ApplicationState
from app.forms import validate_answers
from app.schemes.services import scheme_by_slug
from app.seed import demo_bundles, demo_identities
from app.tenants.context import tenant_by_slug

DEMO_DAY = dt.date(2026, 11, 27)
CASES = [
    (entry["tenant"], entry["scheme"], identity)
    for entry in demo_identities()
    for identity in entry["identities"]
]
BUNDLES = {(tenant, bundle["slug"]): bundle for tenant, bundle in demo_bundles()}


def test_identities_cover_every_demo_scheme_and_decision():
    assert {(tenant, scheme) for tenant, scheme, _ in CASES} == set(BUNDLES)
    assert len({identity["id"] for _, _, identity in CASES}) == len(CASES)
    for tenant, scheme in BUNDLES:
        states = {i["expected"]["state"] for t, s, i in CASES if (t, s) == (tenant, scheme)}
        assert {"eligible", "ineligible", "to_review"} <= states, (tenant, scheme)
    assert any(identity["expected"]["state"] == "verifying" for _, _, identity in CASES)


@pytest.mark.parametrize(("tenant", "slug", "identity"), CASES, ids=[c[2]["id"] for c in CASES])
def test_answers_are_valid_for_the_form(tenant, slug, identity):
    form = BUNDLES[(tenant, slug)]["form"]
    assert validate_answers(form, identity["answers"]) == []


@pytest.mark.parametrize(("tenant", "slug", "identity"), CASES, ids=[c[2]["id"] for c in CASES])
def test_identity_yields_the_documented_decision(
    app,
    demo_platform,
    api_particulier_sandbox,
    impot_particulier_sandbox,
    demo_sandbox,
    tenant,
    slug,
    identity,
):
    with app.test_request_context():
        collectivite = tenant_by_slug(tenant)
        scheme = scheme_by_slug(collectivite.id, slug)
        submitted = pipeline.submit(
            collectivite,
            scheme,
            identity["answers"],
            origin=f"demo:{identity['id']}",
            contact_email=identity["answers"].get("courriel"),
            today=DEMO_DAY,
        )
        application = pipeline.process(submitted.application, today=DEMO_DAY)
    expected = identity["expected"]
    assert application.state is ApplicationState(expected["state"]), application.evaluation
    amount = expected["amount"]
    assert application.amount == (Decimal(amount) if amount is not None else None)
    if application.state is ApplicationState.VERIFYING:
        assert application.next_attempt_at is not None
        assert all(error["retryable"] for error in application.source_errors.values())
    elif application.state is ApplicationState.TO_REVIEW:
        assert [e["kind"] for e in application.source_errors.values()] == ["not_found"]
    else:
        assert application.source_errors == {}
