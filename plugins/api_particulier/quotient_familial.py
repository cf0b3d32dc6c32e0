"""Quotient familial CAF & MSA: ``GET /v3/dss/quotient_familial/{identite|france_connect}``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from app.datasources.base import JSONSchema
from plugins.api_particulier.civility import civility_params, require_birthplace_in_france
from plugins.api_particulier.schemas import PERSON_CNAF, civility_inputs, modal_inputs, obj, string
from plugins.api_particulier.source import FRANCE_CONNECT, ApiParticulierSource

PARIS = ZoneInfo("Europe/Paris")
NOT_COMPUTABLE = (
    "Quotient familial non calculable (0) : la CAF ou la MSA n'a pas pu le calculer ; "
    "demandez une attestation à la famille."
)
OTHER_MONTH = (
    "Quotient familial du mois de {month:02d}/{year} (et non du mois demandé, {asked_month:02d}/"
    "{asked_year}) : la CAF ne met à jour le mois précédent qu'après le premier week-end du mois."
)

_inputs = civility_inputs(partial_date=True, nom_usage=True, pays=True)
_inputs["annee"] = {
    "type": "integer",
    "minimum": 2000,
    "maximum": 2100,
    "title": "Année du quotient familial",
    "description": "Par défaut l'année en cours ; historique de deux ans au plus.",
    "x-message": "L'année du quotient familial est invalide.",
}
_inputs["mois"] = {
    "type": "integer",
    "minimum": 1,
    "maximum": 12,
    "title": "Mois du quotient familial",
    "description": "Par défaut le mois en cours.",
    "x-message": "Le mois du quotient familial doit être compris entre 1 et 12.",
}


class QuotientFamilial(ApiParticulierSource):
    """The family quotient computed by the CAF or the MSA, with the household's composition."""

    id = "api_particulier.quotient_familial"
    label = "Quotient familial CAF/MSA"
    description = (
        "Quotient familial du mois (CAF ou MSA), allocataires, enfants et adresse du foyer."
    )
    provider_label = "CNAF/MSA via API Particulier"
    scopes = ("cnaf_quotient_familial",)
    optional_scopes = ("cnaf_allocataires", "cnaf_enfants", "cnaf_adresse")
    ttl_seconds = 24 * 3600
    paths: ClassVar[dict[str, str]] = {
        "identite": "/v3/dss/quotient_familial/identite",
        FRANCE_CONNECT: "/v3/dss/quotient_familial/france_connect",
    }
    input_schema = modal_inputs(
        _inputs, ["nom_naissance", "prenoms", "sexe", "code_cog_pays_naissance"]
    )
    output_schema: ClassVar[JSONSchema] = {
        "type": "object",
        "properties": {
            "quotient_familial": obj(
                "Quotient familial",
                {
                    "valeur": {
                        "type": ["integer", "null"],
                        "title": "Quotient familial (en euros)",
                        "description": "Vide quand la CAF ou la MSA n'a pas pu le calculer "
                        "(l'API renvoie 0) : une règle qui le lit est alors non vérifiable.",
                    },
                    "fournisseur": string("Organisme (CNAF ou MSA)", enum=["CNAF", "MSA"]),
                    "annee": {"type": "integer", "title": "Année du quotient familial"},
                    "mois": {"type": "integer", "title": "Mois du quotient familial"},
                    "annee_calcul": {"type": "integer", "title": "Année du calcul"},
                    "mois_calcul": {"type": "integer", "title": "Mois du calcul"},
                },
            ),
            "quotient_familial_calculable": {
                "type": "boolean",
                "title": "Quotient familial calculable (différent de 0)",
            },
            "nombre_allocataires": {"type": "integer", "title": "Nombre d'allocataires"},
            "nombre_enfants": {"type": "integer", "title": "Nombre d'enfants du foyer"},
            "allocataires": {"type": "array", "title": "Allocataires", "items": PERSON_CNAF},
            "enfants": {"type": "array", "title": "Enfants", "items": PERSON_CNAF},
            "adresse": obj(
                "Adresse (déclarative)",
                {
                    "destinataire": {"type": ["string", "null"], "title": "Destinataire"},
                    "complement_information": {"type": ["string", "null"]},
                    "complement_information_geographique": {"type": ["string", "null"]},
                    "numero_libelle_voie": {"type": ["string", "null"], "title": "Voie"},
                    "lieu_dit": {"type": ["string", "null"]},
                    "code_postal_ville": {
                        "type": ["string", "null"],
                        "title": "Code postal et ville",
                    },
                    "pays": {"type": ["string", "null"], "title": "Pays"},
                },
            ),
        },
    }

    def params(self, modality: str, inputs: Mapping[str, Any]) -> list[tuple[str, str]]:
        """Civility (identity modality only) plus the optional ``annee``/``mois``."""
        params: list[tuple[str, str]] = []
        if modality != FRANCE_CONNECT:
            require_birthplace_in_france(inputs)
            params = civility_params(inputs, nom_usage=True, pays=True)
        params.extend((name, str(inputs[name])) for name in ("annee", "mois") if name in inputs)
        return params

    def values(
        self, data: dict[str, Any], inputs: Mapping[str, Any], fetched_at: dt.datetime
    ) -> tuple[dict[str, Any], list[str]]:
        """The response's data plus counts; caveats for a QF of 0 or of another month.

        A QF of 0 means "not computable", not "no income": it is returned as ``null`` so that a
        ceiling rule (``QF <= 800``) is undetermined — an agent reviews — instead of granted.
        """
        values = dict(data)
        caveats: list[str] = []
        for name, key in (("allocataires", "nombre_allocataires"), ("enfants", "nombre_enfants")):
            if isinstance(data.get(name), list):
                values[key] = len(data[name])
        qf = data.get("quotient_familial")
        if isinstance(qf, dict) and isinstance(qf.get("valeur"), int):
            values["quotient_familial_calculable"] = qf["valeur"] != 0
            if qf["valeur"] == 0:
                values["quotient_familial"] = {**qf, "valeur": None}
                caveats.append(NOT_COMPUTABLE)
            today = fetched_at.astimezone(PARIS)
            asked = (int(inputs.get("annee", today.year)), int(inputs.get("mois", today.month)))
            period = (qf.get("annee"), qf.get("mois"))
            if all(isinstance(part, int) for part in period) and period != asked:
                caveats.append(
                    OTHER_MONTH.format(
                        month=period[1],
                        year=period[0],
                        asked_month=asked[1],
                        asked_year=asked[0],
                    )
                )
        return values, caveats
