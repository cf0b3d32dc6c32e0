"""French messages for what people get wrong, from JSON Schema errors and from parsing."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Final

from jsonschema import ValidationError

from app.forms.parsing import MAX_DIGITS, format_number
from app.forms.spec import FieldSpec, Kind

REQUIRED: Final = "Ce champ est obligatoire."
REQUIRED_CHOICE: Final = "Sélectionnez une réponse."
REQUIRED_CHECKBOX: Final = "Vous devez cocher cette case."
EMAIL: Final = "Saisissez une adresse électronique valide, par exemple nom@exemple.fr."
DATE: Final = "Saisissez une date valide, par exemple 15/09/2015."
INTEGER: Final = "Saisissez un nombre entier, par exemple 12."
NUMBER: Final = f"Saisissez un nombre de {MAX_DIGITS} chiffres au plus, par exemple 12,50."
YES_NO: Final = "Répondez par « Oui » ou « Non »."
CHOICE: Final = "Choisissez une des réponses proposées."
PATTERN: Final = "Le format de la valeur saisie n'est pas valide."
UNIQUE: Final = "Chaque réponse ne peut être choisie qu'une fois."
UNKNOWN_FIELD: Final = "Ce champ n'existe pas dans le formulaire."
INVALID: Final = "La valeur saisie n'est pas valide."
BIRTHPLACE: Final = (
    "Indiquez soit la commune de naissance (naissance en France), "
    "soit le pays de naissance (naissance à l'étranger)."
)
COMMUNE_MISSING: Final = "Saisissez le code COG de la commune de naissance."
COUNTRY_MISSING: Final = "Saisissez le code COG du pays de naissance."
COMMUNE_PATTERN: Final = "Le code COG d'une commune a 5 caractères, par exemple 13103 ou 2A004."
COUNTRY_PATTERN: Final = (
    "Le code COG d'un pays a 5 chiffres et commence par 99, par exemple 99134 (99100, la France, "
    "n'est pas un pays de naissance à l'étranger)."
)
NAMES_PATTERN: Final = "Séparez les prénoms par un espace."
CSRF: Final = (
    "Le formulaire a expiré. Vos réponses sont conservées : vérifiez-les puis envoyez-les de "
    "nouveau."
)
TOO_MANY_ITEMS: Final = "Vous ne pouvez pas ajouter d'autre élément."

_TYPE_MESSAGES: Final = {
    "integer": INTEGER,
    "number": NUMBER,
    "boolean": YES_NO,
    "string": "Saisissez un texte.",
    "array": INVALID,
    "object": INVALID,
}
_PATTERN_BY_FIELD: Final = {
    "code_cog_commune_naissance": COMMUNE_PATTERN,
    "code_cog_pays_naissance": COUNTRY_PATTERN,
    "prenoms": NAMES_PATTERN,
}


def plural(count: int, singular: str, several: str) -> str:
    """``1 caractère`` / ``5 caractères``."""
    return f"{count} {singular if abs(count) < 2 else several}"  # French: 0 and 1 are singular


def number(value: Any) -> str:
    """A bound as written in French (``0,01``, ``1 500``)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return format_number(value)


def range_message(schema: Mapping[str, Any]) -> str:
    """« La valeur doit être comprise entre 0 et 10. » and its one-sided variants."""
    low = schema.get("minimum")
    high = schema.get("maximum")
    low_strict = schema.get("exclusiveMinimum")
    high_strict = schema.get("exclusiveMaximum")
    if low is not None and high is not None:
        return f"La valeur doit être comprise entre {number(low)} et {number(high)}."
    parts = []
    if low is not None:
        parts.append(f"supérieure ou égale à {number(low)}")
    if low_strict is not None:
        parts.append(f"strictement supérieure à {number(low_strict)}")
    if high is not None:
        parts.append(f"inférieure ou égale à {number(high)}")
    if high_strict is not None:
        parts.append(f"strictement inférieure à {number(high_strict)}")
    return "La valeur doit être " + " et ".join(parts) + "."


def multiple_message(divisor: Any) -> str:
    """« Saisissez au plus 2 chiffres après la virgule. » for 0.01, else « un multiple de 5 »."""
    if isinstance(divisor, float):
        exponent = Decimal(repr(divisor)).normalize().as_tuple()
        if exponent.digits == (1,) and isinstance(exponent.exponent, int) and exponent.exponent < 0:
            places = -exponent.exponent
            return f"Saisissez au plus {plural(places, 'chiffre', 'chiffres')} après la virgule."
    return f"La valeur doit être un multiple de {number(divisor)}."


def items_message(keyword: str, count: int, spec: FieldSpec | None) -> str:
    """Too few or too many items of a group, answers of a multiple choice, or first names."""
    least = keyword == "minItems"
    bound = "au moins" if least else "au plus"
    if spec is not None and spec.kind is Kind.MULTI:
        return f"Cochez {bound} {plural(count, 'réponse', 'réponses')}."
    if spec is not None and spec.kind is Kind.NAMES:
        return f"Saisissez {bound} {plural(count, 'prénom', 'prénoms')}."
    if spec is not None and spec.kind is Kind.GROUP and least:
        return f"Ajoutez au moins {plural(count, 'élément', 'éléments')}."
    return f"Saisissez {bound} {plural(count, 'élément', 'éléments')}."


def message_for(error: ValidationError, spec: FieldSpec | None) -> str:
    """The French message of one jsonschema error about the field ``spec`` (if known)."""
    keyword = error.validator
    value = error.validator_value
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    if keyword == "required":
        return REQUIRED
    if keyword == "type":
        kind_type = value[0] if isinstance(value, list) else value
        return _TYPE_MESSAGES.get(kind_type, INVALID)
    if keyword in ("enum", "oneOf") and spec is not None and spec.kind is Kind.IDENTITY:
        return BIRTHPLACE
    if keyword in ("enum", "oneOf", "const"):
        if keyword == "const" and spec is not None and spec.kind is Kind.CHECKBOX:
            return REQUIRED_CHECKBOX
        return CHOICE
    if keyword == "format":
        return {"email": EMAIL, "date": DATE}.get(value, INVALID)
    if keyword in ("minLength", "maxLength"):
        bound = "au moins" if keyword == "minLength" else "au plus"
        return f"Saisissez {bound} {plural(value, 'caractère', 'caractères')}."
    if keyword == "pattern":
        custom = spec.options.get("patternMessage") if spec is not None else None
        by_field = _PATTERN_BY_FIELD.get(spec.name) if spec is not None else None
        return custom or by_field or PATTERN
    if keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        return range_message(schema)
    if keyword == "multipleOf":
        return multiple_message(value)
    if keyword in ("minItems", "maxItems"):
        return items_message(keyword, value, spec)
    if keyword == "uniqueItems":
        return UNIQUE
    if keyword in ("additionalProperties", "unevaluatedProperties"):
        return UNKNOWN_FIELD
    return INVALID
