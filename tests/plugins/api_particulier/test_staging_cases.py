"""Every official staging test case each API Particulier source covers, over real HTTP.

The case's parameters become the inputs a form would produce (identity-pivot vocabulary). The
expected outcome is the case itself — unless the API's documented validation refuses the
parameters (the plugin must then raise ``InvalidInput``, before or after calling), or the case
cannot be reached with the documented parameters (misspelt keys in the official file, more
first names than the endpoint accepts): staging then answers the folder's ``404.yaml``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from app.datasources.base import DataSource
from app.datasources.errors import (
    ConfigurationError,
    DataSourceError,
    InvalidInput,
    NotFound,
    RateLimited,
    Unavailable,
)
from app.datasources.service import clean_inputs
from app.datasources.validation import field_errors
from plugins.api_particulier.etudiant_boursier import EtudiantBoursier
from plugins.api_particulier.prestations import ComplementaireSanteSolidaire, RevenuSolidariteActive
from plugins.api_particulier.quotient_familial import QuotientFamilial
from plugins.api_particulier.scolarite import Scolarite
from plugins.api_particulier.statut_etudiant import StatutEtudiant
from plugins.sandboxes.api_particulier import cases, france_connect, validation
from plugins.sandboxes.api_particulier.endpoints import BY_PATH, Endpoint
from plugins.sandboxes.api_particulier.vocabulary import to_inputs

SOURCES: list[type[DataSource]] = [
    QuotientFamilial,
    ComplementaireSanteSolidaire,
    RevenuSolidariteActive,
    Scolarite,
    EtudiantBoursier,
    StatutEtudiant,
]
ERRORS: dict[int, type[DataSourceError]] = {
    403: ConfigurationError,
    404: NotFound,
    422: InvalidInput,
    429: RateLimited,
    502: Unavailable,
    504: Unavailable,
}
QUERY = ("campaignYear", "annee", "mois")
RSA_FC = "api_particulier_v3_cnav_revenu_solidarite_active_with_france_connect"
#: FranceConnect cases no fake token can select: a misspelt key in the official file, or an
#: identity (« CNAF Georges ») whose only fake tokens lack the endpoint's scopes.
UNREACHABLE_FC = {
    (RSA_FC, "france_connect_cnaf.yaml"),
    (RSA_FC, "fake_france_connect_cnaf.yml"),
    ("api_particulier_v4_cnous_etudiant_boursier_with_france_connect", "fake_france_connect.yaml"),
}


def _params() -> list[Any]:
    params = []
    for source_cls in SOURCES:
        for modality, path in source_cls.paths.items():
            endpoint = BY_PATH[path]
            for case in cases.cases(endpoint.operation):
                if modality == "identite" and "ine" in case.params:
                    continue  # an INE case filed under the identity folder: covered by /ine
                if modality == "france_connect" and case.name == "404.yaml":
                    continue  # the fallback: covered by test_unknown_france_connect_identity
                params.append(
                    pytest.param(
                        source_cls,
                        endpoint,
                        case,
                        id=f"{source_cls.id.split('.')[1]}:{modality}:{case.name}",
                    )
                )
    return params


def _fallback(endpoint: Endpoint) -> tuple[int, Any]:
    case = cases.not_found(endpoint.operation)
    return (case.status, case.payload) if case else (404, None)


def expected(source: DataSource, endpoint: Endpoint, case: cases.Case) -> tuple[Any, Any]:
    """(outcome, payload): outcome is an HTTP status, or ``"invalid"``."""
    if endpoint.france_connect:
        return case.status, case.payload
    if validation.validate(endpoint.family, endpoint.modality, case.params, dt.date.today()):
        return "invalid", None
    _, unknown = to_inputs(case.params)
    if unknown:
        return _fallback(endpoint)
    if isinstance(source, StatutEtudiant) and len(case.params.get("prenoms") or ()) > 1:
        return _fallback(endpoint)
    return case.status, case.payload


def inputs_for(endpoint: Endpoint, case: cases.Case) -> dict[str, Any]:
    """The form inputs for a case (a fake FranceConnect token for the FC modality)."""
    if not endpoint.france_connect:
        return to_inputs(case.params)[0]
    query = {k: v for k, v in case.params.items() if k in QUERY}
    token = france_connect.token_for(endpoint.operation, case.name, set(endpoint.scopes), query)
    assert token, f"no fake FranceConnect token selects {case.name}"
    return {"france_connect_token": token, **to_inputs(query)[0]}


@pytest.mark.parametrize(("source_cls", "endpoint", "case"), _params())
def test_official_staging_case(
    source_cls: type[DataSource],
    endpoint: Endpoint,
    case: cases.Case,
    particulier_ctx: Any,
    api_particulier_sandbox: Any,
) -> None:
    if (endpoint.operation, case.name) in UNREACHABLE_FC:
        pytest.skip("no fake FranceConnect token can select this case (see UNREACHABLE_FC)")
    source = source_cls()
    log = api_particulier_sandbox.app.extensions["sandbox"].log
    outcome, payload = expected(source, endpoint, case)
    inputs = inputs_for(endpoint, case)

    if outcome == "invalid":
        with pytest.raises(InvalidInput) as raised:
            source.fetch(particulier_ctx(), clean_inputs(source, inputs))
        assert raised.value.message
        assert all(r.status == 422 for r in log.records())  # refused locally, or by the API
        return

    ctx = particulier_ctx()
    if outcome == 200:
        result = source.fetch(ctx, clean_inputs(source, inputs))
        data = payload["data"]
        assert {key: result.values.get(key) for key in data} == data
        assert field_errors(source.output_schema, result.values) == {}
        assert result.request_id
    else:
        with pytest.raises(ERRORS[outcome]):
            source.fetch(ctx, clean_inputs(source, inputs))
    records = log.records()
    assert [(r.path, r.status) for r in records] == [(endpoint.path, outcome)]


def test_unreachable_france_connect_cases_are_only_the_misspelt_one() -> None:
    missing = set()
    for source_cls in SOURCES:
        path = source_cls.paths.get("france_connect")
        if path is None:
            continue
        endpoint = BY_PATH[path]
        for case in cases.cases(endpoint.operation):
            if case.name == "404.yaml":
                continue
            query = {k: v for k, v in case.params.items() if k in QUERY}
            scopes = set(endpoint.scopes)
            if not france_connect.token_for(endpoint.operation, case.name, scopes, query):
                missing.add((endpoint.operation, case.name))
    assert missing == UNREACHABLE_FC


@pytest.mark.parametrize("source_cls", [s for s in SOURCES if "france_connect" in s.paths])
def test_unknown_france_connect_identity_is_not_found(
    source_cls: type[DataSource], particulier_ctx: Any, api_particulier_sandbox: Any
) -> None:
    """An FC identity without a test case gets the folder's 404.yaml, as on staging."""
    source = source_cls()
    token = "fc_integration_sans_nom_dusage"  # Paul DUPONT: no case in most folders
    endpoint = BY_PATH[source_cls.paths["france_connect"]]
    expected_case = cases.match_subset(
        endpoint.operation,
        france_connect.derived_params(france_connect.identity(token) or {}),
        frozenset({"nomUsage"}),
    )
    inputs = clean_inputs(source, {"france_connect_token": token})
    if expected_case is None:
        with pytest.raises(NotFound):
            source.fetch(particulier_ctx(), inputs)
    else:
        assert source.fetch(particulier_ctx(), inputs).values


def test_every_covered_folder_has_cases() -> None:
    folders = {BY_PATH[p].operation for s in SOURCES for p in s.paths.values()}
    assert all(cases.cases(folder) for folder in folders)
    assert sum(len(cases.cases(folder)) for folder in folders) >= 190
