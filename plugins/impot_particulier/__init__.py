"""API Impôt particulier (DGFiP): OAuth 2.0 client credentials, ``X-Correlation-ID`` and
``ID_Teleservice`` headers, ``{api}/spi/{spi}/situations/ir/assiettes/annrev/{annrev}`` where
``{api}`` is the gateway's ``/impotparticulier/1.0``.

Reference: the OpenAPI file ``api-impot-particulier.json`` published on api.gouv.fr.
"""

from __future__ import annotations

from app.datasources.base import JSONSchema

PROVIDER = "impot_particulier"
HABILITATION_LABEL = "API Impôt particulier (DGFiP)"
DEFAULT_OAUTH_SCOPE = "RessourceIR"

_URL = {"type": "string", "pattern": "^https?://[^/?#]+(/[^?#]*)?$"}
CONFIG_SCHEMA: JSONSchema = {
    "type": "object",
    "properties": {
        "api_url": {
            **_URL,
            "title": "Adresse de l'API",
            "description": "Adresse de la passerelle DGFiP suivie de /impotparticulier/1.0 "
            "(indiquée dans la convention).",
            "x-message": "Saisissez une adresse web complète (https://…/impotparticulier/1.0).",
        },
        "token_url": {
            **_URL,
            "title": "Adresse du service de jetons OAuth",
            "description": "En général l'adresse de la passerelle suivie de /token.",
            "x-message": "Saisissez une adresse web complète (https://…/token).",
        },
        "client_id": {
            "type": "string",
            "minLength": 1,
            "maxLength": 200,
            "title": "Identifiant client OAuth (client_id)",
            "x-message": "Saisissez l'identifiant client fourni par la DGFiP.",
        },
        "client_secret": {
            "type": "string",
            "minLength": 1,
            "maxLength": 500,
            "writeOnly": True,
            "title": "Secret client OAuth (client_secret)",
            "x-message": "Saisissez le secret client fourni par la DGFiP.",
        },
        "oauth_scope": {
            "type": "string",
            "minLength": 1,
            "maxLength": 200,
            "default": DEFAULT_OAUTH_SCOPE,
            "title": "Périmètre OAuth demandé",
            "description": "RessourceIR pour la situation d'impôt sur le revenu.",
            "x-message": "Indiquez le périmètre OAuth (ex. RessourceIR).",
        },
        "id_teleservice": {
            "type": "string",
            "maxLength": 100,
            "title": "Identifiant du téléservice (ID_Teleservice)",
            "x-message": "L'identifiant du téléservice est trop long.",
        },
    },
    "required": ["api_url", "token_url", "client_id", "client_secret"],
    "additionalProperties": False,
}
