"""API Particulier (DINUM) data sources: v3+ endpoints, ``Authorization: Bearer``, mandatory
``recipient`` (the collectivité's SIRET), 20 requests per second per token.

Reference: https://particulier.api.gouv.fr/developpeurs and the OpenAPI file
``openapi-particulier.yaml`` (v3/v4/v5); staging: https://staging.particulier.api.gouv.fr.
"""

from __future__ import annotations

from app.datasources.base import JSONSchema, RateLimit

PROVIDER = "api_particulier"
HABILITATION_LABEL = "API Particulier"
PRODUCTION_URL = "https://particulier.api.gouv.fr"
RATE_LIMIT = RateLimit(requests=20, period=1.0)

CONFIG_SCHEMA: JSONSchema = {
    "type": "object",
    "properties": {
        "base_url": {
            "type": "string",
            "title": "Adresse de l'API",
            "description": "https://particulier.api.gouv.fr en production, "
            "https://staging.particulier.api.gouv.fr pour le bac à sable officiel.",
            "default": PRODUCTION_URL,
            "pattern": "^https?://[^/?#]+(/[^?#]*)?$",
            "x-message": "Saisissez une adresse web complète (https://…).",
        },
        "token": {
            "type": "string",
            "title": "Jeton d'accès API Particulier",
            "description": "Jeton délivré après l'habilitation DataPass (valable 18 mois).",
            "minLength": 16,
            "maxLength": 4096,
            "pattern": r"^[\x21-\x7e]+$",
            "writeOnly": True,
            "x-message": "Le jeton semble incomplet : copiez-le en entier.",
        },
    },
    "required": ["base_url", "token"],
    "additionalProperties": False,
}
