"""Tenant scoping: every tenant-owned row carries ``tenant_id``; queries are filtered for it.

The filter is a safety net below the explicit ``where(tenant_id == ...)`` of each query: once a
request has resolved its collectivité (``scope_session``), every ORM statement on a
:class:`TenantScoped` entity — including relationship loads — only sees that collectivité's rows.
Code that legitimately works across tenants (CLI, operator screens, background jobs) runs without
a scope or passes ``execution_options(all_tenants=True)``.
"""

from __future__ import annotations

from typing import Any

from flask import abort
from sqlalchemy import ForeignKey, event
from sqlalchemy.orm import (
    Mapped,
    ORMExecuteState,
    Session,
    declared_attr,
    mapped_column,
    with_loader_criteria,
)

TENANT_KEY = "tremplin.tenant_id"


class TenantScoped:
    """Mixin for every model owned by one collectivité."""

    @declared_attr
    def tenant_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)


def scope_session(session: Session, tenant_id: int | None) -> None:
    """Restrict ``session``'s ORM queries to ``tenant_id`` (``None`` lifts the restriction)."""
    if tenant_id is None:
        session.info.pop(TENANT_KEY, None)
    else:
        session.info[TENANT_KEY] = tenant_id


def session_tenant(session: Session) -> int | None:
    """The collectivité ``session`` is scoped to, if any."""
    return session.info.get(TENANT_KEY)


@event.listens_for(Session, "do_orm_execute")
def _add_tenant_criteria(state: ORMExecuteState) -> None:
    tenant_id: Any = state.session.info.get(TENANT_KEY)
    if tenant_id is None or state.execution_options.get("all_tenants"):
        return
    if not (state.is_select or state.is_update or state.is_delete):
        return
    state.statement = state.statement.options(
        with_loader_criteria(
            TenantScoped,
            lambda cls: cls.tenant_id == tenant_id,
            include_aliases=True,
        )
    )


def get_or_404(session: Session, model: type[Any], object_id: Any) -> Any:
    """Load a tenant-owned object of the session's collectivité, or abort with 404.

    Another collectivité's object is indistinguishable from a missing one.
    """
    tenant_id = session_tenant(session)
    if tenant_id is None or not issubclass(model, TenantScoped):
        abort(404)
    obj = session.get(model, object_id)
    if obj is None or obj.tenant_id != tenant_id:
        abort(404)
    return obj
