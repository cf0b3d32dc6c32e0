"""``flask --app app schemes …``: import, export, test and publish scheme bundles."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from app.core.db import db
from app.schemes import services
from app.schemes.bundles import InvalidBundle, export_bundle, import_bundle, validate_bundle
from app.schemes.publishing import golden_problems, publication_problems
from app.tenants.context import tenant_by_slug

schemes_cli = AppGroup("schemes", help="Import, export, test and publish schemes (dispositifs).")


def _tenant(slug: str):  # type: ignore[no-untyped-def]
    tenant = tenant_by_slug(slug)
    if tenant is None:
        raise click.ClickException(f"Unknown collectivité: {slug}")
    return tenant


def _read(path: str) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise click.ClickException(f"{path}: {error}") from error


@schemes_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--tenant", "tenant_slug", required=True, help="Collectivité slug.")
@click.option("--publish", is_flag=True, help="Publish the imported version.")
def import_command(file: str, tenant_slug: str, publish: bool) -> None:
    """Import a bundle (a new scheme, or a new draft version of an existing one)."""
    tenant = _tenant(tenant_slug)
    try:
        scheme, version = import_bundle(tenant.id, _read(file), actor=None)
    except InvalidBundle as error:
        for problem in error.problems:
            click.echo(f"  {problem}", err=True)
        raise click.ClickException(error.message) from error
    if publish:
        try:
            services.publish(
                scheme, actor=None, problems=publication_problems(tenant, scheme, version)
            )
        except services.PublicationRefused as error:
            for reason in error.reasons:
                click.echo(f"  {reason}", err=True)
            raise click.ClickException("Publication refused.") from error
    db.session.commit()
    state = "published" if publish else "draft"
    click.echo(f"{scheme.slug}: version {version.number} imported ({state}).")


@schemes_cli.command("export")
@click.argument("scheme_slug")
@click.option("--tenant", "tenant_slug", required=True, help="Collectivité slug.")
@click.option("--published", is_flag=True, help="Export the published version (default: draft).")
def export_command(scheme_slug: str, tenant_slug: str, published: bool) -> None:
    """Print a scheme as a bundle (JSON)."""
    scheme = services.scheme_by_slug(_tenant(tenant_slug).id, scheme_slug)
    if scheme is None:
        raise click.ClickException(f"Unknown scheme: {scheme_slug}")
    version = scheme.published_version if published else None
    click.echo(json.dumps(export_bundle(scheme, version), ensure_ascii=False, indent=2))


@schemes_cli.command("test")
@click.argument("targets", nargs=-1, required=True)
@click.option("--tenant", "tenant_slug", help="Collectivité slug (targets are scheme slugs).")
def test_command(targets: tuple[str, ...], tenant_slug: str | None) -> None:
    """Run golden tests: of schemes (with --tenant) or of bundle files."""
    failed = False
    for target in targets:
        if tenant_slug:
            scheme = services.scheme_by_slug(_tenant(tenant_slug).id, target)
            if scheme is None:
                raise click.ClickException(f"Unknown scheme: {target}")
            bundle = export_bundle(scheme)
        else:
            bundle = _read(target)
            invalid = validate_bundle(bundle)
            if invalid:
                failed = True
                click.echo(f"{target}: invalid bundle")
                for problem in invalid:
                    click.echo(f"  {problem}")
                continue
        problems = golden_problems(bundle)
        count = len(bundle.get("tests") or [])
        if problems:
            failed = True
            click.echo(f"{target}: FAILED")
            for problem in problems:
                click.echo(f"  {problem}")
        else:
            click.echo(f"{target}: {count} golden test(s) passed")
    if failed:
        sys.exit(1)
