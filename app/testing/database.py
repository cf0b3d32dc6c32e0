"""Throw-away databases for tests: a SQLite file, or a new database on the PostgreSQL server."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.config import normalise_database_url


@contextmanager
def throwaway_database(directory: Path, label: str) -> Iterator[str]:
    """Yield the URL of an empty database, dropped afterwards.

    With ``DATABASE_URL`` set to PostgreSQL, a database named after it plus a random suffix is
    created on the same server (the server is shared, the database is not). Otherwise SQLite.
    """
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql")):
        yield f"sqlite:///{directory / f'{label}.db'}"
        return
    url = make_url(normalise_database_url(base))
    name = f"{url.database or 'tremplin'}_{label}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
