"""Identity-pivot vocabulary → API Particulier civility parameters (``nomNaissance``…)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.datasources.errors import InvalidInput
from app.datasources.identity import FRANCE, date_parts

BORN_IN_FRANCE_WITHOUT_PLACE = (
    "Pour une personne née en France, indiquez le code de la commune de naissance "
    "(ou son nom et le département)."
)
TRANSCOGAGE_WITHOUT_YEAR = (
    "Avec le nom de la commune de naissance, l'année de naissance est nécessaire "
    "(ou indiquez le code de la commune)."
)


def civility_params(
    inputs: Mapping[str, Any],
    *,
    nom_usage: bool = False,
    pays: bool = False,
    birthplace: bool = True,
    max_prenoms: int = 3,
) -> list[tuple[str, str]]:
    """The civility query parameters in the API's names.

    ``pays``: the endpoint takes ``codeCogInseePaysNaissance`` (DSS endpoints); the commune is then
    only sent for people born in France, as the API ignores it otherwise. ``birthplace``: the
    endpoint takes the commune (COG code, or name + département: "transcogage").
    """
    params: list[tuple[str, str]] = [("nomNaissance", inputs["nom_naissance"])]
    if nom_usage and _distinct_usage_name(inputs):
        params.append(("nomUsage", inputs["nom_usage"]))
    params.extend(("prenoms[]", prenom) for prenom in list(inputs["prenoms"])[:max_prenoms])
    if inputs.get("date_naissance"):
        year, month, day = date_parts(inputs["date_naissance"])
        params.append(("anneeDateNaissance", str(year)))
        if month is not None:
            params.append(("moisDateNaissance", str(month)))
            if day is not None:
                params.append(("jourDateNaissance", str(day)))
    if inputs.get("sexe"):
        params.append(("sexeEtatCivil", inputs["sexe"]))
    born_abroad = False
    if pays:
        params.append(("codeCogInseePaysNaissance", inputs["code_cog_pays_naissance"]))
        born_abroad = inputs["code_cog_pays_naissance"] != FRANCE
    if birthplace and not born_abroad:
        params.extend(_birthplace(inputs))
    return params


def _distinct_usage_name(inputs: Mapping[str, Any]) -> bool:
    """A usage name different from the birth name: the spec says that in these APIs « le nom
    d'usage n'est jamais identique au nom de famille », so an identical one is not sent."""
    usage = str(inputs.get("nom_usage") or "").strip()
    return bool(usage) and usage.casefold() != str(inputs["nom_naissance"]).strip().casefold()


def _transcogage(inputs: Mapping[str, Any]) -> bool:
    """Commune name + département given (without a COG code)."""
    return bool(
        inputs.get("nom_commune_naissance") and inputs.get("code_cog_departement_naissance")
    )


def _birthplace(inputs: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The COG code, or the "transcogage" pair — which the spec only accepts as a triplet with
    ``anneeDateNaissance`` (the commune is looked up as it was named in that year)."""
    if inputs.get("code_cog_commune_naissance"):
        return [("codeCogInseeCommuneNaissance", inputs["code_cog_commune_naissance"])]
    if _transcogage(inputs) and inputs.get("date_naissance"):
        return [
            ("nomCommuneNaissance", inputs["nom_commune_naissance"]),
            ("codeCogInseeDepartementNaissance", inputs["code_cog_departement_naissance"]),
        ]
    return []


def require_birthplace_in_france(inputs: Mapping[str, Any]) -> None:
    """DSS endpoints: someone born in France needs a commune (COG code, or name + département
    + birth year)."""
    if inputs.get("code_cog_pays_naissance") != FRANCE or _birthplace(inputs):
        return
    if _transcogage(inputs):
        raise InvalidInput(field_errors={"date_naissance": TRANSCOGAGE_WITHOUT_YEAR})
    raise InvalidInput(field_errors={"code_cog_commune_naissance": BORN_IN_FRANCE_WITHOUT_PLACE})
