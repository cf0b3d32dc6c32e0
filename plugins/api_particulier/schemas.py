"""JSON Schema fragments shared by the API Particulier sources (inputs and outputs)."""

from __future__ import annotations

from typing import Any

from app.datasources import identity as idv
from app.datasources.base import JSONSchema

NULLABLE_STRING: JSONSchema = {"type": ["string", "null"]}


def string(title: str, **extra: Any) -> JSONSchema:
    """A string output property with a French title."""
    return {"type": "string", "title": title, **extra}


def nullable(kind: str, title: str, **extra: Any) -> JSONSchema:
    """A nullable output property with a French title."""
    return {"type": [kind, "null"], "title": title, **extra}


def obj(title: str, properties: dict[str, JSONSchema]) -> JSONSchema:
    """An open output object (providers may add fields)."""
    return {"type": "object", "title": title, "properties": properties}


def civility_inputs(
    *,
    partial_date: bool,
    nom_usage: bool = False,
    pays: bool = False,
    birthplace: bool = True,
) -> dict[str, JSONSchema]:
    """The identity-pivot inputs an identity endpoint accepts."""
    properties: dict[str, JSONSchema] = {
        "nom_naissance": idv.NOM_NAISSANCE,
        "prenoms": idv.PRENOMS,
        "date_naissance": idv.DATE_NAISSANCE_PARTIELLE if partial_date else idv.DATE_NAISSANCE,
        "sexe": idv.SEXE,
    }
    if nom_usage:
        properties["nom_usage"] = idv.NOM_USAGE
    if pays:
        properties["code_cog_pays_naissance"] = idv.CODE_COG_PAYS_NAISSANCE
    if birthplace:
        properties["code_cog_commune_naissance"] = idv.CODE_COG_COMMUNE_NAISSANCE
        properties["nom_commune_naissance"] = idv.NOM_COMMUNE_NAISSANCE
        properties["code_cog_departement_naissance"] = idv.CODE_COG_DEPARTEMENT_NAISSANCE
    return properties


def modal_inputs(
    properties: dict[str, JSONSchema],
    identity_required: list[str],
    *,
    france_connect: bool = True,
    ine: bool = False,
) -> JSONSchema:
    """An input schema where FranceConnect or the INE, when given, replace the identity."""
    properties = dict(properties)
    alternatives: list[str] = []
    if france_connect:
        properties["france_connect_token"] = idv.FRANCE_CONNECT_TOKEN
        alternatives.append("france_connect_token")
    if ine:
        properties["ine"] = idv.INE
        alternatives.append("ine")
    schema = idv.object_schema(properties, [])
    if not alternatives:
        schema["required"] = identity_required
        return schema
    schema["if"] = {"anyOf": [{"required": [name]} for name in alternatives]}
    schema["then"] = {}
    schema["else"] = {"required": identity_required}
    return schema


PERSON_CNAF: JSONSchema = {
    "type": "object",
    "properties": {
        "nom_naissance": nullable("string", "Nom de naissance"),
        "nom_usage": nullable("string", "Nom d'usage"),
        "prenoms": nullable("string", "Prénoms"),
        "date_naissance": nullable("string", "Date de naissance"),
        "sexe": nullable("string", "Sexe"),
    },
}
