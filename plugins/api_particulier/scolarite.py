"""Statut élève scolarisé et boursier (MEN): ``GET /v5/men/scolarites/identite``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from app.datasources.base import JSONSchema
from app.datasources.errors import InvalidInput
from app.datasources.identity import object_schema
from plugins.api_particulier.civility import civility_params
from plugins.api_particulier.schemas import civility_inputs, nullable, obj, string
from plugins.api_particulier.source import ApiParticulierSource

PARIS = ZoneInfo("Europe/Paris")
NON_BOURSIER_UNRELIABLE = (
    "Statut « non boursier » peu fiable avant la mi-octobre : la base des bourses est purgée "
    "en août et complétée à la rentrée."
)
PERIMETER = "Indiquez soit le code de l'établissement (UAI), soit un seul type de périmètre."

_inputs = civility_inputs(partial_date=False, birthplace=False)
_inputs.update(
    {
        "annee_scolaire": {
            "type": "string",
            "pattern": r"^\d{4}(-\d{4})?$",
            "title": "Année scolaire",
            "description": "AAAA (année de rentrée) ou AAAA-AAAA.",
            "x-message": "L'année scolaire doit être au format AAAA ou AAAA-AAAA.",
        },
        "code_etablissement": {
            "type": "string",
            "pattern": r"^\d{7}[A-Za-z]$",
            "title": "Code UAI de l'établissement",
            "x-message": "Le code UAI comporte 7 chiffres suivis d'une lettre (ex. 0330023W).",
        },
        "degre_etablissement": {
            "type": "string",
            "enum": ["1D", "2D"],
            "title": "Degré (1D : école, 2D : collège ou lycée)",
            "x-message": "Le degré doit être 1D ou 2D.",
        },
        "codes_bcn_departements": {
            "type": "array",
            # BCN N_DEPARTEMENT: 3 digits, and 02A/02B for Corsica (siade's code list).
            "items": {"type": "string", "pattern": r"^(\d{3}|02[AB])$"},
            "minItems": 1,
            "title": "Départements (codes BCN)",
            "x-message": "Les codes de département BCN comportent 3 caractères (ex. 033, 02A).",
        },
        "codes_bcn_regions": {
            "type": "array",
            "items": {"type": "string", "pattern": r"^\d{2}$"},
            "minItems": 1,
            "title": "Régions académiques (codes BCN)",
            "x-message": "Les codes de région BCN comportent 2 chiffres.",
        },
    }
)


class Scolarite(ApiParticulierSource):
    """Whether a pupil is enrolled, in which school, and whether they hold a national bourse."""

    id = "api_particulier.scolarite"
    label = "Statut élève scolarisé et boursier"
    description = (
        "Scolarité de l'élève (établissement, statut, régime) et bourse nationale de collège "
        "ou de lycée avec son échelon."
    )
    provider_label = "Éducation nationale via API Particulier"
    scopes = ("men_statut_scolarite",)
    optional_scopes = (
        "men_statut_identite",
        "men_statut_etablissement",
        "men_statut_module_elementaire_formation",
        "men_statut_boursier",
        "men_echelon_bourse",
        "men_regime_pensionnat",
    )
    ttl_seconds = 3600
    paths: ClassVar[dict[str, str]] = {"identite": "/v5/men/scolarites/identite"}
    input_schema = object_schema(
        _inputs, ["nom_naissance", "prenoms", "sexe", "date_naissance", "annee_scolaire"]
    )
    output_schema: ClassVar[JSONSchema] = {
        "type": "object",
        "properties": {
            "est_scolarise": {"type": "boolean", "title": "Élève scolarisé"},
            "annee_scolaire": string("Année scolaire"),
            "statut_eleve": obj(
                "Statut de l'élève",
                {"code": string("Code du statut"), "libelle": string("Statut de l'élève")},
            ),
            "est_boursier": nullable("boolean", "Élève boursier (bourse nationale)"),
            "echelon_bourse": nullable("integer", "Échelon de la bourse"),
            "etablissement": obj(
                "Établissement",
                {
                    "code_uai": string("Code UAI de l'établissement"),
                    "nom": nullable("string", "Nom de l'établissement"),
                    "code_ministere_tutelle": nullable("string", "Ministère de tutelle (code)"),
                },
            ),
            "module_elementaire_formation": {
                "type": ["object", "null"],
                "title": "Formation",
                "properties": {
                    "code_mef_stat": nullable("string", "Code MEF"),
                    "libelle": nullable("string", "Formation"),
                },
            },
            "regime_pensionnat": {
                "type": ["object", "null"],
                "title": "Régime",
                "properties": {
                    "code": string("Code du régime"),
                    "libelle": nullable("string", "Régime (externe, demi-pensionnaire, interne…)"),
                },
            },
            "identite": obj(
                "Identité de l'élève",
                {
                    "nom": string("Nom"),
                    "prenom": string("Prénom"),
                    "sexe": string("Sexe"),
                    "date_naissance": string("Date de naissance"),
                },
            ),
        },
    }

    def params(self, modality: str, inputs: Mapping[str, Any]) -> list[tuple[str, str]]:
        """Civility, school year and exactly one perimeter (UAI or BCN codes)."""
        perimeters = [
            name
            for name in ("code_etablissement", "codes_bcn_departements", "codes_bcn_regions")
            if inputs.get(name)
        ]
        if len(perimeters) != 1:
            raise InvalidInput(field_errors={"code_etablissement": PERIMETER})
        params = civility_params(inputs, birthplace=False)
        params.append(("anneeScolaire", inputs["annee_scolaire"]))
        if inputs.get("code_etablissement"):
            params.append(("codeEtablissement", inputs["code_etablissement"].upper()))
        for name, param in (
            ("codes_bcn_departements", "codesBcnDepartements[]"),
            ("codes_bcn_regions", "codesBcnRegions[]"),
        ):
            params.extend((param, code) for code in inputs.get(name, ()))
        if inputs.get("degre_etablissement"):
            params.append(("degreEtablissement", inputs["degre_etablissement"]))
        return params

    def values(
        self, data: dict[str, Any], inputs: Mapping[str, Any], fetched_at: dt.datetime
    ) -> tuple[dict[str, Any], list[str]]:
        """The response's data; a caveat when « non boursier » is read before mid-October."""
        caveats = []
        today = fetched_at.astimezone(PARIS).date()
        early = today.month in (8, 9) or (today.month == 10 and today.day < 15)
        if data.get("est_boursier") is False and early:
            caveats.append(NON_BOURSIER_UNRELIABLE)
        return dict(data), caveats
