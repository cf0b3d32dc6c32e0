"""``schemes test``: run the golden personas of rules documents from the command line.

Not registered by ``app.rules`` itself (the package stays free of Flask): the application's CLI
adds :data:`test_command` to its ``schemes`` group, so that ``flask --app app schemes test
path/to/rules.json…`` runs every persona and exits with status 1 if any fails. Once scheme
versions live in the database, the same command can take their documents from there.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import click

from app.rules.golden import run_golden_tests
from app.rules.model import InvalidRulesError


@click.command("test")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Evaluation date for personas without their own (default: today in Europe/Paris).",
)
def test_command(files: tuple[Path, ...], today: datetime | None) -> None:
    """Run the golden personas of rules documents (JSON files); exit 1 if any fails."""
    if not files:
        raise click.UsageError("indiquer au moins un document de règles (fichier JSON)")
    failed = False
    for path in files:
        click.echo(f"== {path}")
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
            report = run_golden_tests(document, today=today.date() if today else None)
        except InvalidRulesError as exc:
            failed = True
            for problem in exc.problems:
                click.echo(f"  règles invalides {problem.path or '/'} : {problem.message}")
            continue
        except json.JSONDecodeError as exc:
            failed = True
            click.echo(f"  JSON invalide : {exc}")
            continue
        click.echo(report.summary())
        failed = failed or not report.passed
    if failed:
        raise click.exceptions.Exit(1)
