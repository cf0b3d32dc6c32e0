"""Conformance of the API Particulier clients with the official OpenAPI file
(``openapi-particulier.yaml``, datagouv/apistration, 2026-04-27), for behaviour our sandbox does
not exercise: request shape checked against the documented parameters, documented ``null``s and
optional fields, gateway pages, 429 without ``RateLimit-*`` headers.

These tests use an ``httpx.MockTransport`` (no sandbox): it records each request and answers the
exact bodies and headers the specification documents.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from app.datasources.base import DataSource, FetchContext
from app.datasources.errors import ConfigurationError, NotFound, RateLimited, Unavailable
from app.datasources.memo import TTLMemo
from app.datasources.service import clean_inputs
from app.datasources.validation import field_errors
from plugins.api_particulier.etudiant_boursier import EtudiantBoursier
from plugins.api_particulier.prestations import ComplementaireSanteSolidaire, RevenuSolidariteActive
from plugins.api_particulier.quotient_familial import QuotientFamilial
from plugins.api_particulier.scolarite import Scolarite
from plugins.api_particulier.statut_etudiant import StatutEtudiant

BASE = "https://particulier.example.gouv.fr"
TOKEN = "jeton-api-particulier-de-test-0123456789"
RECIPIENT = "13002526500013"
FC_TOKEN = "jeton-franceconnect-de-test"
Handler = Callable[[httpx.Request], httpx.Response]

#: Documented query parameters of each path: name → required (``[]`` marks repeated arrays).
CNAV = {
    "recipient": True,
    "nomNaissance": True,
    "nomUsage": False,
    "prenoms[]": True,
    "anneeDateNaissance": False,
    "moisDateNaissance": False,
    "jourDateNaissance": False,
    "sexeEtatCivil": True,
    "codeCogInseePaysNaissance": True,
    "codeCogInseeCommuneNaissance": False,
    "nomCommuneNaissance": False,
    "codeCogInseeDepartementNaissance": False,
}
FULL_DATE = {"anneeDateNaissance": True, "moisDateNaissance": True, "jourDateNaissance": True}
BIRTHPLACE = {
    "codeCogInseeCommuneNaissance": False,
    "nomCommuneNaissance": False,
    "codeCogInseeDepartementNaissance": False,
}
SPEC: dict[str, dict[str, bool]] = {
    "/v3/dss/quotient_familial/identite": {**CNAV, "annee": False, "mois": False},
    "/v3/dss/quotient_familial/france_connect": {"recipient": True, "annee": False, "mois": False},
    "/v3/dss/complementaire_sante_solidaire/identite": CNAV,
    "/v3/dss/complementaire_sante_solidaire/france_connect": {"recipient": True},
    "/v3/dss/revenu_solidarite_active/identite": CNAV,
    "/v3/dss/revenu_solidarite_active/france_connect": {"recipient": True},
    "/v5/men/scolarites/identite": {
        "recipient": True,
        "nomNaissance": True,
        "prenoms[]": True,
        "sexeEtatCivil": True,
        **FULL_DATE,
        "codeEtablissement": False,
        "anneeScolaire": True,
        "degreEtablissement": False,
        "codesBcnDepartements[]": False,
        "codesBcnRegions[]": False,
    },
    "/v4/cnous/etudiant_boursier/identite": {
        "recipient": True,
        "nomNaissance": True,
        "prenoms[]": True,
        **FULL_DATE,
        "sexeEtatCivil": False,
        **BIRTHPLACE,
        "campaignYear": False,
    },
    "/v4/cnous/etudiant_boursier/ine": {"recipient": True, "ine": True, "campaignYear": False},
    "/v4/cnous/etudiant_boursier/france_connect": {"recipient": True, "campaignYear": False},
    "/v3/mesri/statut_etudiant/identite": {
        "recipient": True,
        "nomNaissance": True,
        "prenoms[]": True,
        **FULL_DATE,
        "sexeEtatCivil": True,
        **BIRTHPLACE,
    },
    "/v3/mesri/statut_etudiant/ine": {"recipient": True, "ine": True},
    "/v3/mesri/statut_etudiant/france_connect": {"recipient": True},
}
MAX_PRENOMS = {"/v3/mesri/statut_etudiant/identite": 1}
INTEGERS = {"anneeDateNaissance", "moisDateNaissance", "jourDateNaissance", "annee", "mois"}
INTEGERS |= {"campaignYear"}

DSS_PERSON = {
    "nom_naissance": "DUPONT",
    "nom_usage": "MARTIN",
    "prenoms": ["JEANNE", "LAURE"],
    "date_naissance": "1993-08-07",
    "sexe": "F",
    "code_cog_pays_naissance": "99100",
    "code_cog_commune_naissance": "08480",
}
STUDENT = {
    "nom_naissance": "DURAND",
    "prenoms": ["SOPHIE", "MARIE", "ANNE"],
    "date_naissance": "2000-03-25",
    "sexe": "F",
    "nom_commune_naissance": "Lyon",
    "code_cog_departement_naissance": "69",
}
PUPIL = {
    "nom_naissance": "MARTIN",
    "prenoms": ["EMMA"],
    "sexe": "F",
    "date_naissance": "2012-08-15",
    "annee_scolaire": "2025",
}
CASES: list[tuple[type[DataSource], dict[str, Any], str]] = [
    (QuotientFamilial, {**DSS_PERSON, "annee": 2025, "mois": 3}, "identite"),
    (QuotientFamilial, {"france_connect_token": FC_TOKEN, "annee": 2025}, "france_connect"),
    (ComplementaireSanteSolidaire, DSS_PERSON, "identite"),
    (ComplementaireSanteSolidaire, {"france_connect_token": FC_TOKEN}, "france_connect"),
    (RevenuSolidariteActive, DSS_PERSON, "identite"),
    (RevenuSolidariteActive, {"france_connect_token": FC_TOKEN}, "france_connect"),
    (Scolarite, {**PUPIL, "code_etablissement": "0132733a", "degre_etablissement": "2D"}, ""),
    (Scolarite, {**PUPIL, "codes_bcn_departements": ["013", "02A"]}, "identite"),
    (EtudiantBoursier, {**STUDENT, "annee_campagne": 2024}, "identite"),
    (EtudiantBoursier, {"ine": "0987654321B", "annee_campagne": 2024}, "ine"),
    (EtudiantBoursier, {"france_connect_token": FC_TOKEN}, "france_connect"),
    (StatutEtudiant, STUDENT, "identite"),
    (StatutEtudiant, {"ine": "0987654321B"}, "ine"),
    (StatutEtudiant, {"france_connect_token": FC_TOKEN}, "france_connect"),
]


def context(handler: Handler) -> FetchContext:
    client = httpx.Client(transport=httpx.MockTransport(handler))
    return FetchContext(
        config={"base_url": BASE, "token": TOKEN, "recipient": RECIPIENT},
        http=client,
        correlation_id=str(uuid.uuid4()),
        memo=TTLMemo(),
    )


def answer(status: int, body: Any = None, headers: dict[str, str] | None = None) -> Handler:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return lambda request: httpx.Response(status, content=content, headers=headers)


def envelope(data: dict[str, Any]) -> dict[str, Any]:
    return {"data": data, "links": {}, "meta": {}}


@pytest.mark.parametrize(
    ("source_cls", "inputs", "modality"),
    CASES,
    ids=[f"{c.id.split('.')[1]}:{m or 'uai'}:{i}" for i, (c, _, m) in enumerate(CASES)],
)
def test_requests_use_only_documented_parameters(
    source_cls: type[DataSource], inputs: dict[str, Any], modality: str
) -> None:
    """GET on the documented path; every query parameter documented for it, the required ones
    present, arrays repeated as ``name[]``, integers in decimal, the bearer in the header."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=envelope({}))

    source = source_cls()
    source.fetch(context(handler), clean_inputs(source, inputs))
    [request] = seen
    assert request.method == "GET"
    path = request.url.path
    assert path in SPEC, path
    assert path.endswith("/" + (modality or "identite"))
    documented = SPEC[path]
    names = [name for name, _ in request.url.params.multi_items()]
    assert set(names) <= set(documented), set(names) - set(documented)
    assert {name for name, required in documented.items() if required} <= set(names)
    assert all(names.count(n) == 1 for n in names if not n.endswith("[]"))
    if "prenoms[]" in documented:
        assert 1 <= names.count("prenoms[]") <= MAX_PRENOMS.get(path, 3)
    assert request.url.params["recipient"] == RECIPIENT
    for name, value in request.url.params.multi_items():
        if name in INTEGERS:
            assert re.fullmatch(r"[1-9]\d*", value), (name, value)
        if name == "sexeEtatCivil":
            assert value in ("M", "F")
    bearer = FC_TOKEN if modality == "france_connect" else TOKEN
    assert request.headers["Authorization"] == f"Bearer {bearer}"
    assert "X-Api-Key" not in request.headers
    assert "token" not in request.url.params


