"""Statut étudiant boursier (CNOUS): ``GET /v4/cnous/etudiant_boursier/{modality}`` with
modality ``identite``, ``ine`` or ``france_connect``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, ClassVar

from app.datasources.base import JSONSchema
from plugins.api_particulier.civility import civility_params
from plugins.api_particulier.schemas import civility_inputs, modal_inputs, nullable, obj, string
from plugins.api_particulier.source import FRANCE_CONNECT, IDENTITE, INE, ApiParticulierSource

RADIE = "Bourse radiée le {date} : l'étudiant ne la perçoit plus."
PROVISOIRE = "Échelon de bourse régionale provisoire : il peut encore changer."

_inputs = civility_inputs(partial_date=False)
_inputs["annee_campagne"] = {
    "type": "integer",
    "minimum": 2021,
    "maximum": 2100,
    "title": "Année de la campagne de bourse",
    "description": "Année de rentrée (2025 pour 2025-2026) ; par défaut la campagne en cours.",
    "x-message": "L'année de campagne doit être postérieure à 2020.",
}


class EtudiantBoursier(ApiParticulierSource):
    """Whether a student holds a CROUS bourse (sur critères sociaux), its échelon and payments."""

    id = "api_particulier.etudiant_boursier"
    label = "Statut étudiant boursier"
    description = "Bourse sur critères sociaux du CROUS : statut, échelon, période de versement."
    provider_label = "CNOUS via API Particulier"
    scopes = ("cnous_statut_boursier",)
    optional_scopes = (
        "cnous_echelon_bourse",
        "cnous_email",
        "cnous_periode_versement",
        "cnous_statut_bourse",
        "cnous_ville_etudes",
        "cnous_identite",
    )
    ttl_seconds = 3600
    paths: ClassVar[dict[str, str]] = {
        IDENTITE: "/v4/cnous/etudiant_boursier/identite",
        INE: "/v4/cnous/etudiant_boursier/ine",
        FRANCE_CONNECT: "/v4/cnous/etudiant_boursier/france_connect",
    }
    input_schema = modal_inputs(
        _inputs, ["nom_naissance", "prenoms", "date_naissance"], france_connect=True, ine=True
    )
    output_schema: ClassVar[JSONSchema] = {
        "type": "object",
        "properties": {
            "statut_boursier": obj(
                "Statut boursier",
                {
                    "est_boursier": {"type": "boolean", "title": "Étudiant boursier"},
                    "est_radie": {"type": "boolean", "title": "Bourse radiée"},
                    "date_radiation": nullable("string", "Date de radiation"),
                },
            ),
            "echelon_bourse": obj(
                "Échelon",
                {
                    "echelon": string("Échelon de la bourse (0bis à 7)"),
                    "echelon_bourse_regionale_provisoire": {
                        "type": "boolean",
                        "title": "Échelon régional provisoire",
                    },
                },
            ),
            "periode_versement_bourse": obj(
                "Versement",
                {
                    "date_rentree": nullable("string", "Date de rentrée"),
                    "duree": nullable("number", "Durée de versement (mois)"),
                },
            ),
            "etablissement_etudes": obj(
                "Établissement d'études",
                {
                    "nom_commune": nullable("string", "Ville d'études"),
                    "nom_etablissement": nullable("string", "Établissement d'études"),
                },
            ),
            "email": nullable("string", "Adresse électronique"),
            "identite": obj(
                "Identité",
                {
                    "nom": string("Nom"),
                    "prenoms": {"type": "array", "items": {"type": "string"}, "title": "Prénoms"},
                    "date_naissance": string("Date de naissance"),
                    "nom_commune_naissance": nullable("string", "Commune de naissance"),
                    "sexe": nullable("string", "Sexe"),
                },
            ),
        },
    }

    def params(self, modality: str, inputs: Mapping[str, Any]) -> list[tuple[str, str]]:
        """Civility, INE or nothing (FranceConnect), plus ``campaignYear``."""
        if modality == IDENTITE:
            params = civility_params(inputs)
        elif modality == INE:
            params = [("ine", inputs["ine"])]
        else:
            params = []
        if "annee_campagne" in inputs:
            params.append(("campaignYear", str(inputs["annee_campagne"])))
        return params

    def values(
        self, data: dict[str, Any], inputs: Mapping[str, Any], fetched_at: dt.datetime
    ) -> tuple[dict[str, Any], list[str]]:
        """The response's data; caveats for a radiated bourse or a provisional échelon."""
        caveats = []
        statut = data.get("statut_boursier")
        if isinstance(statut, dict) and statut.get("est_radie"):
            caveats.append(RADIE.format(date=statut.get("date_radiation") or "?"))
        echelon = data.get("echelon_bourse")
        if isinstance(echelon, dict) and echelon.get("echelon_bourse_regionale_provisoire"):
            caveats.append(PROVISOIRE)
        return dict(data), caveats
