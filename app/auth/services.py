"""Authentication, password reset and membership management (services flush, callers commit)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app, render_template
from sqlalchemy import func, select

from app.audit.services import record
from app.auth import throttle
from app.auth.models import Membership, Role, User
from app.core.db import db, utcnow
from app.core.errors import DomainError
from app.core.mail import queue_mail
from app.core.security import (
    MIN_PASSWORD_LENGTH,
    TokenInvalid,
    hash_password,
    password_needs_rehash,
    sign,
    unsign,
    verify_password,
)
from app.tenants.models import Tenant

RESET_SALT = "tremplin.password-reset"


class LoginThrottled(DomainError):
    """Too many failed attempts; ``retry_after`` seconds to wait."""

    def __init__(self, retry_after: int) -> None:
        minutes = max(1, round(retry_after / 60))
        super().__init__(
            "Trop de tentatives de connexion infructueuses. Pour protéger ce compte, la connexion "
            f"est bloquée : réessayez dans {minutes} minute{'s' if minutes > 1 else ''}."
        )
        self.retry_after = retry_after


class InvalidCredentials(DomainError):
    """Wrong e-mail or password (the message does not say which)."""

    message = "Adresse électronique ou mot de passe incorrect."


class WeakPassword(DomainError):
    """The new password does not meet the policy."""

    message = f"Le mot de passe doit comporter au moins {MIN_PASSWORD_LENGTH} caractères."


@dataclass(frozen=True)
class LoginResult:
    """A successful authentication."""

    user: User


def find_user(email: str) -> User | None:
    """The staff account with this e-mail (case-insensitive)."""
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def authenticate(email: str, password: str, address: str) -> LoginResult:
    """Check credentials under throttling.

    Raises :class:`LoginThrottled` or :class:`InvalidCredentials`.
    """
    keys = throttle.keys_for(email, address)
    wait = throttle.retry_after(keys)
    if wait:
        raise LoginThrottled(wait)
    user = find_user(email)
    if user is None or not user.is_active or not verify_password(user.password_hash, password):
        throttle.record_failure(keys)
        record("auth.login.failed", tenant_id=None, actor=user)
        raise InvalidCredentials()
    throttle.clear_account(keys)
    if password_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    record("auth.login", tenant_id=None, actor=user, obj=user)
    return LoginResult(user=user)


def set_password(user: User, password: str) -> None:
    """Replace a user's password (signs out their other sessions)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPassword()
    user.password_hash = hash_password(password)
    db.session.flush()


def _password_state(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def make_reset_token(user: User) -> str:
    """Signed, expiring, single-use (bound to the current password) reset token."""
    return sign({"uid": user.id, "state": _password_state(user)}, RESET_SALT)


def user_for_reset_token(token: str) -> User:
    """The user a valid reset token belongs to; :class:`TokenInvalid` otherwise."""
    max_age = current_app.extensions["tremplin.settings"].password_reset_max_age
    payload = unsign(token, RESET_SALT, max_age)
    user = db.session.get(User, payload.get("uid")) if isinstance(payload, dict) else None
    if user is None or not user.is_active or payload.get("state") != _password_state(user):
        raise TokenInvalid("used or unknown")
    return user


def request_password_reset(email: str, link_for: Callable[[str], str]) -> None:
    """E-mail a reset link if the account exists (the caller always shows the same message)."""
    user = find_user(email)
    if user is None or not user.is_active:
        return
    body = render_template("auth/email/reset.txt", user=user, link=link_for(make_reset_token(user)))
    queue_mail(user.email, "Tremplin — réinitialisation de votre mot de passe", body)
    record("auth.password_reset.requested", tenant_id=None, actor=user, obj=user)


def send_invitation(membership: Membership, link_for: Callable[[str], str]) -> None:
    """E-mail a new member a link to choose their password."""
    user, tenant = membership.user, membership.tenant
    body = render_template(
        "auth/email/invitation.txt",
        user=user,
        tenant=tenant,
        role=membership.role,
        link=link_for(make_reset_token(user)),
    )
    queue_mail(user.email, f"Tremplin — invitation de {tenant.name}", body)


def reset_password(token: str, password: str) -> User:
    """Set a new password from a reset token; the token cannot be used twice."""
    user = user_for_reset_token(token)
    set_password(user, password)
    record("auth.password_reset.completed", tenant_id=None, actor=user, obj=user)
    return user


def membership_for(user: User, tenant: Tenant) -> Membership | None:
    """The user's membership in ``tenant``, if any."""
    return db.session.scalar(
        select(Membership).where(Membership.user_id == user.id, Membership.tenant_id == tenant.id)
    )


def memberships_of(user: User) -> list[Membership]:
    """All of a user's memberships, by collectivité name."""
    query = (
        select(Membership)
        .join(Membership.tenant)
        .where(Membership.user_id == user.id, Tenant.is_active.is_(True))
        .order_by(Tenant.name)
        .execution_options(all_tenants=True)
    )
    return list(db.session.scalars(query))


def tenant_memberships(tenant_id: int) -> list[Membership]:
    """A collectivité's members, by e-mail."""
    query = (
        select(Membership)
        .join(Membership.user)
        .where(Membership.tenant_id == tenant_id)
        .order_by(User.email)
    )
    return list(db.session.scalars(query))


def create_user(
    email: str, password: str | None, *, full_name: str = "", is_operator: bool = False
) -> User:
    """Create a staff account (``password=None``: the user sets it through a reset link)."""
    user = User(email=email.strip().lower(), full_name=full_name, is_operator=is_operator)
    if password is not None:
        set_password(user, password)
    db.session.add(user)
    db.session.flush()
    return user


def add_member(
    tenant: Tenant, email: str, role: Role, *, actor: User | None, full_name: str = ""
) -> Membership:
    """Give ``email`` a role in ``tenant``, creating the account if needed."""
    user = find_user(email) or create_user(email, None, full_name=full_name)
    if membership_for(user, tenant) is not None:
        raise DomainError("Cette personne est déjà membre de la collectivité.")
    membership = Membership(tenant_id=tenant.id, user_id=user.id, role=role)
    db.session.add(membership)
    db.session.flush()
    record("member.added", tenant_id=tenant.id, actor=actor, obj=membership, role=role.value)
    return membership


def change_role(membership: Membership, role: Role, *, actor: User | None) -> None:
    """Change a member's role; the last administrator cannot be demoted."""
    if membership.role == Role.ADMIN and role != Role.ADMIN:
        _ensure_other_admin(membership)
    previous = membership.role
    membership.role = role
    db.session.flush()
    record(
        "member.role_changed",
        tenant_id=membership.tenant_id,
        actor=actor,
        obj=membership,
        previous=previous.value,
        role=role.value,
    )


def remove_member(membership: Membership, *, actor: User | None) -> None:
    """Remove a member from the collectivité (the account itself remains)."""
    if membership.role == Role.ADMIN:
        _ensure_other_admin(membership)
    record("member.removed", tenant_id=membership.tenant_id, actor=actor, obj=membership)
    db.session.delete(membership)
    db.session.flush()


def _ensure_other_admin(membership: Membership) -> None:
    admins = db.session.scalar(
        select(func.count())
        .select_from(Membership)
        .where(
            Membership.tenant_id == membership.tenant_id,
            Membership.role == Role.ADMIN,
            Membership.id != membership.id,
        )
    )
    if not admins:
        raise DomainError("La collectivité doit garder au moins un administrateur.")
