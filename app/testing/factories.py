"""Factories creating valid objects with sensible defaults (fixtures and plugin packages)."""

from __future__ import annotations

import itertools
from typing import Any

from stdnum import luhn

from app.auth import services as auth_services
from app.auth.models import Membership, Role, User
from app.schemes import services as schemes
from app.schemes.models import Scheme
from app.tenants.models import Tenant
from app.tenants.services import create_tenant
from app.testing.bundles import make_bundle

PASSWORD = "correct-horse-battery-staple"
_counter = itertools.count(1)


def valid_siret(seed: int) -> str:
    """A SIRET with valid SIREN and SIRET Luhn keys, distinct for each ``seed``."""
    base = f"2{seed:07d}"
    siren = base + luhn.calc_check_digit(base)
    nic = "0001"
    return siren + nic + luhn.calc_check_digit(siren + nic)


class Factories:
    """Create tenants, users and memberships in the current test transaction."""

    PASSWORD = PASSWORD

    def __init__(self, session: Any) -> None:
        self.session = session

    def tenant(self, **fields: Any) -> Tenant:
        """A collectivité; every field has a unique default."""
        n = next(_counter)
        values = {
            "slug": f"collectivite-{n}",
            "name": f"Collectivité {n}",
            "kind": "commune",
            "siret": valid_siret(n),
            "cog_code": "33063",
            "contact_email": f"contact{n}@collectivite-test.fr",
        }
        values.update(fields)
        return create_tenant(**values)

    def user(
        self, email: str | None = None, password: str | None = PASSWORD, **fields: Any
    ) -> User:
        """A staff account."""
        email = email or f"agent{next(_counter)}@collectivite-test.fr"
        active = fields.pop("is_active_account", True)
        user = auth_services.create_user(email, password, **fields)
        user.is_active_account = active
        return user

    def scheme(
        self,
        tenant: Tenant,
        bundle: dict[str, Any] | None = None,
        *,
        publish: bool = True,
        **changes: Any,
    ) -> Scheme:
        """A scheme from a bundle (default: the test bundle with a unique slug), published."""
        bundle = bundle or make_bundle(**{"slug": f"aide-{next(_counter)}", **changes})
        scheme = schemes.create_scheme(tenant.id, bundle, actor=None)
        if publish:
            schemes.publish(scheme, actor=None, problems=[])
        return scheme

    def member(
        self, tenant: Tenant, role: Role | str = Role.ADMIN, **user_fields: Any
    ) -> Membership:
        """A staff account with ``role`` in ``tenant``."""
        user = self.user(**user_fields)
        return auth_services.add_member(tenant, user.email, Role(role), actor=None)
