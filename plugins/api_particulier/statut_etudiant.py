"""Statut étudiant (MESRI): ``GET /v3/mesri/statut_etudiant/{identite|ine|france_connect}``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, ClassVar

from app.datasources.base import JSONSchema
from plugins.api_particulier.civility import civility_params
from plugins.api_particulier.schemas import civility_inputs, modal_inputs, nullable, obj, string
from plugins.api_particulier.source import FRANCE_CONNECT, IDENTITE, INE, ApiParticulierSource

ADMIS_SEULEMENT = (
    "Étudiant admis ou pré-inscrit mais pas encore inscrit pour au moins une formation."
)
ONE_FIRST_NAME = "Seul le premier prénom est transmis au ministère (limite de l'API)."


class StatutEtudiant(ApiParticulierSource):
    """Higher-education enrolments (admissions, inscriptions) known to the ministry."""

    id = "api_particulier.statut_etudiant"
    label = "Statut étudiant"
    description = "Inscriptions dans l'enseignement supérieur : établissement, dates, régime."
    provider_label = "Enseignement supérieur (MESR) via API Particulier"
    scopes = ("mesri_admissions",)
    optional_scopes = (
        "mesri_identite",
        "mesri_admission_inscrit",
        "mesri_admission_regime_formation",
        "mesri_admission_commune_etudes",
        "mesri_admission_etablissement_etudes",
    )
    ttl_seconds = 3600
    paths: ClassVar[dict[str, str]] = {
        IDENTITE: "/v3/mesri/statut_etudiant/identite",
        INE: "/v3/mesri/statut_etudiant/ine",
        FRANCE_CONNECT: "/v3/mesri/statut_etudiant/france_connect",
    }
    input_schema = modal_inputs(
        civility_inputs(partial_date=False),
        ["nom_naissance", "prenoms", "date_naissance", "sexe"],
        france_connect=True,
        ine=True,
    )
    output_schema: ClassVar[JSONSchema] = {
        "type": "object",
        "properties": {
            "est_inscrit": {
                "type": "boolean",
                "title": "Inscrit dans au moins une formation",
            },
            "nombre_admissions": {"type": "integer", "title": "Nombre d'admissions"},
            "admissions": {
                "type": "array",
                "title": "Admissions et inscriptions",
                "items": {
                    "type": "object",
                    "properties": {
                        "date_debut": nullable("string", "Début"),
                        "date_fin": nullable("string", "Fin"),
                        "est_inscrit": {"type": "boolean", "title": "Inscrit"},
                        "regime_formation": {
                            "type": ["object", "null"],
                            "properties": {
                                "libelle": string("Régime de formation"),
                                "code": string("Code du régime"),
                            },
                        },
                        "code_cog_insee_commune": nullable("string", "Commune d'études"),
                        "etablissement_etudes": {
                            "type": ["object", "null"],
                            "properties": {
                                "uai": nullable("string", "UAI"),
                                "nom": nullable("string", "Établissement"),
                            },
                        },
                    },
                },
            },
            "identite": obj(
                "Identité",
                {
                    "nom_naissance": string("Nom de naissance"),
                    "prenom": string("Prénom"),
                    "date_naissance": string("Date de naissance"),
                },
            ),
        },
    }

    def params(self, modality: str, inputs: Mapping[str, Any]) -> list[tuple[str, str]]:
        """Civility with a single first name (the API accepts only one), the INE, or nothing."""
        if modality == IDENTITE:
            return civility_params(inputs, max_prenoms=1)
        if modality == INE:
            return [("ine", inputs["ine"])]
        return []

    def values(
        self, data: dict[str, Any], inputs: Mapping[str, Any], fetched_at: dt.datetime
    ) -> tuple[dict[str, Any], list[str]]:
        """The response's data plus ``est_inscrit`` (any admission with an inscription)."""
        values = dict(data)
        caveats = []
        admissions = data.get("admissions")
        if isinstance(admissions, list):
            values["nombre_admissions"] = len(admissions)
            flags = [a.get("est_inscrit") for a in admissions if isinstance(a, dict)]
            if flags and all(isinstance(flag, bool) for flag in flags):
                values["est_inscrit"] = any(flags)
                if not all(flags):
                    caveats.append(ADMIS_SEULEMENT)
        if len(inputs.get("prenoms") or ()) > 1 and self.modality(inputs) == IDENTITE:
            caveats.append(ONE_FIRST_NAME)
        return values, caveats
