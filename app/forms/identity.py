"""The reusable identity block (« identité ») and the data-source vocabulary it produces.

A form property ``{"$ref": IDENTITY_SCHEMA_ID}`` is rendered as one fieldset (nom de naissance, nom
d'usage, prénoms, sexe, date et lieu de naissance). Its stored answer uses exactly the keys the
data-source plugins take as identity pivot::

    {"nom_naissance": "DUPONT", "prenoms": ["Laura", "Marie"], "sexe": "F",
     "date_naissance": "2013-11-15", "code_cog_commune_naissance": "13103"}

(``code_cog_pays_naissance`` instead of the commune for a birth abroad; ``nom_usage`` optional.)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

IDENTITY_SCHEMA_ID: Final = "https://schemas.tremplin.fr/forms/v1/identite.schema.json"
"""``$id`` of the identity block schema (``schemas/forms/v1/identite.schema.json``)."""

IDENTITY_FIELD: Final = "identite"
"""Value of ``ui:field`` that names the identity block (optional: the ``$ref`` is what counts)."""

BIRTHPLACE: Final = "lieu_naissance"
"""Form-only radio (« En France » / « À l'étranger ») choosing which COG code is kept."""

IN_FRANCE: Final = "france"
ABROAD: Final = "etranger"

PIVOT_KEYS: Final = (
    "nom_naissance",
    "prenoms",
    "sexe",
    "date_naissance",
    "code_cog_commune_naissance",
    "code_cog_pays_naissance",
)
"""Keys the data sources take (``nom_usage`` is kept for people, not sent to sources)."""

# Presentation of the block's inputs: (label, hint, autocomplete token when about the user).
PRESENTATION: Final[dict[str, tuple[str, str | None, str | None]]] = {
    "nom_naissance": (
        "Nom de naissance",
        "Le nom inscrit sur l'acte de naissance.",
        "family-name",
    ),
    "nom_usage": (
        "Nom d'usage",
        "Par exemple le nom d'époux ou d'épouse, s'il est différent du nom de naissance.",
        None,
    ),
    "prenoms": (
        "Prénoms",
        "Tous les prénoms de l'état civil, dans l'ordre, séparés par un espace. "
        "Un prénom composé garde son trait d'union (Jean-Pierre).",
        "given-name",
    ),
    "sexe": ("Sexe à l'état civil", None, None),
    "date_naissance": ("Date de naissance", "Par exemple : 15/09/2015.", "bday"),
    BIRTHPLACE: ("Lieu de naissance", None, None),
    "code_cog_commune_naissance": (
        "Commune de naissance (si né ou née en France) : code COG",
        "Le code officiel géographique de la commune (5 caractères, par exemple 13103), "
        "différent du code postal. Il figure sur le site de l'Insee.",
        None,
    ),
    "code_cog_pays_naissance": (
        "Pays de naissance (si né ou née à l'étranger) : code COG",
        "Le code officiel géographique du pays (5 chiffres commençant par 99, par exemple "
        "99134 pour l'Espagne).",
        None,
    ),
}

BIRTHPLACE_CHOICES: Final = ((IN_FRANCE, "En France"), (ABROAD, "À l'étranger"))


def is_identity(schema: Mapping[str, Any]) -> bool:
    """Whether a property schema is the identity block."""
    return schema.get("$ref") == IDENTITY_SCHEMA_ID


def birthplace_of(value: Mapping[str, Any]) -> str | None:
    """The birthplace choice implied by a stored identity (for prefilling the radio)."""
    if value.get("code_cog_commune_naissance"):
        return IN_FRANCE
    if value.get("code_cog_pays_naissance"):
        return ABROAD
    return None


def keep_birthplace(value: dict[str, Any], choice: str | None) -> dict[str, Any]:
    """Drop the COG code the birthplace choice excludes (without a choice, keep what was typed)."""
    if choice == IN_FRANCE:
        value.pop("code_cog_pays_naissance", None)
    elif choice == ABROAD:
        value.pop("code_cog_commune_naissance", None)
    return value


FRANCE_COG = "99100"
"""COG code of France as a country of birth (the APIs want it with the commune code)."""


def pivot(value: Mapping[str, Any]) -> dict[str, Any]:
    """The data-source inputs of a stored identity (``nom_usage`` left out).

    Someone born in France has a commune code and, for the APIs, the country code 99100.
    """
    inputs = {key: value[key] for key in PIVOT_KEYS if key in value}
    if inputs.get("code_cog_commune_naissance") and "code_cog_pays_naissance" not in inputs:
        inputs["code_cog_pays_naissance"] = FRANCE_COG
    return inputs
