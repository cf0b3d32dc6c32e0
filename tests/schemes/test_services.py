import datetime as dt

import pytest

from app.applications import pipeline
from app.core.db import db
from app.schemes import services
from app.schemes.models import ImmutableVersionError, VersionState
from app.testing.bundles import answers_for, make_bundle

TODAY = dt.date(2026, 9, 1)


def test_published_content_is_immutable(app, factories, dummy_tenant):
    scheme = factories.scheme(dummy_tenant)
    version = scheme.published_version
    version.content = {**version.content, "benefit": {"kind": "voucher"}}
    with pytest.raises(ImmutableVersionError):
        db.session.flush()
    db.session.rollback()


def test_superseding_keeps_existing_applications_on_their_version(
    app, factories, create_habilitation, api_particulier_sandbox
):
    tenant = factories.tenant(slug="supersede")
    create_habilitation(tenant, "api_particulier")
    scheme = factories.scheme(tenant)
    first = scheme.published_version
    with app.test_request_context():
        submitted = pipeline.submit(
            tenant, scheme, answers_for("martin"), origin="api:1", today=TODAY
        )
        bundle = make_bundle(slug=scheme.slug)
        bundle["rules"]["amount"] = {"*": [150, {"var": "form.nombre_enfants"}]}
        services.save_draft(scheme, bundle, actor=None)
        second = services.publish(scheme, actor=None, problems=[])
    assert first.state is VersionState.SUPERSEDED
    assert second.number == 2
    assert scheme.published_version.id == second.id
    assert submitted.application.scheme_version_id == first.id
    assert first.content["rules"]["amount"] == {"*": [100, {"var": "form.nombre_enfants"}]}


def test_closing_stops_new_applications(app, factories, dummy_tenant):
    scheme = factories.scheme(dummy_tenant)
    assert scheme.is_open(TODAY)
    with app.test_request_context():
        services.close_scheme(scheme, actor=None)
        assert not scheme.is_open(TODAY)
        with pytest.raises(pipeline.SchemeClosed):
            pipeline.submit(
                dummy_tenant, scheme, answers_for("martin"), origin="api:2", today=TODAY
            )
        services.reopen_scheme(scheme, actor=None)
    assert scheme.is_open(TODAY)


def test_dates_bound_the_opening(factories, dummy_tenant):
    scheme = factories.scheme(dummy_tenant, opens_at="2026-09-01", closes_at="2026-09-30")
    assert not scheme.is_open(dt.date(2026, 8, 31))
    assert scheme.is_open(dt.date(2026, 9, 1))
    assert scheme.is_open(dt.date(2026, 9, 30))
    assert not scheme.is_open(dt.date(2026, 10, 1))


def test_new_draft_from_published_copies_the_content(app, factories, dummy_tenant):
    scheme = factories.scheme(dummy_tenant)
    with app.test_request_context():
        draft = services.new_draft_from_published(scheme, actor=None)
    assert draft.state is VersionState.DRAFT
    assert draft.number == 2
    assert draft.content == scheme.published_version.content
