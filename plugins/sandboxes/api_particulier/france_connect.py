"""Fake FranceConnect access tokens, as on staging: ``Authorization: Bearer <name>``.

Two families of names:

- the official fake tokens (``all_fc``, ``cnaf_qfv2``, ``cnous``, ``mesri``…), the ``token`` of each
  file in ``payloads/france_connect/``;
- ``fc_integration_<identifiant>`` (e.g. ``fc_integration_test`` for Angela DUBOIS): the
  FranceConnect *integration* identities of ``france_connect_identities.csv``
  (france-connect/identity-provider-example ``database.csv``). On staging a real integration token
  for these people selects their test cases; here a fake token stands in for it, with every
  API Particulier scope.

Each maps to introspection claims whose identity becomes the civility parameters (mapping of
``FranceConnectable#civility_parameters_from_france_connect``).
"""

from __future__ import annotations

import csv
import functools
import json
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from plugins.sandboxes.api_particulier.cases import PAYLOADS, match_subset
from plugins.sandboxes.api_particulier.endpoints import ALL_SCOPES

IDENTITIES = Path(__file__).resolve().parent / "france_connect_identities.csv"
INTEGRATION_PREFIX = "fc_integration_"
FRANCE = "99100"
IDENTITY_CLAIMS = ("family_name", "given_name", "birthdate", "gender", "birthcountry")


@functools.cache
def introspections() -> dict[str, dict[str, Any]]:
    """token name → ``token_introspection`` claims."""
    result: dict[str, dict[str, Any]] = {}
    for path in sorted((PAYLOADS / "france_connect").glob("*.y*ml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        payload = json.loads(document["payload"])
        result[str(document["params"]["token"])] = payload["token_introspection"]
    with IDENTITIES.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            row = {key.strip(): (value or "").strip() for key, value in row.items()}
            result[INTEGRATION_PREFIX + _ascii(row["identifiant"])] = _integration_claims(row)
    return result


def _ascii(text: str) -> str:
    """Token names travel in an HTTP header: ``prénom_composé`` → ``prenom_compose``."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _integration_claims(row: dict[str, str]) -> dict[str, Any]:
    claims: dict[str, Any] = {
        "active": True,
        "acr": "eidas1",
        "scope": " ".join(("openid", "identite_pivot", *ALL_SCOPES)),
        "family_name": row["nomDeNaissance"],
        "given_name": row["prenoms"],
        "given_name_array": row["prenoms"].split(),
        "birthdate": row["dateDeNaissance"],
        "gender": row["genre"],
        "birthplace": row["codePostalLieuDeNaissance"],
        "birthcountry": row["codePaysDeNaissance"],
    }
    if row.get("nomDUsage"):
        claims["preferred_username"] = row["nomDUsage"]
    return claims


def identity(token: str) -> dict[str, Any] | None:
    """The introspected identity of an active fake token, or ``None``."""
    claims = introspections().get(token)
    if not claims or not claims.get("active"):
        return None
    return claims


def has_pivot_identity(claims: dict[str, Any]) -> bool:
    """FranceConnect gave every identity-pivot claim the API needs (else 50003)."""
    return all(claims.get(name) for name in IDENTITY_CLAIMS)


def scopes(claims: dict[str, Any]) -> set[str]:
    """Business scopes granted at FranceConnect authorisation time."""
    return set(str(claims.get("scope", "")).split())


def derived_params(claims: dict[str, Any]) -> dict[str, Any]:
    """Civility parameters under every name the test cases use (v3, v2 and FC claim names)."""
    year, month, day = _date(str(claims["birthdate"]))
    given = str(claims["given_name"])
    prenoms = claims.get("given_name_array") or given.split()
    sexe = "M" if claims.get("gender") == "male" else "F"
    params: dict[str, Any] = {
        "nomNaissance": claims["family_name"],
        "family_name": claims["family_name"],
        "nom": claims["family_name"],
        "prenoms": prenoms,
        "given_name": given,
        "birthdate": claims["birthdate"],
        "gender": claims.get("gender"),
        "sexeEtatCivil": sexe,
        "sexe": sexe,
        "codeCogInseePaysNaissance": claims["birthcountry"],
        "codePaysLieuDeNaissance": claims["birthcountry"],
        "birthcountry": claims["birthcountry"],
    }
    for v3, v2, value in (
        ("anneeDateNaissance", "anneeDateDeNaissance", year),
        ("moisDateNaissance", "moisDateDeNaissance", month),
        ("jourDateNaissance", "jourDateDeNaissance", day),
    ):
        if value:
            params[v3] = params[v2] = value
    if claims["birthcountry"] == FRANCE and claims.get("birthplace"):
        for name in ("codeCogInseeCommuneNaissance", "codeInseeLieuDeNaissance", "birthplace"):
            params[name] = claims["birthplace"]
    if claims.get("preferred_username"):
        for name in ("nomUsage", "preferred_username"):
            params[name] = claims["preferred_username"]
    return params


def _date(value: str) -> tuple[int, int, int]:
    parts = [int(part) if part.isdigit() else 0 for part in value.split("-")]
    return tuple([*parts, 0, 0, 0][:3])  # type: ignore[return-value]


def optional_keys(claims: dict[str, Any]) -> frozenset[str]:
    """Case keys not compared: the nom d'usage when FranceConnect did not give one."""
    if claims.get("preferred_username"):
        return frozenset()
    return frozenset({"nomUsage", "preferred_username"})


def token_for(
    operation: str, case_name: str, wanted: set[str], query: dict[str, Any] | None = None
) -> str | None:
    """A fake token whose identity (with the ``query`` parameters, e.g. ``campaignYear``) selects
    this FranceConnect test case and that grants one of the ``wanted`` scopes, or ``None``."""
    for token, claims in introspections().items():
        if not claims.get("active") or not has_pivot_identity(claims):
            continue
        if not scopes(claims) & wanted:
            continue
        derived = {**derived_params(claims), **(query or {})}
        case = match_subset(operation, derived, optional_keys(claims))
        if case is not None and case.name == case_name:
            return token
    return None
