"""``load_demo_schemes``: imports and publishes once; running it again changes nothing; an
administrator's work is never overwritten."""

import copy
import json

from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.core.db import db
from app.schemes import services
from app.schemes.models import Scheme, SchemeVersion, VersionState
from app.seed import demo_bundles, load_demo_schemes
from app.tenants.context import tenant_by_slug


def _counts():
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Scheme, SchemeVersion, AuditEvent)
    )


def _scheme(tenant_slug, slug):
    return services.scheme_by_slug(tenant_by_slug(tenant_slug).id, slug)


def _write(directory, bundles):
    for tenant, bundle in bundles:
        (directory / tenant).mkdir(exist_ok=True)
        (directory / tenant / f"{bundle['slug']}.json").write_text(json.dumps(bundle))


def test_demo_schemes_are_published_once(app, demo_platform):
    assert demo_platform == {"created": 4, "updated": 0, "unchanged": 0, "kept": 0}
    with app.test_request_context():
        schemes = db.session.scalars(select(Scheme)).all()
        assert len(schemes) == 4
        assert all(s.published_version and s.published_version.number == 1 for s in schemes)
        assert all(s.draft_version is None for s in schemes)


def test_running_it_twice_changes_nothing(app, demo_platform):
    with app.test_request_context():
        before = _counts()
        hashes = set(db.session.scalars(select(SchemeVersion.content_hash)))
        assert load_demo_schemes() == {"created": 0, "updated": 0, "unchanged": 4, "kept": 0}
        assert _counts() == before
        assert set(db.session.scalars(select(SchemeVersion.content_hash))) == hashes


def test_a_changed_seed_publishes_a_new_version(app, demo_platform, tmp_path):
    bundles = copy.deepcopy(demo_bundles())
    for _tenant, bundle in bundles:
        if bundle["slug"] == "bourse-etudiants":
            bundle["rules"]["criteria"][0]["label"] = "Étudiant boursier du CROUS"
        if bundle["slug"] == "pass-manuels":
            bundle["title"] = "Pass manuels des lycéens"  # metadata only: no new version
    _write(tmp_path, bundles)
    with app.test_request_context():
        assert load_demo_schemes(tmp_path) == {
            "created": 0,
            "updated": 2,
            "unchanged": 2,
            "kept": 0,
        }
        bourse = _scheme("val-fleuri", "bourse-etudiants")
        assert [v.number for v in bourse.versions] == [1, 2]
        assert bourse.published_version.number == 2
        assert bourse.versions[0].state is VersionState.SUPERSEDED
        passe = _scheme("terres-d-horizon", "pass-manuels")
        assert passe.title == "Pass manuels des lycéens"
        assert [v.number for v in passe.versions] == [1]
        audited = db.session.scalars(
            select(AuditEvent.object_id).where(AuditEvent.action == "scheme.metadata_updated")
        ).all()
        assert audited == [str(passe.id)]
        assert load_demo_schemes(tmp_path)["unchanged"] == 4


def test_an_administrators_work_is_kept(app, demo_platform, tmp_path, create_user):
    admin = create_user()
    bundles = copy.deepcopy(demo_bundles())
    for _tenant, bundle in bundles:
        bundle["title"] += " (nouvelle version du jeu de démonstration)"
    _write(tmp_path, bundles)
    with app.test_request_context():
        allocation = _scheme("val-fleuri", "allocation-rentree")
        services.new_draft_from_published(allocation, actor=admin)  # being edited
        ordinateur = _scheme("haut-val", "ordinateur-college")
        services.new_draft_from_published(ordinateur, actor=admin)
        services.publish(ordinateur, actor=admin, problems=[])  # republished by an admin
        assert load_demo_schemes(tmp_path) == {
            "created": 0,
            "updated": 2,
            "unchanged": 0,
            "kept": 2,
        }
        assert "nouvelle version" not in allocation.title
        assert allocation.draft_version.number == 2
        assert "nouvelle version" not in ordinateur.title
