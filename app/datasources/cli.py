"""``flask --app app datasources list | check ID --tenant SLUG | purge-cache``."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from app.core.db import db
from app.datasources import cache
from app.datasources import habilitations as services
from app.datasources.runtime import runtime
from app.tenants.context import tenant_by_slug

datasources_cli = AppGroup("datasources", help="Data sources and habilitations.")


@datasources_cli.command("list")
def list_sources() -> None:
    """List the loaded data sources."""
    for source in runtime().registry:
        scopes = ", ".join(source.scopes) or "—"
        click.echo(f"{source.id:<40} {source.provider:<20} {source.label}  [droits : {scopes}]")


@datasources_cli.command("check")
@click.argument("source_id")
@click.option("--tenant", "slug", required=True, help="Identifiant de la collectivité.")
def check(source_id: str, slug: str) -> None:
    """Test the collectivité's habilitation for SOURCE_ID against the provider."""
    source = runtime().registry.get(source_id)
    if source is None:
        raise click.ClickException(f"Source inconnue : {source_id}")
    tenant = tenant_by_slug(slug)
    if tenant is None:
        raise click.ClickException(f"Collectivité inconnue : {slug}")
    habilitation = services.active_for(tenant.id, source) or next(
        (h for h in services.habilitations_of(tenant.id) if h.provider == source.provider), None
    )
    if habilitation is None:
        raise click.ClickException(
            services.missing_reason(tenant.id, source) or "Aucune habilitation."
        )
    result = services.test_connection(habilitation, actor=None)
    db.session.commit()
    reason = services.missing_reason(tenant.id, source)
    click.echo(("OK  " if result.ok else "ÉCHEC  ") + result.message)
    if result.scopes is not None:
        click.echo("Droits du jeton : " + (", ".join(result.scopes) or "aucun"))
    if reason:
        click.echo("Attention : " + reason)
    if not result.ok:
        raise SystemExit(1)


@datasources_cli.command("purge-cache")
def purge_cache() -> None:
    """Delete expired cached values."""
    count = cache.purge_expired()
    db.session.commit()
    click.echo(f"{count} entrée(s) expirée(s) supprimée(s).")


def init_app(app: Flask) -> None:
    """Register the command group."""
    app.cli.add_command(datasources_cli)
