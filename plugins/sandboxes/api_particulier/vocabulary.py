"""Staging test-case parameters → Tremplin's identity-pivot vocabulary (docs/datasources.md).

Used by the contract tests (each official case becomes the inputs a form would produce) and to
list the test identities in the documentation.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

NAMES = {
    "nomNaissance": "nom_naissance",
    "nomUsage": "nom_usage",
    "prenoms": "prenoms",
    "sexeEtatCivil": "sexe",
    "codeCogInseePaysNaissance": "code_cog_pays_naissance",
    "codeCogInseeCommuneNaissance": "code_cog_commune_naissance",
    "nomCommuneNaissance": "nom_commune_naissance",
    "codeCogInseeDepartementNaissance": "code_cog_departement_naissance",
    "annee": "annee",
    "mois": "mois",
    "ine": "ine",
    "campaignYear": "annee_campagne",
    "codeEtablissement": "code_etablissement",
    "anneeScolaire": "annee_scolaire",
    "degreEtablissement": "degre_etablissement",
    "codesBcnDepartements": "codes_bcn_departements",
    "codesBcnRegions": "codes_bcn_regions",
}
DATE_PARTS = ("anneeDateNaissance", "moisDateNaissance", "jourDateNaissance")
INTEGERS = {"annee", "mois", "annee_campagne"}


def to_inputs(params: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """(inputs, names of parameters the vocabulary cannot express — e.g. misspelt keys)."""
    inputs: dict[str, Any] = {}
    unknown: list[str] = []
    for name, value in params.items():
        if name in DATE_PARTS:
            continue
        target = NAMES.get(name)
        if target is None:
            unknown.append(name)
        elif target in INTEGERS:
            inputs[target] = int(value)
        elif target == "sexe":
            inputs[target] = str(value).upper()
        elif isinstance(value, list):
            inputs[target] = [str(v) for v in value]
        else:
            inputs[target] = str(value)
    date = _date(params)
    if date is not None:
        inputs["date_naissance"] = date
    return inputs, unknown


def _date(params: Mapping[str, Any]) -> str | None:
    year, month, day = (params.get(name) for name in DATE_PARTS)
    if year is None:
        return None
    text = f"{int(year):04d}"
    if month is not None:
        text += f"-{int(month):02d}"
        if day is not None:
            text += f"-{int(day):02d}"
    return text
