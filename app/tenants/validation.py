"""Validation of collectivité identifiers (SIRET, COG code, slug), with French messages."""

from __future__ import annotations

import re

from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength, ValidationError
from stdnum.fr import siret as stdnum_siret

SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
# COG code of a commune, département or région: 2A/2B for Corsica, 97x overseas.
COG = re.compile(r"^(?:\d{2}|2[AB]|97\d)\d{0,3}$")


class InvalidIdentifier(ValueError):
    """An identifier is malformed; ``str(error)`` is the French message for the user."""


def clean_siret(value: str) -> str:
    """Normalise and validate a SIRET (14 digits, Luhn key; La Poste's special rule included)."""
    if not stdnum_siret.compact(value or ""):
        raise InvalidIdentifier("Saisissez le numéro SIRET : 14 chiffres.")
    try:
        return stdnum_siret.validate(value)
    except InvalidLength as error:
        raise InvalidIdentifier("Le SIRET doit comporter 14 chiffres.") from error
    except InvalidFormat as error:
        raise InvalidIdentifier("Le SIRET ne doit contenir que des chiffres.") from error
    except InvalidChecksum as error:
        raise InvalidIdentifier(
            "Ce SIRET n'est pas valide : sa clé de contrôle ne correspond pas."
        ) from error
    except ValidationError as error:
        raise InvalidIdentifier("Ce SIRET n'est pas valide.") from error


def clean_cog(value: str) -> str:
    """Validate a COG/INSEE code (commune: 5 characters; département: 2-3; région: 2)."""
    code = value.strip().upper()
    if not COG.match(code) or len(code) not in (2, 3, 5):
        raise InvalidIdentifier(
            "Le code COG doit être un code INSEE de commune (5 caractères, ex. 75056), "
            "de département (ex. 33, 2A, 974) ou de région (ex. 84)."
        )
    return code


def clean_slug(value: str) -> str:
    """Validate a URL identifier: lowercase letters, digits and dashes."""
    slug = value.strip().lower()
    if not SLUG.match(slug):
        raise InvalidIdentifier(
            "L'identifiant ne peut contenir que des lettres minuscules sans accent, des chiffres "
            "et des tirets (63 caractères au plus)."
        )
    return slug
