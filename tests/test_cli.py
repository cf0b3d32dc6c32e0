from app.core.db import db
from app.tenants.models import Tenant


def test_tenants_create_and_list(app, db_session):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "tenants",
            "create",
            "--slug",
            "cli-commune",
            "--name",
            "Commune CLI",
            "--kind",
            "commune",
            "--siret",
            "13002526500013",
            "--cog",
            "33063",
            "--email",
            "cli@commune.fr",
        ]
    )
    assert result.exit_code == 0, result.output
    assert db.session.scalar(db.select(Tenant).where(Tenant.slug == "cli-commune"))
    listing = runner.invoke(args=["tenants", "list"])
    assert "cli-commune" in listing.output


def test_tenants_create_reports_bad_siret_in_french(app, db_session):
    result = app.test_cli_runner().invoke(
        args=[
            "tenants",
            "create",
            "--slug",
            "x",
            "--name",
            "X",
            "--kind",
            "commune",
            "--siret",
            "13002526500014",
            "--cog",
            "33063",
            "--email",
            "x@x.fr",
        ]
    )
    assert result.exit_code != 0
    assert "clé de contrôle" in result.output


def test_seed_demo_command_is_idempotent(app, db_session):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed", "demo"])
    assert "3 collectivité(s), 4 account(s) created" in first.output
    assert "schemes 4 created, 0 updated, 0 unchanged, 0 kept" in first.output
    second = runner.invoke(args=["seed", "demo"])
    assert "0 collectivité(s), 0 account(s) created" in second.output
    assert "schemes 0 created, 0 updated, 4 unchanged, 0 kept" in second.output
