"""Parameter validation of the v3+ endpoints, run before matching as on staging (the real
application validates; only then are the test cases consulted). Returns the first error's code.

Rules from the OpenAPI file and siade's interactors (``CNAV::Validate*``, ``MEN::Scolarites::
ValidateSearchParams``…); codes and texts from ``siade/config/errors.yml``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

SIRET = re.compile(r"^\d{14}$")
LA_POSTE_SIREN = "356000000"
COG_COMMUNE = re.compile(r"^([013-9]\d|2[AB1-9])\d{3}$")
COG_PAYS = re.compile(r"^\d{5}$")
DEPARTEMENT = re.compile(r"^(\d{2,3}|2[AB])$")
PRENOM = re.compile(r"^[a-zA-ZÀ-ÖØ-öø-ÿ' -]+$")
INE = re.compile(r"^[0-9a-zA-Z]{11}$")
UAI = re.compile(r"^\d{7}[a-zA-Z]$")
ANNEE_SCOLAIRE = re.compile(r"^\d{4}(-\d{4})?$")
# siade/config/data/men/codes_bcn_departements.yml: 3 digits, and 02A/02B for Corsica.
BCN_DEPARTEMENT = re.compile(r"^(\d{3}|02[AB])$")
BCN_REGION = re.compile(r"^\d{2}$")

DETAILS = {
    "00203": "Le paramètre recipient est obligatoire",
    "00210": "Le paramètre recipient n'est pas un siret valide",
    "00353": "L'année demandée n'est pas correctement formatée ou est dans le futur.",
    "00354": "Le mois demandé n'est pas correctement formaté ou est dans le futur.",
    "00356": "L'année doit être l'année en cours, ou l'une des deux années précédentes.",
    "00360": "Le numéro d'INE n'est pas correctement formatté",
    "00363": "La date de naissance n'est pas correctement formatté",
    "00364": "Le sexe n'est pas correctement formaté (m ou f)",
    "00366": "Un ou plusieurs paramètres de civilité ne sont pas correctement formatés",
    "00367": "Le ou les prénoms sont manquants.",
    "00368": "L'année de campagne (campaignYear) n'est pas correctement formatée: doit être "
    "comprise entre 2021 et l'année courante - 1",
    "00400": "Le code pays INSEE n'est pas correctement formaté",
    "00410": "Le code établissement n'est pas correctement formaté: celui doit être composé de "
    "7 chiffres et 1 lettre",
    "00411": "L'année scolaire n'est pas correctement formatée: doit être sur le format YYYY "
    "ou YYYY-YYYY)",
    "00412": "Le degré d'établissement n'est pas correctement formaté: doit être 1D ou 2D",
    "00413": "Le périmètre géographique est invalide: exactement un type de périmètre doit être "
    "fourni",
    "00416": "Le code département BCN MEN est invalide: valeur non reconnue",
    "00417": "Le code région BCN MEN est invalide: valeur non reconnue",
    "00419": "Les paramètres codeEtablissement et périmètre (codesBcnRegions/codesBcnDepartements) "
    "sont mutuellement exclusifs",
    "00420": "Le nom de naissance est manquant",
    "00421": "Le(s) prenom(s) est manquant",
    "00422": "L'annee de naissance est manquante",
    "00423": "Le mois de naissance est manquant",
    "00424": "Le jour de naissance est manquant",
    "00425": "La date de naissance n'est pas valide",
    "00426": "Le code cog de la commune de naissance est manquant",
    "00427": "Le sexe de l'état civil est manquant",
    "00428": "Le code cog du département de naissance est manquant ou invalide",
}
PARAMETER = {"00203": "recipient", "00210": "recipient"}


def luhn(digits: str) -> bool:
    """Luhn checksum (SIREN/SIRET keys)."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def recipient_error(recipient: str | None) -> str | None:
    """00210 unless ``recipient`` is a SIRET (14 digits, Luhn; La Poste exempt)."""
    if not recipient or not SIRET.match(recipient):
        return "00210"
    if recipient.startswith(LA_POSTE_SIREN) or luhn(recipient):
        return None
    return "00210"


def _int(value: Any) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _prenoms_error(params: Mapping[str, Any], max_items: int = 3) -> str | None:
    prenoms = params.get("prenoms")
    if prenoms is None or prenoms == []:
        return "00421"
    if not isinstance(prenoms, list) or len(prenoms) > max_items:
        return "00367"
    if not all(isinstance(p, str) and PRENOM.match(p) for p in prenoms):
        return "00367"
    return None


def _sexe_error(params: Mapping[str, Any], required: bool) -> str | None:
    sexe = params.get("sexeEtatCivil")
    if _blank(sexe):
        return "00427" if required else None
    return None if str(sexe).upper() in ("M", "F") else "00364"


def _full_date_error(params: Mapping[str, Any], today: dt.date) -> str | None:
    for name, code in (
        ("anneeDateNaissance", "00422"),
        ("moisDateNaissance", "00423"),
        ("jourDateNaissance", "00424"),
    ):
        if _int(params.get(name)) is None:
            return code
    return _date_error(params, today, "00425")