#: 200 bodies as documented, with the fields the spec declares ``nullable`` set to ``null``, the
#: optional ones left out, and fields the spec does not know (the API may add some).
DOCUMENTED_NULLS: list[tuple[DataSource, dict[str, Any], dict[str, Any]]] = [
    (
        Scolarite(),
        {**PUPIL, "code_etablissement": "0132733A"},
        {
            "regime_pensionnat": {"code": "0", "libelle": None},
            "identite": {"nom": "MARTIN", "prenom": "EMMA", "sexe": "F", "date_naissance": "x"},
            "module_elementaire_formation": {"code_mef_stat": None, "libelle": None},
            "etablissement": {"code_uai": "0132733A", "code_ministere_tutelle": None},
            "annee_scolaire": "2025-2026",
            "est_scolarise": True,
            "statut_eleve": {"code": "ST", "libelle": "Scolaire"},
            "est_boursier": False,
            "echelon_bourse": None,
            "champ_inconnu": {"a": 1},
        },
    ),
    (
        Scolarite(),
        {**PUPIL, "code_etablissement": "0132733A"},
        {
            "regime_pensionnat": None,
            "module_elementaire_formation": {"code_mef_stat": "211324099991", "libelle": None},
            "etablissement": {"code_uai": "0132733A", "code_ministere_tutelle": "06"},
            "annee_scolaire": "2025",
            "est_scolarise": True,
            "statut_eleve": {"code": "ST", "libelle": "Scolaire"},
            "est_boursier": True,
            "echelon_bourse": 6,
        },
    ),
    (
        EtudiantBoursier(),
        {"ine": "0987654321B"},
        {
            "statut_boursier": {"est_boursier": True, "est_radie": False, "date_radiation": None},
            "periode_versement_bourse": {"date_rentree": "2024-09-01", "duree": 9.5},
            "etablissement_etudes": {"nom_commune": "Lyon", "nom_etablissement": "Lyon 1"},
            "echelon_bourse": {"echelon": "0bis", "echelon_bourse_regionale_provisoire": False},
            "email": "sophie@example.org",
        },
    ),
    (
        StatutEtudiant(),
        {"ine": "0987654321B"},
        {"admissions": [{"date_debut": "2024-10-01"}, {}], "nouveau": True},
    ),
    (
        QuotientFamilial(),
        DSS_PERSON,
        {
            "allocataires": [{"nom_naissance": "DUPONT", "nom_usage": None}, {}],
            "enfants": [],
            "adresse": {
                "destinataire": "Madame DUPONT JEANNE",
                "complement_information": None,
                "complement_information_geographique": None,
                "numero_libelle_voie": None,
                "lieu_dit": None,
                "code_postal_ville": "75002 PARIS",
                "pays": "FRANCE",
            },
            "quotient_familial": {"fournisseur": "MSA", "valeur": 1045, "mois": 6},
        },
    ),
    (
        ComplementaireSanteSolidaire(),
        DSS_PERSON,
        {"est_beneficiaire": False, "avec_participation": None, "date_debut_droit": None},
    ),
    (
        RevenuSolidariteActive(),
        DSS_PERSON,
        {"est_beneficiaire": False, "avec_majoration": None, "date_debut_droit": None},
    ),
]


