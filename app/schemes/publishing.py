"""Preconditions of publishing a version, each failure a French reason (all listed at once).

A version is published only if its bundle is valid (form, rules, mappings, every variable a rule
reads exists), every data source has an active habilitation covering its scopes, it carries golden
tests, and every golden test passes.
"""

from __future__ import annotations

from typing import Any

from app import rules
from app.datasources.habilitations import missing_habilitations
from app.schemes.bundles import export_bundle, validate_bundle
from app.schemes.models import Scheme, SchemeVersion
from app.tenants.models import Tenant


def publication_problems(tenant: Tenant, scheme: Scheme, version: SchemeVersion) -> list[str]:
    """Why ``version`` cannot be published (empty: it can)."""
    bundle = export_bundle(scheme, version)
    problems = [f"Dispositif invalide — {p}" for p in validate_bundle(bundle)]
    sources = [m["source"] for m in bundle.get("data_sources", [])]
    problems += [f"Habilitation — {reason}" for reason in missing_habilitations(tenant, sources)]
    if problems:
        return problems  # golden tests need a valid bundle
    return golden_problems(bundle)


def golden_problems(bundle: dict[str, Any]) -> list[str]:
    """The failing golden tests (or their absence), as French reasons."""
    personas = bundle.get("tests") or []
    if not personas:
        return ["Cas de test — ajoutez au moins un cas de test (persona) avant de publier"]
    report = rules.run_golden_tests(bundle["rules"], personas)
    return [
        f"Cas de test « {result.name} » en échec — {' ; '.join(result.differences)}"
        for result in report.failures
    ]
