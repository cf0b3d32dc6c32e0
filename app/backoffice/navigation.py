"""The back office's main navigation: one entry per section, in display order.

Each entry is (label, endpoint, roles allowed to see it). Domains point their section here.
"""

from __future__ import annotations

from app.auth.models import Role

ALL = tuple(Role)
SECTIONS: tuple[tuple[str, str, tuple[Role, ...]], ...] = (
    ("Tableau de bord", "backoffice.dashboard", ALL),
    ("Dispositifs", "schemes.index", ALL),
    ("Demandes", "backoffice.applications", ALL),
    ("Sources de données", "datasources.index", ALL),
    ("Paramètres", "tenants.settings", (Role.ADMIN,)),
)
