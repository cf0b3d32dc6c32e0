"""« Dispositifs » pages: list, creation, overview, settings, versions, publication, import/export.

Every member may look; only administrators change anything (``staff_required(Role.ADMIN)``).
The editors of the form, sources, rules and golden tests live in the ``*_views`` modules.
"""

from __future__ import annotations

import json

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from app.auth.access import has_role, staff_required
from app.auth.models import Role, User
from app.core.db import db
from app.core.tenancy import get_or_404
from app.schemes import drafts, services
from app.schemes.builder_values import BuilderError
from app.schemes.bundles import InvalidBundle, export_bundle, import_bundle
from app.schemes.forms import (
    SETTINGS_PROBLEMS,
    ActionForm,
    ImportForm,
    NewSchemeForm,
    SettingsForm,
)
from app.schemes.models import SchemeVersion
from app.schemes.pages import load, render, saved, variables_of
from app.schemes.publishing import publication_problems
from app.tenants.context import current_tenant


@staff_required()
def index():  # type: ignore[no-untyped-def]
    """The collectivité's schemes and their state."""
    schemes = services.schemes_of(current_tenant().id)
    return render_template("schemes/index.html", schemes=schemes, can_edit=has_role(Role.ADMIN))


@staff_required(Role.ADMIN)
def new():  # type: ignore[no-untyped-def]
    """Create a scheme from nothing: a title, then the builder."""
    form = NewSchemeForm()
    if form.validate_on_submit():
        try:
            scheme = drafts.create_blank(
                current_tenant().id,
                form.title.data,
                form.slug.data,
                form.benefit_kind.data,
                actor=current_user,
            )
        except BuilderError as error:
            form.add_errors(error.errors)
        else:
            db.session.commit()
            flash(
                "Le dispositif est créé : ajoutez maintenant les champs du formulaire.", "success"
            )
            return redirect(url_for("schemes.form", scheme_id=scheme.id))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("schemes/new.html", form=form), status


@staff_required()
def overview(scheme_id: int):  # type: ignore[no-untyped-def]
    """State, summary and what is left to do before publication."""
    scheme = load(scheme_id)
    bundle = drafts.working_bundle(scheme)
    draft = scheme.draft_version
    return render(
        "schemes/overview.html",
        scheme,
        "overview",
        bundle=bundle,
        problems=publication_problems(current_tenant(), scheme, draft) if draft else [],
        variables=variables_of(bundle),
    )


@staff_required(Role.ADMIN)
def settings(scheme_id: int):  # type: ignore[no-untyped-def]
    """Title, description, audience, dates, benefit, budget, retention."""
    scheme = load(scheme_id)
    bundle = drafts.working_bundle(scheme)
    form = SettingsForm(data=drafts.settings_values(bundle))
    if form.validate_on_submit():
        drafts.apply_settings(bundle, form.data)
        try:
            result = drafts.save_settings(scheme, bundle, actor=current_user)
        except drafts.ChangeRefused as error:
            form.add_problems(error.problems, SETTINGS_PROBLEMS)
        else:
            db.session.commit()
            saved(result, "Les paramètres ont été enregistrés")
            return redirect(url_for("schemes.settings", scheme_id=scheme.id))
    status = 422 if form.errors or form.form_errors else 200
    return render("schemes/settings.html", scheme, "settings", status, form=form)


@staff_required()
def versions(scheme_id: int):  # type: ignore[no-untyped-def]
    """Every version: draft, published, superseded, with dates and who published."""
    scheme = load(scheme_id)
    authors = {
        v.published_by_id: db.session.get(User, v.published_by_id)
        for v in scheme.versions
        if v.published_by_id
    }
    return render("schemes/versions.html", scheme, "versions", authors=authors)


@staff_required()
def version(scheme_id: int, version_id: int):  # type: ignore[no-untyped-def]
    """One version, read-only."""
    scheme = load(scheme_id)
    shown = _version(scheme, version_id)
    bundle = export_bundle(scheme, shown)
    return render(
        "schemes/version.html",
        scheme,
        "versions",
        shown=shown,
        shown_bundle=bundle,
        variables=variables_of(bundle),
    )