@pytest.mark.parametrize(
    ("source", "inputs", "data"),
    DOCUMENTED_NULLS,
    ids=[f"{s.id.split('.')[1]}-{i}" for i, (s, _, _) in enumerate(DOCUMENTED_NULLS)],
)
def test_documented_nulls_and_absent_optional_fields_are_accepted(
    source: DataSource, inputs: dict[str, Any], data: dict[str, Any]
) -> None:
    """No crash, and the values pass the output schema the host checks them against."""
    body = {**envelope(data), "links": {"self": "x"}, "meta": {"provider": "X"}, "extra": 1}
    result = source.fetch(context(answer(200, body)), clean_inputs(source, inputs))
    assert field_errors(source.output_schema, result.values) == {}
    assert {key: result.values[key] for key in data} == data


def test_envelope_without_links_and_meta() -> None:
    body = {"data": {"est_beneficiaire": True, "avec_majoration": False}}
    source = RevenuSolidariteActive()
    result = source.fetch(context(answer(200, body)), clean_inputs(source, DSS_PERSON))
    assert result.values == body["data"]


GATEWAY_PAGE = b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"


@pytest.mark.parametrize(
    ("status", "headers", "kind", "retry_after"),
    [
        (502, {"Retry-After": "7"}, Unavailable, 7.0),
        (503, {"Retry-After": "120", "Content-Type": "text/html"}, Unavailable, 120.0),
        (504, {}, Unavailable, None),
        (500, {"Content-Type": "text/html"}, Unavailable, None),
        (429, {"Content-Type": "text/html"}, RateLimited, 1.0),
        (404, {"Content-Type": "text/html"}, ConfigurationError, None),
        (401, {"Content-Type": "text/html"}, ConfigurationError, None),
        (200, {"Content-Type": "text/html"}, Unavailable, None),
    ],
)
def test_gateway_html_pages(
    status: int, headers: dict[str, str], kind: type[Exception], retry_after: float | None
) -> None:
    source = RevenuSolidariteActive()
    with pytest.raises(kind) as raised:
        source.fetch(
            context(answer(status, GATEWAY_PAGE, headers)), clean_inputs(source, DSS_PERSON)
        )
    assert type(raised.value) is kind
    assert getattr(raised.value, "retry_after", None) == retry_after


