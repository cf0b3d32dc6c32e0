"""Saving builder changes: always the draft, refused when the edited part breaks, warned when
another part now has a problem, unfinished forms tolerated."""

from __future__ import annotations

import pytest

from app.schemes import builder_form, drafts, services
from app.schemes.models import VersionState
from app.testing.bundles import make_bundle


@pytest.fixture
def scheme(app, factories, create_habilitation):
    tenant = factories.tenant()
    create_habilitation(tenant, "api_particulier")
    return factories.scheme(tenant)  # published version 1


def test_editing_a_published_scheme_starts_a_draft_and_never_touches_the_published_one(app, scheme):
    published = scheme.published_version
    before = dict(published.content)
    with app.test_request_context():
        saved, _ = drafts.edit(
            scheme,
            lambda b: builder_form.update_step(b["form"], "foyer", "Votre famille"),
            part="form",
            change="step.updated",
            actor=None,
        )
    assert saved.version.number == 2
    assert saved.version.state is VersionState.DRAFT
    assert published.content == before
    assert published.state is VersionState.PUBLISHED
    assert drafts.working_version(scheme).id == saved.version.id


def test_a_change_breaking_its_part_is_refused_and_nothing_is_saved(app, scheme):
    def operation(bundle):
        bundle["rules"]["criteria"][0]["logic"] = {"<=": [{"var": "form.inconnu"}, 1]}

    with app.test_request_context(), pytest.raises(drafts.ChangeRefused) as refused:
        drafts.edit(scheme, operation, part="rules", change="x", actor=None)
    assert refused.value.problems[0].path == "/rules/criteria/0/logic"
    assert "form.inconnu" in refused.value.problems[0].message
    assert scheme.draft_version is None


def test_a_problem_caused_elsewhere_is_saved_and_reported(app, scheme):
    with app.test_request_context():
        saved, _ = drafts.edit(
            scheme,
            lambda b: builder_form.delete_field(b["form"], "nombre_enfants"),
            part="form",
            change="field.deleted",
            actor=None,
        )
    assert "nombre_enfants" not in saved.version.content["form"]["schema"]["properties"]
    assert [p.path for p in saved.warnings] == ["/rules/criteria/1/logic", "/rules/amount"]


def test_an_unfinished_form_is_not_a_problem(app, factories):
    tenant = factories.tenant()
    with app.test_request_context():
        bundle = drafts.blank_bundle("aide", "Aide", "voucher")
        scheme = services.create_scheme(tenant.id, bundle, actor=None)
        assert drafts.problems_of(drafts.working_bundle(scheme)) == []
        saved, step = drafts.edit(
            scheme,
            lambda b: builder_form.add_step(b["form"], "Deuxième étape"),
            part="form",
            change="step.added",
            actor=None,
        )
    assert step == "deuxieme-etape"
    assert saved.warnings == []


def test_settings_without_versioned_changes_keep_the_published_version(app, scheme):
    with app.test_request_context():
        bundle = drafts.working_bundle(scheme)
        values = drafts.settings_values(bundle)
        drafts.apply_settings(bundle, {**values, "title": "Nouveau titre"})
        drafts.save_settings(scheme, bundle, actor=None)
        assert scheme.title == "Nouveau titre"
        assert scheme.draft_version is None
        drafts.apply_settings(bundle, {**values, "retention_months": 36})
        saved = drafts.save_settings(scheme, bundle, actor=None)
    assert saved.version.state is VersionState.DRAFT
    assert saved.version.content["retention"] == {"months": 36}


def test_settings_refuse_a_slug_already_used(app, scheme):
    with app.test_request_context():
        second = services.create_scheme(scheme.tenant_id, make_bundle(slug="autre"), actor=None)
        bundle = drafts.working_bundle(second)
        bundle["slug"] = scheme.slug
        with pytest.raises(drafts.ChangeRefused) as refused:
            drafts.save_settings(second, bundle, actor=None)
    assert refused.value.problems[-1].path == "/slug"
