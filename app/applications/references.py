"""Readable, unique application references per collectivité: ``VF-2026-000042``."""

from __future__ import annotations

import re

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.applications.models import ReferenceSequence
from app.core.db import db


def prefix_for(slug: str) -> str:
    """Initials of the collectivité's slug words (``val-fleuri`` → ``VF``), 2 to 4 letters."""
    words = [
        w
        for w in re.split(r"[^a-z0-9]+", slug.lower())
        if w and w not in {"de", "d", "du", "la", "le", "les", "sur"}
    ]
    initials = "".join(w[0] for w in words)[:4].upper()
    return initials if len(initials) >= 2 else slug.replace("-", "")[:3].upper()


def next_reference(tenant_id: int, slug: str, year: int) -> str:
    """Allocate the next number atomically (safe across processes) and format the reference."""
    dialect = db.session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    db.session.execute(
        insert(ReferenceSequence)
        .values(tenant_id=tenant_id, year=year, last_value=0)
        .on_conflict_do_nothing(index_elements=["tenant_id", "year"])
    )
    value = db.session.execute(
        update(ReferenceSequence)
        .where(ReferenceSequence.tenant_id == tenant_id, ReferenceSequence.year == year)
        .values(last_value=ReferenceSequence.last_value + 1)
        .returning(ReferenceSequence.last_value)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    return f"{prefix_for(slug)}-{year}-{value:06d}"