def test_provider_not_found_codes_other_than_003() -> None:
    """404 from a provider (origin ≠ 00) is about the person, whatever the subcode."""
    body = {
        "errors": [
            {
                "code": "37007",
                "title": "Entité disparue",
                "detail": "d",
                "source": None,
                "meta": {"provider": "CNAV"},
            }
        ]
    }
    source = RevenuSolidariteActive()
    with pytest.raises(NotFound):
        source.fetch(context(answer(404, body)), clean_inputs(source, DSS_PERSON))


def test_429_without_ratelimit_headers_is_respected_by_later_calls() -> None:
    """Only ``Retry-After`` (no ``RateLimit-*``): the next calls with that token wait instead of
    hammering the API (the documentation bans addresses that ignore 429s)."""
    calls: list[httpx.Request] = []
    body = {
        "errors": [
            {
                "code": "00429",
                "title": "Trop de requêtes",
                "detail": "Vous avez effectué trop de requêtes",
                "source": None,
                "meta": {},
            }
        ]
    }

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(429, json=body, headers={"Retry-After": "30"})

    ctx = context(handler)
    source = RevenuSolidariteActive()
    inputs = clean_inputs(source, DSS_PERSON)
    with pytest.raises(RateLimited) as first:
        source.fetch(ctx, inputs)
    assert first.value.retry_after == 30.0
    with pytest.raises(RateLimited) as second:
        source.fetch(ctx, inputs)
    assert len(calls) == 1
    assert 25 < (second.value.retry_after or 0) <= 30


def test_429_with_ratelimit_reset_is_respected_by_later_calls() -> None:
    import time

    calls: list[httpx.Request] = []
    reset = str(int(time.time()) + 20)

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        headers = {"RateLimit-Limit": "20", "RateLimit-Reset": reset, "Retry-After": "20"}
        return httpx.Response(429, content=b"", headers=headers)

    ctx = context(handler)
    source = RevenuSolidariteActive()
    inputs = clean_inputs(source, DSS_PERSON)
    for _ in range(2):
        with pytest.raises(RateLimited):
            source.fetch(ctx, inputs)
    assert len(calls) == 1
