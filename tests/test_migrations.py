"""Migrations are the only way the schema is created: they must match the models exactly."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from app.core.db import NAMING_CONVENTION, db
from app.testing.database import throwaway_database
from app.testing.plugin import make_test_app


def test_models_and_migrations_agree(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_every_table_has_named_constraints(app):
    with app.app_context(), db.engine.connect() as connection:
        inspector = inspect(connection)
        for table in inspector.get_table_names():
            if table == "alembic_version":
                continue
            assert inspector.get_pk_constraint(table)["name"] == f"pk_{table}", table
            for fk in inspector.get_foreign_keys(table):
                assert fk["name"], (table, fk)
                assert fk["name"].startswith("fk_"), (table, fk)
    assert set(NAMING_CONVENTION) == {"ix", "uq", "ck", "fk", "pk"}


def test_downgrade_to_base_and_upgrade_again(tmp_path, smtp_sink):
    with throwaway_database(tmp_path, "downgrade") as url:
        app = make_test_app(url, smtp_sink)
        with app.app_context():
            tables = set(inspect(db.engine).get_table_names())
            assert {"tenants", "users", "memberships", "audit_events"} <= tables
            downgrade(revision="base")
            assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
            upgrade()
            assert set(inspect(db.engine).get_table_names()) == tables
            db.engine.dispose()
