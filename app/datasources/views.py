"""« Sources de données » pages: sources and habilitations; edits for administrators only."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.auth.access import staff_required
from app.auth.models import Role
from app.core.db import db
from app.core.errors import DomainError
from app.core.tenancy import get_or_404
from app.datasources import habilitations as services
from app.datasources.base import JSONSchema
from app.datasources.forms import habilitation_form, initial_data, secret_form
from app.datasources.habilitations import HabilitationInvalid
from app.datasources.models import Habilitation
from app.datasources.queries import overview
from app.datasources.runtime import runtime
from app.datasources.variables import schema_variables
from app.tenants.context import current_tenant


def _status(form) -> int:  # type: ignore[no-untyped-def]
    return 400 if form.errors or form.form_errors else 200


@staff_required()
def index():  # type: ignore[no-untyped-def]
    """Sources, whether each can be used, and the habilitations on file."""
    return render_template("datasources/index.html", providers=overview(current_tenant().id))


@staff_required()
def source():  # type: ignore[no-untyped-def]
    """One source (``?source=ID``): what it needs and returns; without it, the catalogue."""
    source_id = request.args.get("source")
    if not source_id:
        return render_template("datasources/catalogue.html", sources=list(runtime().registry))
    found = runtime().registry.get(source_id)
    if found is None:
        abort(404)
    reason = services.missing_reason(current_tenant().id, found)
    variables = schema_variables(found.output_schema)
    return render_template(
        "datasources/source.html", source=found, reason=reason, variables=variables
    )


@staff_required(Role.ADMIN)
def new_habilitation():  # type: ignore[no-untyped-def]
    """Record a new habilitation for the provider ``?fournisseur=`` (with its secrets)."""
    provider = request.args.get("fournisseur")
    labels = runtime().registry.provider_labels()
    if not provider:
        return render_template("datasources/choose_provider.html", providers=labels)
    if provider not in labels:
        abort(404)
    tenant = current_tenant()
    schema = services.config_schema(provider)
    form = habilitation_form(schema, with_secrets=True)(recipient_siret=tenant.siret)
    if form.validate_on_submit():
        try:
            habilitation = services.create_habilitation(
                tenant,
                provider,
                form.fields_data(),
                form.config_data(),
                form.secret_data(),
                actor=current_user,
            )
        except HabilitationInvalid as error:
            form.apply_errors(error.field_errors)
        else:
            db.session.commit()
            flash("L'habilitation a été enregistrée.", "success")
            return redirect(url_for("datasources.habilitation", habilitation_id=habilitation.id))
    return render_template(
        "datasources/habilitation_form.html", form=form, label=labels[provider], habilitation=None
    ), _status(form)


@staff_required(Role.ADMIN)
def habilitation(habilitation_id: int):  # type: ignore[no-untyped-def]
    """Edit a habilitation (secrets are only replaced, on their own form)."""
    item = get_or_404(db.session, Habilitation, habilitation_id)
    schema = _schema(item)
    if schema is None:
        return _provider_gone()
    form = habilitation_form(schema, with_secrets=False)(data=initial_data(item))
    if form.validate_on_submit():
        try:
            services.update_habilitation(
                item, form.fields_data(), form.config_data(), actor=current_user
            )
        except HabilitationInvalid as error:
            form.apply_errors(error.field_errors)
        else:
            db.session.commit()
            flash("L'habilitation a été enregistrée.", "success")
            return redirect(url_for("datasources.habilitation", habilitation_id=item.id))
    return _edit_page(item, form, secret_form(schema)(prefix="remplacer"))


@staff_required(Role.ADMIN)
def replace_secret(habilitation_id: int):  # type: ignore[no-untyped-def]
    """Replace the token or client secret (POST)."""
    item = get_or_404(db.session, Habilitation, habilitation_id)
    schema = _schema(item)
    if schema is None:
        return _provider_gone()
    form = secret_form(schema)(prefix="remplacer")
    if form.validate_on_submit():
        try:
            services.replace_secrets(item, form.secret_data(), actor=current_user)
        except HabilitationInvalid as error:
            form.apply_errors(error.field_errors)
        else:
            db.session.commit()
            flash("Le secret a été remplacé.", "success")
            return redirect(url_for("datasources.habilitation", habilitation_id=item.id))
    edit = habilitation_form(schema, with_secrets=False)(formdata=None, data=initial_data(item))
    return _edit_page(item, edit, form)


@staff_required(Role.ADMIN)
def test_connection(habilitation_id: int):  # type: ignore[no-untyped-def]
    """« Tester la connexion » (POST): runs the provider's check and shows the outcome."""
    item = get_or_404(db.session, Habilitation, habilitation_id)
    result = services.test_connection(item, actor=current_user)
    db.session.commit()
    flash(result.message, "success" if result.ok else "error")
    return redirect(url_for("datasources.habilitation", habilitation_id=item.id))


@staff_required(Role.ADMIN)
def refresh_scopes(habilitation_id: int):  # type: ignore[no-untyped-def]
    """« Lire les droits du jeton » (POST): introspection of the token's scopes."""
    item = get_or_404(db.session, Habilitation, habilitation_id)
    result = services.refresh_scopes(item, actor=current_user)
    db.session.commit()
    if result.scopes is None and result.ok:
        flash("Ce fournisseur ne permet pas de lire les droits : saisissez-les.", "error")
    else:
        flash(result.message, "success" if result.ok else "error")
    return redirect(url_for("datasources.habilitation", habilitation_id=item.id))


def _schema(item: Habilitation) -> JSONSchema | None:
    """The provider's configuration schema, ``None`` if its plugin is no longer loaded."""
    try:
        return services.config_schema(item.provider)
    except DomainError:
        return None


def _provider_gone():  # type: ignore[no-untyped-def]
    flash("Le fournisseur de cette habilitation n'est plus installé sur la plateforme.", "error")
    return redirect(url_for("datasources.index"))


def _edit_page(item: Habilitation, form, secrets):  # type: ignore[no-untyped-def]
    label = runtime().registry.provider_labels().get(item.provider, item.provider)
    sources = runtime().registry.for_provider(item.provider)
    status = max(_status(form), _status(secrets))
    return render_template(
        "datasources/habilitation_form.html",
        form=form,
        secret_form=secrets,
        label=label,
        habilitation=item,
        sources=sources,
    ), status
