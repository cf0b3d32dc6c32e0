"""A small but complete scheme bundle for tests: identity block, QF from API Particulier, two
criteria, a per-child amount. Sandbox persons: MARTIN Axelle (QF 150), ROCHER Sandrine (QF 800),
DUPONT Sophie (QF 900), DESFOUIN René (sandbox answers 429)."""

from __future__ import annotations

import copy
from typing import Any

TEST_BUNDLE: dict[str, Any] = {
    "format": "tremplin.scheme-bundle/v1",
    "slug": "aide-test",
    "title": "Aide de rentrée (test)",
    "description": "Une aide de test.",
    "audience": ["familles"],
    "opens_at": None,
    "closes_at": None,
    "form": {
        "schema": {
            "type": "object",
            "required": ["demandeur", "courriel", "nombre_enfants"],
            "properties": {
                "demandeur": {
                    "$ref": "https://schemas.tremplin.fr/forms/v1/identite.schema.json",
                    "title": "Votre identité",
                },
                "courriel": {"type": "string", "format": "email", "title": "Adresse électronique"},
                "nombre_enfants": {
                    "type": "integer",
                    "title": "Nombre d'enfants scolarisés",
                    "minimum": 0,
                    "maximum": 12,
                },
            },
        },
        "ui": {
            "ui:steps": [
                {"id": "identite", "title": "Votre identité", "fields": ["demandeur"]},
                {"id": "foyer", "title": "Votre foyer", "fields": ["courriel", "nombre_enfants"]},
            ]
        },
    },
    "data_sources": [
        {"alias": "qf", "source": "api_particulier.quotient_familial", "identity": "demandeur"}
    ],
    "rules": {
        "criteria": [
            {
                "id": "plafond_qf",
                "label": "Quotient familial inférieur ou égal à 800 €",
                "logic": {"<=": [{"var": "sources.qf.quotient_familial.valeur"}, 800]},
            },
            {
                "id": "enfants",
                "label": "Au moins un enfant scolarisé",
                "logic": {">=": [{"var": "form.nombre_enfants"}, 1]},
            },
        ],
        "amount": {"*": [100, {"var": "form.nombre_enfants"}]},
    },
    "benefit": {"kind": "cash", "label": "Versement"},
    "budget": {"amount": "10000.00", "currency": "EUR"},
    "retention": {"months": 24},
    "tests": [
        {
            "name": "QF 150, deux enfants",
            "form": {"nombre_enfants": 2},
            "sources": {"qf": {"quotient_familial": {"valeur": 150}}},
            "expected": {"eligible": True, "amount": "200.00"},
        }
    ],
}

PERSONS: dict[str, dict[str, Any]] = {
    "martin": {
        "nom_naissance": "MARTIN",
        "prenoms": ["AXELLE"],
        "sexe": "F",
        "date_naissance": "1989-12-03",
        "code_cog_commune_naissance": "35238",
    },
    "rocher": {
        "nom_naissance": "ROCHER",
        "prenoms": ["SANDRINE"],
        "sexe": "F",
        "date_naissance": "1986-11-09",
        "code_cog_commune_naissance": "13055",
    },
    "dupont": {
        "nom_naissance": "DUPONT",
        "prenoms": ["SOPHIE"],
        "sexe": "F",
        "date_naissance": "1982-09-03",
        "code_cog_commune_naissance": "13001",
    },
    "inconnu": {
        "nom_naissance": "PERSONNE",
        "prenoms": ["INCONNUE"],
        "sexe": "F",
        "date_naissance": "1980-01-01",
        "code_cog_commune_naissance": "75056",
    },
}


def make_bundle(**changes: Any) -> dict[str, Any]:
    """A deep copy of :data:`TEST_BUNDLE` with top-level ``changes``."""
    bundle = copy.deepcopy(TEST_BUNDLE)
    bundle.update(changes)
    return bundle


def answers_for(person: str, children: int = 2, email: str = "parent@exemple.fr") -> dict[str, Any]:
    """Valid answers to :data:`TEST_BUNDLE`'s form for a sandbox person."""
    return {
        "demandeur": copy.deepcopy(PERSONS[person]),
        "courriel": email,
        "nombre_enfants": children,
    }