@staff_required()
def export(scheme_id: int):  # type: ignore[no-untyped-def]
    """Download the working version as ``<slug>.json``."""
    scheme = load(scheme_id)
    return _download(export_bundle(scheme, drafts.working_version(scheme)), f"{scheme.slug}.json")


@staff_required()
def export_version(scheme_id: int, version_id: int):  # type: ignore[no-untyped-def]
    """Download one version as ``<slug>-v<n>.json``."""
    scheme = load(scheme_id)
    shown = _version(scheme, version_id)
    return _download(export_bundle(scheme, shown), f"{scheme.slug}-v{shown.number}.json")


@staff_required(Role.ADMIN)
def publish(scheme_id: int):  # type: ignore[no-untyped-def]
    """List what prevents publication, or publish the draft (the published one is superseded)."""
    scheme = load(scheme_id)
    form = ActionForm()
    draft = scheme.draft_version
    problems = publication_problems(current_tenant(), scheme, draft) if draft else []
    if form.validate_on_submit() and draft is not None:
        try:
            services.publish(scheme, actor=current_user, problems=problems)
        except services.PublicationRefused as error:
            problems = error.reasons
        else:
            db.session.commit()
            flash(f"La version {draft.number} est publiée.", "success")
            return redirect(url_for("schemes.overview", scheme_id=scheme.id))
    status = 422 if form.is_submitted() else 200
    return render(
        "schemes/publish.html", scheme, "publish", status, form=form, draft=draft, problems=problems
    )


@staff_required(Role.ADMIN)
def close(scheme_id: int):  # type: ignore[no-untyped-def]
    """Stop accepting new applications (POST)."""
    scheme = load(scheme_id)
    if ActionForm().validate_on_submit():
        services.close_scheme(scheme, actor=current_user)
        db.session.commit()
        flash("Le dispositif est fermé : il n'accepte plus de nouvelles demandes.", "success")
    return redirect(url_for("schemes.overview", scheme_id=scheme.id))


@staff_required(Role.ADMIN)
def reopen(scheme_id: int):  # type: ignore[no-untyped-def]
    """Accept applications again (POST)."""
    scheme = load(scheme_id)
    if ActionForm().validate_on_submit():
        services.reopen_scheme(scheme, actor=current_user)
        db.session.commit()
        flash("Le dispositif est rouvert.", "success")
    return redirect(url_for("schemes.overview", scheme_id=scheme.id))


@staff_required(Role.ADMIN)
def import_page():  # type: ignore[no-untyped-def]
    """Upload a bundle: every problem listed with its path, nothing stored on error."""
    form = ImportForm()
    problems = []
    if form.validate_on_submit():
        try:
            bundle = json.loads(form.bundle.data.read().decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            form.add_errors({"bundle": "Le fichier n'est pas un document JSON lisible."})
        else:
            try:
                scheme, imported = import_bundle(current_tenant().id, bundle, actor=current_user)
            except InvalidBundle as error:
                problems = error.problems
            else:
                db.session.commit()
                flash(
                    f"Le dispositif « {scheme.title} » a été importé "
                    f"(version {imported.number}, brouillon).",
                    "success",
                )
                return redirect(url_for("schemes.overview", scheme_id=scheme.id))
    status = 422 if (form.errors or form.form_errors or problems) else 200
    return render_template("schemes/import.html", form=form, problems=problems), status


def _version(scheme, version_id: int) -> SchemeVersion:  # type: ignore[no-untyped-def]
    shown = get_or_404(db.session, SchemeVersion, version_id)
    if shown.scheme_id != scheme.id:
        abort(404)
    return shown  # type: ignore[no-any-return]


def _download(bundle: dict, filename: str) -> Response:  # type: ignore[type-arg]
    body = json.dumps(bundle, ensure_ascii=False, indent=2) + "\n"
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
