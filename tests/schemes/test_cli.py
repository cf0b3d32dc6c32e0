import json

from app.schemes.services import scheme_by_slug
from app.testing.bundles import make_bundle


def test_import_publish_export_and_test(app, tmp_path, factories, create_habilitation):
    tenant = factories.tenant(slug="cli-schemes")
    create_habilitation(tenant, "api_particulier")
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(make_bundle(slug="aide-cli")), encoding="utf-8")
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["schemes", "import", str(path), "--tenant", "cli-schemes", "--publish"]
    )
    assert result.exit_code == 0, result.output
    assert "version 1 imported (published)" in result.output
    assert scheme_by_slug(tenant.id, "aide-cli").published_version is not None
    exported = runner.invoke(
        args=["schemes", "export", "aide-cli", "--tenant", "cli-schemes", "--published"]
    )
    assert json.loads(exported.output) == make_bundle(slug="aide-cli")
    tested = runner.invoke(args=["schemes", "test", "aide-cli", "--tenant", "cli-schemes"])
    assert tested.exit_code == 0
    assert "1 golden test(s) passed" in tested.output


def test_failing_golden_test_exits_1(app, tmp_path):
    bundle = make_bundle()
    bundle["tests"][0]["expected"]["eligible"] = False
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["schemes", "test", str(path)])
    assert result.exit_code == 1
    assert "FAILED" in result.output


def test_import_lists_problems_and_fails(app, tmp_path, dummy_tenant):
    bundle = make_bundle()
    bundle["rules"]["criteria"][0]["logic"] = {"method": [1]}
    path = tmp_path / "invalid.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    result = app.test_cli_runner().invoke(
        args=["schemes", "import", str(path), "--tenant", dummy_tenant.slug]
    )
    assert result.exit_code != 0
    assert "/rules/criteria/0/logic" in result.output
