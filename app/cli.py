"""Command-line interface: ``flask --app app <group> <command>``."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from werkzeug.serving import run_simple

from app import seed as demo_seed
from app.applications.cli import applications_cli
from app.applications.tasks import Sweeper
from app.auth import services as auth_services
from app.core.db import db
from app.core.errors import DomainError
from app.core.http import allow_hosts
from app.demo_sandboxes import sandbox_urls, start_sandboxes
from app.schemes.cli import schemes_cli
from app.tenants.services import create_tenant, list_tenants
from app.tenants.validation import InvalidIdentifier

seed_cli = AppGroup("seed", help="Load seed data.")
demo_cli = AppGroup("demo", help="Run the demonstration platform.")
tenants_cli = AppGroup("tenants", help="Manage collectivités.")
users_cli = AppGroup("users", help="Manage staff accounts.")


@seed_cli.command("demo")
def seed_demo() -> None:
    """Load the demo collectivités, accounts, habilitations and schemes (idempotent)."""
    created = demo_seed.load_demo()
    db.session.commit()
    habilitations = demo_seed.load_demo_habilitations()
    db.session.commit()
    schemes = demo_seed.load_demo_schemes()
    db.session.commit()
    click.echo(
        f"Demo seed: {created['tenants']} collectivité(s), {created['users']} account(s) created."
    )
    click.echo(f"Demo seed: {habilitations} sandbox habilitation(s) created.")
    click.echo(
        "Demo seed: schemes "
        + ", ".join(f"{count} {outcome}" for outcome, count in schemes.items())
        + "."
    )


@demo_cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option(
    "--sandbox-ports",
    default="5101,5102,5103",
    show_default=True,
    help="Ports of the API Particulier, API Impôt particulier and demo-directory sandboxes.",
)
def demo_serve(host: str, port: int, sandbox_ports: str) -> None:
    """Serve the platform for a demonstration, with the API sandboxes, and print the logins."""
    names = ("api_particulier", "impot_particulier", "demo")
    ports = dict(zip(names, (int(p) for p in sandbox_ports.split(",")), strict=True))
    servers = start_sandboxes("127.0.0.1", ports)
    urls = sandbox_urls("127.0.0.1", ports)
    demo_seed.load_demo_habilitations(urls)
    db.session.commit()
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    allow_hosts(app, [server.hostport for server in servers])

    click.echo("\nTremplin — démonstration (comptes de démonstration uniquement) :")
    for who, email, password in demo_seed.demo_logins():
        click.echo(f"  {who:<32} {email:<42} {password}")
    click.echo("\n  Bacs à sable (cas de test officiels, données fictives) :")
    for name, url in urls.items():
        click.echo(f"  {name:<32} {url}")
    click.echo(f"\n  Identités de test à saisir : http://{host}:{port}/demo")
    click.echo(f"\n  → http://{host}:{port}/  (Ctrl+C pour arrêter)\n")
    sweeper = Sweeper(app).start() if app.extensions["tremplin.settings"].celery_eager else None
    try:
        run_simple(host, port, app, threaded=True, use_reloader=False, use_debugger=False)
    finally:
        if sweeper is not None:
            sweeper.stop()


@tenants_cli.command("list")
def tenants_list() -> None:
    """List collectivités."""
    for tenant in list_tenants():
        click.echo(f"{tenant.slug:<30} {tenant.siret} {tenant.kind.value:<12} {tenant.name}")


@tenants_cli.command("create")
@click.option("--slug", required=True)
@click.option("--name", required=True)
@click.option(
    "--kind",
    required=True,
    type=click.Choice(["commune", "epci", "departement", "region", "autre"]),
)
@click.option("--siret", required=True)
@click.option("--cog", "cog_code", required=True)
@click.option("--email", "contact_email", required=True)
def tenants_create(**fields: str) -> None:
    """Create a collectivité."""
    try:
        tenant = create_tenant(**fields)
    except (InvalidIdentifier, DomainError) as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Created {tenant.slug}.")


@users_cli.command("create-operator")
@click.argument("email")
@click.password_option()
def users_create_operator(email: str, password: str) -> None:
    """Create a platform operator account."""
    auth_services.create_user(email, password, is_operator=True)
    db.session.commit()
    click.echo(f"Operator {email} created.")


def init_app(app: Flask) -> None:
    """Register the command groups."""
    for group in (seed_cli, demo_cli, tenants_cli, users_cli, schemes_cli, applications_cli):
        app.cli.add_command(group)