def _date_error(params: Mapping[str, Any], today: dt.date, code: str = "00363") -> str | None:
    year, month, day = (
        params.get(name)
        for name in ("anneeDateNaissance", "moisDateNaissance", "jourDateNaissance")
    )
    if year is not None and (_int(year) or 0) <= 0:
        return code
    if month is not None and not 1 <= (_int(month) or 0) <= 12:
        return code
    if day is not None and not 1 <= (_int(day) or 0) <= 31:
        return code
    if None in (year, month, day):
        return None
    try:
        date = dt.date(_int(year) or 0, _int(month) or 0, _int(day) or 0)
    except ValueError:
        return code
    return None if dt.date(1900, 1, 1) <= date < today else code


def _birthplace_error(params: Mapping[str, Any], *, required: bool) -> str | None:
    commune = params.get("codeCogInseeCommuneNaissance")
    if not _blank(commune):
        return None if COG_COMMUNE.match(str(commune)) else "00426"
    names = ("nomCommuneNaissance", "codeCogInseeDepartementNaissance", "anneeDateNaissance")
    if all(not _blank(params.get(name)) for name in names):
        departement = str(params["codeCogInseeDepartementNaissance"])
        return None if DEPARTEMENT.match(departement) else "00428"
    return "00426" if required else None


def _qf_period_error(params: Mapping[str, Any], today: dt.date) -> str | None:
    annee, mois = params.get("annee"), params.get("mois")
    year = today.year
    if annee is not None:
        year = _int(annee) or 0
        if year <= 0 or year > today.year:
            return "00353"
        if year < today.year - 2:
            return "00356"
    if mois is not None:
        month = _int(mois) or 0
        if not 1 <= month <= 12 or (year == today.year and month > today.month):
            return "00354"
    return None


def cnav(params: Mapping[str, Any], today: dt.date) -> str | None:
    """QF, C2S, RSA (identity modality)."""
    if _blank(params.get("nomNaissance")):
        return "00420"
    for error in (
        _prenoms_error(params),
        _sexe_error(params, required=True),
        None if COG_PAYS.match(str(params.get("codeCogInseePaysNaissance") or "")) else "00400",
        _date_error(params, today),
    ):
        if error:
            return error
    if params.get("codeCogInseePaysNaissance") == "99100":
        error = _birthplace_error(params, required=True)
        if error:
            return error
    return _qf_period_error(params, today)


def men(params: Mapping[str, Any], today: dt.date) -> str | None:
    """Statut élève (v5): civility, school year, exactly one perimeter."""
    if _blank(params.get("nomNaissance")):
        return "00420"
    for error in (
        _prenoms_error(params),
        _sexe_error(params, required=True),
        _full_date_error(params, today),
    ):
        if error:
            return error
    if not ANNEE_SCOLAIRE.match(str(params.get("anneeScolaire") or "")):
        return "00411"
    uai = params.get("codeEtablissement")
    departements, regions = params.get("codesBcnDepartements"), params.get("codesBcnRegions")
    if not _blank(uai) and (departements or regions):
        return "00419"
    if departements and regions:
        return "00413"
    if _blank(uai) and not (departements or regions):
        return "00410"
    if not _blank(uai) and not UAI.match(str(uai)):
        return "00410"
    if departements and not all(BCN_DEPARTEMENT.match(str(c)) for c in departements):
        return "00416"
    if regions and not all(BCN_REGION.match(str(c)) for c in regions):
        return "00417"
    degre = params.get("degreEtablissement")
    if not _blank(degre) and degre not in ("1D", "2D"):
        return "00412"
    return None


def _campaign_year_error(params: Mapping[str, Any], today: dt.date) -> str | None:
    value = params.get("campaignYear")
    if value is None:
        return None
    year = _int(value)
    return None if year is not None and 2021 <= year <= today.year else "00368"


def cnous(params: Mapping[str, Any], today: dt.date) -> str | None:
    """Statut étudiant boursier (v4), identity modality."""
    if _blank(params.get("nomNaissance")):
        return "00420"
    for error in (
        _prenoms_error(params),
        _full_date_error(params, today),
        _sexe_error(params, required=False),
        _birthplace_error(params, required=False),
        _campaign_year_error(params, today),
    ):
        if error:
            return error
    return None


def mesri(params: Mapping[str, Any], today: dt.date) -> str | None:
    """Statut étudiant (v3), identity modality: a single first name."""
    if _blank(params.get("nomNaissance")):
        return "00420"
    for error in (
        _prenoms_error(params, max_items=1),
        _full_date_error(params, today),
        _sexe_error(params, required=True),
        _birthplace_error(params, required=False),
    ):
        if error:
            return error
    return None


def ine(params: Mapping[str, Any], today: dt.date) -> str | None:
    """INE modality (CNOUS, MESRI)."""
    if not INE.match(str(params.get("ine") or "")):
        return "00360"
    return _campaign_year_error(params, today)


def france_connect(params: Mapping[str, Any], today: dt.date) -> str | None:
    """FranceConnect modality: only the QF period or the campaign year can be wrong."""
    return _qf_period_error(params, today) or _campaign_year_error(params, today)


VALIDATORS: dict[str, Callable[[Mapping[str, Any], dt.date], str | None]] = {
    "cnav": cnav,
    "men": men,
    "cnous": cnous,
    "mesri": mesri,
}


def validate(family: str, modality: str, params: Mapping[str, Any], today: dt.date) -> str | None:
    """The first error code for an endpoint's parameters, or ``None``."""
    if modality == "france_connect":
        return france_connect(params, today)
    if modality == "ine":
        return ine(params, today)
    return VALIDATORS[family](params, today)
