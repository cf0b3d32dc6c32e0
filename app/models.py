"""Every domain's models, imported once so that ``db.metadata`` is complete (Alembic, tests)."""

from app.api import models as api_models
from app.applications import models as applications_models
from app.audit import models as audit_models
from app.auth import models as auth_models
from app.datasources import models as datasources_models
from app.schemes import models as schemes_models
from app.tenants import models as tenants_models

__all__ = [
    "api_models",
    "applications_models",
    "audit_models",
    "auth_models",
    "datasources_models",
    "schemes_models",
    "tenants_models",
]
