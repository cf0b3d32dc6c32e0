"""Database base class, naming convention and the shared ``db`` handle.

Every constraint gets a deterministic name so that Alembic migrations can refer to it on both
SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import JSON, DateTime, Enum, MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, registry

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    """Timezone-aware current time (UTC); the only clock models use."""
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    """Declarative base for every model."""

    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={
            dict[str, Any]: JSON,
            list[Any]: JSON,
            dt.datetime: DateTime(timezone=True),
        },
    )


db = SQLAlchemy(model_class=Base)


def str_enum(kind: type[enum.Enum], name: str, length: int = 20) -> Enum:
    """Column type for a string enum: stored as its values in a VARCHAR with a named CHECK
    constraint (portable across SQLite and PostgreSQL, no native ENUM type to migrate)."""
    return Enum(
        kind,
        native_enum=False,
        create_constraint=True,
        name=name,
        values_callable=lambda members: [m.value for m in members],
        length=length,
    )


class TimestampMixin:
    """``created_at`` / ``updated_at`` columns maintained by the ORM."""

    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


@event.listens_for(Engine, "connect")
def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    """SQLite: foreign keys on, WAL for concurrent readers, and transactions SQLAlchemy controls.

    pysqlite's own transaction handling breaks SAVEPOINTs; SQLAlchemy's documented recipe turns it
    off here and emits ``BEGIN`` itself (see ``_sqlite_begin``). No-op for other databases.
    """
    if not type(dbapi_connection).__module__.startswith("sqlite3"):
        return
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(connection: Any) -> None:
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN")
