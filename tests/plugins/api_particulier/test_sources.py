"""Contract of each API Particulier source: schemas, caveats, check() through /api/introspect."""

import datetime as dt
from typing import Any

import pytest

from app.datasources.registry import validate_source_class
from plugins.api_particulier.etudiant_boursier import EtudiantBoursier
from plugins.api_particulier.prestations import ComplementaireSanteSolidaire, RevenuSolidariteActive
from plugins.api_particulier.quotient_familial import NOT_COMPUTABLE, QuotientFamilial
from plugins.api_particulier.scolarite import NON_BOURSIER_UNRELIABLE, Scolarite
from plugins.api_particulier.statut_etudiant import StatutEtudiant
from plugins.sandboxes.api_particulier import mint

SOURCES = [
    QuotientFamilial,
    Scolarite,
    EtudiantBoursier,
    StatutEtudiant,
    ComplementaireSanteSolidaire,
    RevenuSolidariteActive,
]
NOV = dt.datetime(2026, 11, 27, 10, tzinfo=dt.UTC)


@pytest.mark.parametrize("cls", SOURCES)
def test_contract(cls) -> None:  # type: ignore[no-untyped-def]
    source = validate_source_class(cls.id, cls)
    assert source.provider == "api_particulier"
    assert source.rate_limit is not None
    assert source.rate_limit.requests == 20
    assert source.scopes
    assert source.label
    assert source.provider_label
    assert all(path.startswith(("/v3/", "/v4/", "/v5/")) for path in cls.paths.values())


def test_qf_caveats() -> None:
    data = {"quotient_familial": {"fournisseur": "CNAF", "valeur": 0, "annee": 2026, "mois": 10}}
    values, caveats = QuotientFamilial().values(data, {}, NOV)
    assert values["quotient_familial_calculable"] is False
    assert values["quotient_familial"]["valeur"] is None  # 0 = not computable, never "no income"
    assert data["quotient_familial"]["valeur"] == 0  # the provider's answer is not mutated
    assert caveats[0] == NOT_COMPUTABLE
    assert "10/2026" in caveats[1]
    assert "11/2026" in caveats[1]
    data["quotient_familial"].update(valeur=900, mois=11)
    assert QuotientFamilial().values(data, {}, NOV)[1] == []
    asked = {"annee": 2026, "mois": 10}
    assert (
        QuotientFamilial().values(
            {"quotient_familial": {**data["quotient_familial"], "mois": 10}}, asked, NOV
        )[1]
        == []
    )


def test_non_boursier_caveat_before_mid_october() -> None:
    september = dt.datetime(2026, 9, 20, tzinfo=dt.UTC)
    assert Scolarite().values({"est_boursier": False}, {}, september)[1] == [
        NON_BOURSIER_UNRELIABLE
    ]
    assert Scolarite().values({"est_boursier": False}, {}, NOV)[1] == []
    assert Scolarite().values({"est_boursier": True}, {}, september)[1] == []


def test_student_caveats() -> None:
    values, caveats = StatutEtudiant().values(
        {"admissions": [{"est_inscrit": False}, {"est_inscrit": True}]},
        {"prenoms": ["A", "B"]},
        NOV,
    )
    assert values["est_inscrit"] is True
    assert values["nombre_admissions"] == 2
    assert len(caveats) == 2
    _, caveats = EtudiantBoursier().values(
        {"statut_boursier": {"est_radie": True, "date_radiation": "2023-12-01"}}, {}, NOV
    )
    assert "2023-12-01" in caveats[0]


def test_check_reads_the_token_scopes(particulier_ctx: Any) -> None:
    result = QuotientFamilial().check(particulier_ctx())
    assert result.ok
    assert "cnaf_quotient_familial" in (result.scopes or ())
    limited = QuotientFamilial().check(
        particulier_ctx(token=mint(["complementaire_sante_solidaire"]))
    )
    assert not limited.ok
    assert limited.scopes == ("complementaire_sante_solidaire",)
    assert "cnaf_quotient_familial" in limited.message
    refused = QuotientFamilial().check(particulier_ctx(token="x" * 30))
    assert not refused.ok
    assert refused.scopes is None
