"""Every domain's models, imported once so that ``db.metadata`` is complete (Alembic, tests)."""

from app.audit import models as audit_models
from app.auth import models as auth_models
from app.datasources import models as datasources_models
from app.tenants import models as tenants_models

__all__ = ["audit_models", "auth_models", "datasources_models", "tenants_models"]
