"""Staff users, their role in each collectivité, and login attempts (for throttling)."""

from __future__ import annotations

import datetime as dt
import enum

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import TimestampMixin, db, str_enum, utcnow
from app.core.tenancy import TenantScoped
from app.tenants.models import Tenant


class Role(enum.StrEnum):
    """A staff member's role in one collectivité."""

    ADMIN = "admin"
    INSTRUCTOR = "instructor"
    FINANCE = "finance"
    VIEWER = "viewer"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.ADMIN: "Administrateur",
    Role.INSTRUCTOR: "Instructeur",
    Role.FINANCE: "Finances",
    Role.VIEWER: "Lecture seule",
}


class User(UserMixin, TimestampMixin, db.Model):
    """A staff account (citizens never have accounts)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    is_operator: Mapped[bool] = mapped_column(default=False)
    is_active_account: Mapped[bool] = mapped_column(default=True)
    last_login_at: Mapped[dt.datetime | None]

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.is_active_account

    def get_id(self) -> str:
        """Session id bound to the password: changing it signs out every other session."""
        return f"{self.id}:{self.session_marker}"

    @property
    def session_marker(self) -> str:
        return self.password_hash[-12:] if self.password_hash else "none"

    def __repr__(self) -> str:
        return f"<User {self.id}>"


class Membership(TenantScoped, TimestampMixin, db.Model):
    """The role of a user in a collectivité."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("tenant_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(str_enum(Role, "role"))

    user: Mapped[User] = relationship(back_populates="memberships")
    tenant: Mapped[Tenant] = relationship()


class LoginAttempt(db.Model):
    """A failed login, keyed by fingerprints of the e-mail and the client address (no raw values).

    Stored in the database so that throttling holds across all app processes.
    """

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_key: Mapped[str] = mapped_column(String(64), index=True)
    address_key: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
