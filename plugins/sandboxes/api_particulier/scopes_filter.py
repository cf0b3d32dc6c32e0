"""Production's field filtering by scope (staging does not filter; enable it with
``create_app(filter_scopes=True)`` to test a plugin against a token with fewer rights)."""

from __future__ import annotations

from typing import Any

FIELDS_BY_SCOPE: dict[str, dict[str, tuple[str, ...]]] = {
    "quotient_familial": {
        "cnaf_quotient_familial": ("quotient_familial",),
        "cnaf_allocataires": ("allocataires",),
        "cnaf_enfants": ("enfants",),
        "cnaf_adresse": ("adresse",),
    },
    "revenu_solidarite_active": {
        "revenu_solidarite_active": ("est_beneficiaire", "date_debut_droit"),
        "revenu_solidarite_active_majoration": ("avec_majoration",),
    },
    "scolarites": {
        "men_statut_identite": ("identite",),
        "men_statut_scolarite": ("est_scolarise", "annee_scolaire", "statut_eleve"),
        "men_statut_etablissement": ("etablissement",),
        "men_statut_module_elementaire_formation": ("module_elementaire_formation",),
        "men_statut_boursier": ("est_boursier",),
        "men_echelon_bourse": ("echelon_bourse",),
        "men_regime_pensionnat": ("regime_pensionnat",),
    },
    "etudiant_boursier": {
        "cnous_statut_boursier": ("statut_boursier",),
        "cnous_echelon_bourse": ("echelon_bourse",),
        "cnous_email": ("email",),
        "cnous_periode_versement": ("periode_versement_bourse",),
        "cnous_ville_etudes": ("etablissement_etudes",),
        "cnous_identite": ("identite",),
    },
    "statut_etudiant": {
        "mesri_identite": ("identite",),
        "mesri_admissions": ("admissions",),
    },
}


def resource_of(path: str) -> str:
    """``/v3/dss/quotient_familial/identite`` → ``quotient_familial``."""
    return path.rstrip("/").split("/")[-2]


def filter_data(path: str, payload: Any, scopes: set[str]) -> Any:
    """Drop the ``data`` fields the token's scopes do not cover (production behaviour)."""
    table = FIELDS_BY_SCOPE.get(resource_of(path))
    if not table or not isinstance(payload, dict) or not isinstance(payload.get("data"), dict):
        return payload
    hidden = {field for scope, fields in table.items() if scope not in scopes for field in fields}
    data = {key: value for key, value in payload["data"].items() if key not in hidden}
    return {**payload, "data": data}
