"""Paramètres pages: the collectivité's identity, its members and its audit log; operator pages."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from app.audit.services import recent_events
from app.auth import services as auth_services
from app.auth.access import operator_required, staff_required
from app.auth.forms import MemberForm, RoleForm
from app.auth.models import Membership, Role
from app.core.db import db
from app.core.errors import DomainError
from app.core.tenancy import get_or_404
from app.tenants import services
from app.tenants.context import current_tenant
from app.tenants.forms import NewTenantForm, TenantForm
from app.tenants.validation import InvalidIdentifier


def _invite_link(token: str) -> str:
    return url_for("auth.reset_password", token=token, _external=True)


@staff_required(Role.ADMIN)
def settings():  # type: ignore[no-untyped-def]
    """Edit the collectivité's identity."""
    tenant = current_tenant()
    form = TenantForm(obj=tenant)
    if form.validate_on_submit():
        try:
            services.update_tenant(tenant, form.data, actor=current_user)
        except (DomainError, InvalidIdentifier) as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash("Les informations de la collectivité ont été enregistrées.", "success")
            return redirect(url_for("tenants.settings"))
    return render_template("tenants/settings.html", form=form), 400 if form.errors else 200


@staff_required(Role.ADMIN)
def members():  # type: ignore[no-untyped-def]
    """List members and invite a new one."""
    tenant = current_tenant()
    form = MemberForm()
    if form.validate_on_submit():
        try:
            membership = auth_services.add_member(
                tenant,
                form.email.data or "",
                Role(form.role.data),
                actor=current_user,
                full_name=form.full_name.data or "",
            )
        except DomainError as error:
            form.email.errors = [*form.email.errors, error.message]
        else:
            if not membership.user.password_hash:
                auth_services.send_invitation(membership, _invite_link)
            db.session.commit()
            flash(f"{membership.user.email} a été ajouté(e) à la collectivité.", "success")
            return redirect(url_for("tenants.members"))
    rows = auth_services.tenant_memberships(tenant.id)
    return render_template("tenants/members.html", form=form, members=rows), (
        400 if form.errors else 200
    )


@staff_required(Role.ADMIN)
def member(member_id: int):  # type: ignore[no-untyped-def]
    """Change a member's role."""
    membership = get_or_404(db.session, Membership, member_id)
    form = RoleForm(obj=membership, role=membership.role.value)
    if form.validate_on_submit():
        try:
            auth_services.change_role(membership, Role(form.role.data), actor=current_user)
        except DomainError as error:
            form.role.errors = [*form.role.errors, error.message]
        else:
            db.session.commit()
            flash("Le rôle a été modifié.", "success")
            return redirect(url_for("tenants.members"))
    return render_template("tenants/member.html", form=form, membership=membership), (
        400 if form.errors else 200
    )


@staff_required(Role.ADMIN)
def remove_member(member_id: int):  # type: ignore[no-untyped-def]
    """Remove a member (POST)."""
    membership = get_or_404(db.session, Membership, member_id)
    try:
        auth_services.remove_member(membership, actor=current_user)
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("tenants.member", member_id=member_id))
    db.session.commit()
    flash("Le membre a été retiré de la collectivité.", "success")
    return redirect(url_for("tenants.members"))


@staff_required(Role.ADMIN)
def journal():  # type: ignore[no-untyped-def]
    """The collectivité's latest audit events."""
    return render_template("tenants/journal.html", events=recent_events(current_tenant().id))


@operator_required
def platform_tenants():  # type: ignore[no-untyped-def]
    """Platform operators list and create collectivités."""
    form = NewTenantForm()
    if form.validate_on_submit():
        try:
            tenant = services.create_tenant(
                slug=form.slug.data or "",
                name=form.name.data or "",
                kind=form.kind.data or "",
                siret=form.siret.data or "",
                cog_code=form.cog_code.data or "",
                contact_email=form.contact_email.data or "",
                actor=current_user,
            )
            membership = auth_services.add_member(
                tenant, form.admin_email.data or "", Role.ADMIN, actor=current_user
            )
        except (DomainError, InvalidIdentifier) as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        else:
            if not membership.user.password_hash:
                auth_services.send_invitation(membership, _invite_link)
            db.session.commit()
            flash(f"La collectivité « {tenant.name} » a été créée.", "success")
            return redirect(url_for("tenants.platform_tenants"))
    return render_template(
        "tenants/platform.html", form=form, tenants=services.list_tenants()
    ), 400 if form.errors else 200
