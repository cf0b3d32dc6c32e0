"""``flask --app app applications …``: background work run by hand or by cron."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.applications.retention import purge
from app.applications.tasks import retry_due
from app.core.db import db

applications_cli = AppGroup("applications", help="Background work on applications.")


@applications_cli.command("retry")
def retry_command() -> None:
    """Retry now the applications still being verified whose next attempt is due."""
    click.echo(f"{retry_due()} application(s) processed.")


@applications_cli.command("purge")
def purge_command() -> None:
    """Erase personal data past its retention period and delete expired drafts."""
    erased, drafts = purge()
    db.session.commit()
    click.echo(f"{erased} application(s) erased, {drafts} expired draft(s) deleted.")
