"""``flask datasources list | check ID --tenant SLUG | purge-cache``."""

from typing import Any

from plugins.sandboxes.api_particulier import mint


def test_list(app: Any, db_session: Any) -> None:
    result = app.test_cli_runner().invoke(args=["datasources", "list"])
    assert result.exit_code == 0
    for source_id in (
        "api_particulier.quotient_familial",
        "impot_particulier.situation_ir",
        "demo.annuaire",
    ):
        assert source_id in result.output
    assert "cnaf_quotient_familial" in result.output


def test_check(
    app: Any, dummy_tenant: Any, create_habilitation: Any, api_particulier_sandbox: Any
) -> None:
    runner = app.test_cli_runner()
    args = ["datasources", "check", "api_particulier.quotient_familial", "--tenant", "commune-test"]
    missing = runner.invoke(args=args)
    assert missing.exit_code != 0
    assert "aucune habilitation" in missing.output
    create_habilitation(dummy_tenant, secrets={"token": mint(["cnaf_quotient_familial"])})
    ok = runner.invoke(args=args)
    assert ok.exit_code == 0, ok.output
    assert ok.output.startswith("OK  Connexion réussie")
    assert "Droits du jeton : cnaf_quotient_familial" in ok.output
    api_particulier_sandbox.app.extensions["sandbox"].faults.push("401")
    failed = runner.invoke(args=args)
    assert failed.exit_code == 1
    assert failed.output.startswith("ÉCHEC")
    assert (
        runner.invoke(args=["datasources", "check", "nope", "--tenant", "commune-test"]).exit_code
        != 0
    )
    assert runner.invoke(args=[*args[:3], "--tenant", "inconnue"]).exit_code != 0


def test_purge_cache(app: Any, db_session: Any) -> None:
    result = app.test_cli_runner().invoke(args=["datasources", "purge-cache"])
    assert result.exit_code == 0
    assert "supprimée" in result.output
