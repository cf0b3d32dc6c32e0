"""Identity-pivot vocabulary → API Particulier parameter names, exactly as specified."""

import pytest

from app.datasources.errors import InvalidInput
from plugins.api_particulier.civility import civility_params, require_birthplace_in_france

PERSON = {
    "nom_naissance": "DUPONT",
    "nom_usage": "MARTIN",
    "prenoms": ["JEANNE", "LAURE", "MARIE", "ANNE"],
    "date_naissance": "1993-08-07",
    "sexe": "F",
    "code_cog_pays_naissance": "99100",
    "code_cog_commune_naissance": "08480",
}


def test_dss_parameters() -> None:
    assert civility_params(PERSON, nom_usage=True, pays=True) == [
        ("nomNaissance", "DUPONT"),
        ("nomUsage", "MARTIN"),
        ("prenoms[]", "JEANNE"),
        ("prenoms[]", "LAURE"),
        ("prenoms[]", "MARIE"),
        ("anneeDateNaissance", "1993"),
        ("moisDateNaissance", "8"),
        ("jourDateNaissance", "7"),
        ("sexeEtatCivil", "F"),
        ("codeCogInseePaysNaissance", "99100"),
        ("codeCogInseeCommuneNaissance", "08480"),
    ]


def test_partial_date_and_single_first_name() -> None:
    params = dict(civility_params({**PERSON, "date_naissance": "1993"}, max_prenoms=1))
    assert params["anneeDateNaissance"] == "1993"
    assert "moisDateNaissance" not in params
    assert "jourDateNaissance" not in params
    assert [v for k, v in civility_params(PERSON, max_prenoms=1) if k == "prenoms[]"] == ["JEANNE"]


def test_born_abroad_sends_no_commune() -> None:
    params = dict(civility_params({**PERSON, "code_cog_pays_naissance": "99127"}, pays=True))
    assert params["codeCogInseePaysNaissance"] == "99127"
    assert "codeCogInseeCommuneNaissance" not in params


def test_transcogage_when_no_commune_code() -> None:
    person = {
        **PERSON,
        "nom_commune_naissance": "Gennevilliers",
        "code_cog_departement_naissance": "92",
    }
    del person["code_cog_commune_naissance"]
    params = dict(civility_params(person, pays=True))
    assert params["nomCommuneNaissance"] == "Gennevilliers"
    assert params["codeCogInseeDepartementNaissance"] == "92"


def test_born_in_france_needs_a_birthplace() -> None:
    person = {k: v for k, v in PERSON.items() if k != "code_cog_commune_naissance"}
    with pytest.raises(InvalidInput) as raised:
        require_birthplace_in_france(person)
    assert "code_cog_commune_naissance" in raised.value.field_errors
    require_birthplace_in_france({**person, "code_cog_pays_naissance": "99350"})


def test_no_birthplace_for_endpoints_without_one() -> None:
    assert "codeCogInseeCommuneNaissance" not in dict(civility_params(PERSON, birthplace=False))


def test_transcogage_needs_the_birth_year() -> None:
    """Spec: ``nomCommuneNaissance`` « doit être obligatoirement accompagné des paramètres
    'codeCogInseeDepartementNaissance' et 'anneeDateNaissance' » (a triplet)."""
    person = {
        k: v for k, v in PERSON.items() if k not in ("code_cog_commune_naissance", "date_naissance")
    }
    person.update(nom_commune_naissance="Gennevilliers", code_cog_departement_naissance="92")
    assert "nomCommuneNaissance" not in dict(civility_params(person, pays=True))
    with pytest.raises(InvalidInput) as raised:
        require_birthplace_in_france(person)
    assert list(raised.value.field_errors) == ["date_naissance"]
    require_birthplace_in_france({**person, "date_naissance": "1993"})
    params = dict(civility_params({**person, "date_naissance": "1993"}, pays=True))
    assert params["nomCommuneNaissance"] == "Gennevilliers"
    assert params["anneeDateNaissance"] == "1993"


def test_usage_name_identical_to_birth_name_is_not_sent() -> None:
    """Spec (``nomUsage``): « Dans nos APIs, le nom d'usage n'est jamais identique au nom de
    famille »."""
    for same in ("DUPONT", "dupont", " Dupont "):
        params = dict(civility_params({**PERSON, "nom_usage": same}, nom_usage=True, pays=True))
        assert "nomUsage" not in params
    assert dict(civility_params(PERSON, nom_usage=True, pays=True))["nomUsage"] == "MARTIN"
