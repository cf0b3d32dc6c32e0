"""DSS benefit statuses: C2S (``/v3/dss/complementaire_sante_solidaire``) and RSA
(``/v3/dss/revenu_solidarite_active``), identity or FranceConnect modality."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from app.datasources.base import JSONSchema
from plugins.api_particulier.civility import civility_params, require_birthplace_in_france
from plugins.api_particulier.schemas import civility_inputs, modal_inputs, nullable
from plugins.api_particulier.source import FRANCE_CONNECT, IDENTITE, ApiParticulierSource

_IDENTITY_REQUIRED = ["nom_naissance", "prenoms", "sexe", "code_cog_pays_naissance"]
_INPUTS = modal_inputs(
    civility_inputs(partial_date=True, nom_usage=True, pays=True), _IDENTITY_REQUIRED
)


class _DssStatus(ApiParticulierSource):
    """A yes/no benefit status from the social-security (DSS) endpoints; cached 1 h upstream."""

    ttl_seconds = 3600
    input_schema = _INPUTS

    def params(self, modality: str, inputs: Mapping[str, Any]) -> list[tuple[str, str]]:
        """Civility in the identity modality, nothing with FranceConnect."""
        if modality == FRANCE_CONNECT:
            return []
        require_birthplace_in_france(inputs)
        return civility_params(inputs, nom_usage=True, pays=True)


class ComplementaireSanteSolidaire(_DssStatus):
    """Whether the person benefits from the Complémentaire santé solidaire."""

    id = "api_particulier.c2s"
    label = "Complémentaire santé solidaire (C2S)"
    description = "Bénéficiaire de la C2S, avec ou sans participation financière, date d'ouverture."
    provider_label = "Sécurité sociale (RNCPS) via API Particulier"
    scopes = ("complementaire_sante_solidaire",)
    paths: ClassVar[dict[str, str]] = {
        IDENTITE: "/v3/dss/complementaire_sante_solidaire/identite",
        FRANCE_CONNECT: "/v3/dss/complementaire_sante_solidaire/france_connect",
    }
    output_schema: ClassVar[JSONSchema] = {
        "type": "object",
        "properties": {
            "est_beneficiaire": {"type": "boolean", "title": "Bénéficiaire de la C2S"},
            "avec_participation": nullable("boolean", "C2S avec participation financière"),
            "date_debut_droit": nullable("string", "Début du droit à la C2S"),
        },
    }


class RevenuSolidariteActive(_DssStatus):
    """Whether the person receives the RSA."""

    id = "api_particulier.rsa"
    label = "Revenu de solidarité active (RSA)"
    description = "Bénéficiaire du RSA, avec ou sans majoration, date d'ouverture du droit."
    provider_label = "CNAF/MSA via API Particulier"
    scopes = ("revenu_solidarite_active",)
    optional_scopes = ("revenu_solidarite_active_majoration",)
    paths: ClassVar[dict[str, str]] = {
        IDENTITE: "/v3/dss/revenu_solidarite_active/identite",
        FRANCE_CONNECT: "/v3/dss/revenu_solidarite_active/france_connect",
    }
    output_schema: ClassVar[JSONSchema] = {
        "type": "object",
        "properties": {
            "est_beneficiaire": {"type": "boolean", "title": "Bénéficiaire du RSA"},
            "avec_majoration": nullable("boolean", "RSA majoré"),
            "date_debut_droit": nullable("string", "Début du droit au RSA"),
        },
    }
