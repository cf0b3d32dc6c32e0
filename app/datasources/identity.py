"""The identity-pivot vocabulary shared by the sources' ``input_schema`` (docs/datasources.md).

The form's identity block produces these names; each plugin maps them to its API's exact parameter
names. Properties carry a French ``title`` and an ``x-message`` (the French error shown next to the
field when the value does not match).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.datasources.base import JSONSchema

FRANCE = "99100"

NOM_NAISSANCE: JSONSchema = {
    "type": "string",
    "minLength": 1,
    "maxLength": 100,
    "title": "Nom de naissance",
    "x-message": "Saisissez le nom de naissance (nom de famille).",
}
NOM_USAGE: JSONSchema = {
    "type": "string",
    "minLength": 1,
    "maxLength": 100,
    "title": "Nom d'usage",
    "x-message": "Le nom d'usage n'est pas valide.",
}
PRENOMS: JSONSchema = {
    "type": "array",
    "items": {"type": "string", "minLength": 1, "maxLength": 100},
    "minItems": 1,
    "maxItems": 3,
    "title": "Prénoms",
    "x-message": "Saisissez de un à trois prénoms, dans l'ordre de l'état civil.",
}
DATE_NAISSANCE: JSONSchema = {
    "type": "string",
    "format": "date",
    "pattern": r"^\d{4}-\d{2}-\d{2}$",
    "title": "Date de naissance",
    "x-message": "Saisissez une date de naissance complète et valide (AAAA-MM-JJ).",
}
DATE_NAISSANCE_PARTIELLE: JSONSchema = {
    "type": "string",
    "pattern": r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$",
    "title": "Date de naissance",
    "description": "Complète (AAAA-MM-JJ) de préférence ; AAAA-MM ou AAAA si le jour ou le mois "
    "sont inconnus.",
    "x-message": "Saisissez une date de naissance au format AAAA-MM-JJ (ou AAAA-MM, ou AAAA).",
}
SEXE: JSONSchema = {
    "type": "string",
    "enum": ["F", "M"],
    "title": "Sexe à l'état civil",
    "x-message": "Indiquez le sexe à l'état civil (F ou M).",
}
CODE_COG_PAYS_NAISSANCE: JSONSchema = {
    "type": "string",
    "pattern": r"^99\d{3}$",
    "title": "Code COG du pays de naissance",
    "description": "99100 pour la France.",
    "x-message": "Le code du pays de naissance doit comporter 5 chiffres et commencer par 99 "
    "(99100 pour la France).",
}
CODE_COG_COMMUNE_NAISSANCE: JSONSchema = {
    "type": "string",
    "pattern": r"^([013-9]\d|2[AB1-9])\d{3}$",
    "title": "Code COG de la commune de naissance",
    "x-message": "Le code officiel géographique de la commune de naissance doit comporter "
    "5 caractères (ex. 33063, 2A004).",
}
NOM_COMMUNE_NAISSANCE: JSONSchema = {
    "type": "string",
    "minLength": 1,
    "maxLength": 100,
    "title": "Commune de naissance",
    "x-message": "Saisissez le nom de la commune de naissance.",
}
CODE_COG_DEPARTEMENT_NAISSANCE: JSONSchema = {
    "type": "string",
    "pattern": r"^(\d{2,3}|2[AB])$",
    "title": "Département de naissance",
    "x-message": "Le code du département de naissance n'est pas valide (ex. 33, 2A, 971).",
}
INE: JSONSchema = {
    "type": "string",
    "pattern": r"^[0-9a-zA-Z]{11}$",
    "title": "Identifiant national étudiant (INE)",
    "x-message": "L'INE comporte 11 caractères (chiffres et lettres).",
}
SPI: JSONSchema = {
    "type": "string",
    "pattern": r"^\d{13}$",
    "title": "Numéro fiscal",
    "x-message": "Le numéro fiscal comporte 13 chiffres.",
}
FRANCE_CONNECT_TOKEN: JSONSchema = {
    "type": "string",
    "minLength": 1,
    "maxLength": 4096,
    "pattern": r"^[\x21-\x7e]+$",
    "writeOnly": True,
    "title": "Jeton d'accès FranceConnect",
    "x-message": "Le jeton FranceConnect n'est pas valide.",
}


def date_parts(value: str) -> tuple[int, int | None, int | None]:
    """``"1982-12-27"`` → ``(1982, 12, 27)``; partial dates give ``None`` for missing parts."""
    parts = [int(part) for part in value.split("-")]
    parts += [None] * (3 - len(parts))  # type: ignore[list-item]
    return parts[0], parts[1], parts[2]


def is_valid_birth_date(value: str, today: dt.date | None = None) -> bool:
    """A full or partial date between 1900-01-01 and yesterday."""
    year, month, day = date_parts(value)
    today = today or dt.date.today()
    try:
        earliest = dt.date(year, month or 1, day or 1)
    except ValueError:
        return False
    return dt.date(1900, 1, 1) <= earliest < today


def object_schema(
    properties: dict[str, JSONSchema], required: list[str], **extra: Any
) -> JSONSchema:
    """A closed object schema (unknown inputs are refused)."""
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
        **extra,
    }
