"""``service.fetch`` end to end over real HTTP: habilitation gating, inputs, retries, typed
errors, output checks, audit and logs without personal data."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any, ClassVar

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.core.db import db
from app.core.http import build_client
from app.datasources import service
from app.datasources.errors import (
    ConfigurationError,
    InvalidInput,
    NotFound,
    RateLimited,
    Unavailable,
)
from app.datasources.runtime import RetryPolicy
from app.datasources.variables import Variable
from app.testing.sandboxes import LEFEBVRE as STAGING_LEFEBVRE
from plugins.demo.annuaire import Annuaire
from plugins.sandboxes.api_particulier import DEMO_TOKEN, mint

QF = "api_particulier.quotient_familial"
LEFEBVRE = {**STAGING_LEFEBVRE, "telephone": "0600000000"}  # not an input of QF: ignored
PERSONAL = ("LEFEBVRE", "ALEXIS", "1982-12-27", "08480", "3999999930262", "CIS QUARANTECINQ")


@pytest.fixture
def particulier(
    dummy_tenant: Any, create_habilitation: Any, app_ctx: None, api_particulier_sandbox: Any
) -> Any:
    return create_habilitation(dummy_tenant)


def qf_log(sandbox: Any) -> Any:
    return sandbox.app.extensions["sandbox"].log


def events(action: str = "datasource.fetched") -> list[AuditEvent]:
    return list(
        db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        )
    )


def test_fetch_success_is_audited(
    dummy_tenant: Any, particulier: Any, api_particulier_sandbox: Any
) -> None:
    result = service.fetch(dummy_tenant, QF, LEFEBVRE)
    assert result.values["quotient_familial"]["valeur"] == 2550
    assert not result.from_cache
    (event,) = events()
    assert event.object_id == QF
    assert event.details["outcome"] == "success"
    assert event.details["attempts"] == 1
    assert event.details["provider_request_id"] == result.request_id
    assert not any(value in str(event.details) for value in PERSONAL)


def test_invalid_inputs_get_french_field_errors_and_no_call(
    dummy_tenant: Any, particulier: Any, api_particulier_sandbox: Any
) -> None:
    with pytest.raises(InvalidInput) as raised:
        service.fetch(
            dummy_tenant,
            QF,
            {"nom_naissance": "X", "prenoms": [], "sexe": "Z", "date_naissance": "27/12/1982"},
        )
    errors = raised.value.field_errors
    assert errors["sexe"] == "Indiquez le sexe à l'état civil (F ou M)."
    assert errors["code_cog_pays_naissance"] == "Ce champ est obligatoire."
    assert "prenoms" in errors
    assert "date_naissance" in errors
    assert qf_log(api_particulier_sandbox).count() == 0


def test_retryable_errors_are_retried(
    dummy_tenant: Any, particulier: Any, api_particulier_sandbox: Any
) -> None:
    api_particulier_sandbox.app.extensions["sandbox"].faults.push("503")
    result = service.fetch(dummy_tenant, QF, LEFEBVRE)
    assert result.values["quotient_familial"]["valeur"] == 2550
    assert [r.status for r in qf_log(api_particulier_sandbox).records()] == [503, 200]
    assert events()[-1].details["attempts"] == 2


def test_retries_are_bounded(
    dummy_tenant: Any, particulier: Any, api_particulier_sandbox: Any
) -> None:
    api_particulier_sandbox.app.extensions["sandbox"].faults.push("502", count=10)
    with pytest.raises(Unavailable):
        service.fetch(dummy_tenant, QF, LEFEBVRE)
    assert qf_log(api_particulier_sandbox).count() == 3
    assert events()[-1].details["outcome"] == "unavailable"


def test_429_waits_retry_after(
    dummy_tenant: Any, particulier: Any, api_particulier_sandbox: Any
) -> None:
    api_particulier_sandbox.app.extensions["sandbox"].faults.push("429")
    started = time.monotonic()
    service.fetch(dummy_tenant, QF, LEFEBVRE)
    assert time.monotonic() - started >= 1.0  # Retry-After: 1
    assert [r.status for r in qf_log(api_particulier_sandbox).records()] == [429, 200]


def test_429_storm_gives_up_within_the_budget(
    dummy_tenant: Any, particulier: Any, api_particulier_sandbox: Any, runtime: Any
) -> None:
    runtime.retry = RetryPolicy(attempts=5, backoff=0.05, budget=1.5)
    api_particulier_sandbox.app.extensions["sandbox"].faults.push("429", count=20)
    started = time.monotonic()
    with pytest.raises(RateLimited):
        service.fetch(dummy_tenant, QF, LEFEBVRE)
    assert time.monotonic() - started < 1.5


def test_409_wait_beyond_the_budget_fails_fast(
    dummy_tenant: Any, particulier: Any, api_particulier_sandbox: Any, runtime: Any
) -> None:
    runtime.retry = RetryPolicy(attempts=3, backoff=0.05, budget=1.0)
    api_particulier_sandbox.app.extensions["sandbox"].faults.push("409")
    with pytest.raises(Unavailable) as raised:
        service.fetch(dummy_tenant, QF, LEFEBVRE)
    assert raised.value.status == 409
    assert qf_log(api_particulier_sandbox).count() == 1


def test_timeouts_are_bounded(
    dummy_tenant: Any, particulier: Any, api_particulier_sandbox: Any, runtime: Any, sandboxes: Any
) -> None:
    with build_client(timeout=0.2, allowed_hosts=sandboxes.hosts) as short:
        saved, runtime.http = runtime.http, lambda: short
        runtime.retry = RetryPolicy(attempts=2, backoff=0.05, budget=2.0)
        api_particulier_sandbox.app.extensions["sandbox"].faults.push("latency=0.5", count=2)
        try:
            with pytest.raises(Unavailable):
                service.fetch(dummy_tenant, QF, LEFEBVRE)
        finally:
            runtime.http = saved
    assert events()[-1].details["attempts"] == 2


@pytest.mark.parametrize("fault", ["401", "403"])
def test_configuration_errors_are_not_retried(
    fault: str, dummy_tenant: Any, particulier: Any, api_particulier_sandbox: Any
) -> None:
    api_particulier_sandbox.app.extensions["sandbox"].faults.push(fault, count=5)
    with pytest.raises(ConfigurationError):
        service.fetch(dummy_tenant, QF, LEFEBVRE)
    assert qf_log(api_particulier_sandbox).count() == 1


def test_unknown_person(dummy_tenant: Any, particulier: Any) -> None:
    with pytest.raises(NotFound):
        service.fetch(dummy_tenant, QF, {**LEFEBVRE, "nom_naissance": "INCONNU"})
    assert events()[-1].details["outcome"] == "not_found"


def test_unknown_source(dummy_tenant: Any, app_ctx: None) -> None:
    with pytest.raises(ConfigurationError):
        service.fetch(dummy_tenant, "api_particulier.inexistant", {})


def test_plugin_bugs_and_bad_output_become_unavailable(
    dummy_tenant: Any,
    create_habilitation: Any,
    app_ctx: None,
    runtime: Any,
    monkeypatch: Any,
    logs: Any,
) -> None:
    create_habilitation(dummy_tenant, "demo")

    class Crashing(Annuaire):
        def fetch(self, ctx, inputs):  # type: ignore[no-untyped-def]
            raise KeyError("bug")

    class Drifting(Annuaire):
        output_schema: ClassVar[dict[str, Any]] = {
            **Annuaire.output_schema,
            "required": ["nom", "secteur", "academie"],
        }

    monkeypatch.setitem(runtime.registry._sources, "demo.annuaire", Crashing())
    with pytest.raises(Unavailable):
        service.fetch(dummy_tenant, "demo.annuaire", {"code_etablissement": "0132733A"})
    assert any(r.getMessage() == "datasource.fetch.plugin_error" for r in logs.records)
    monkeypatch.setitem(runtime.registry._sources, "demo.annuaire", Drifting())
    with pytest.raises(Unavailable, match="format attendu"):
        service.fetch(dummy_tenant, "demo.annuaire", {"code_etablissement": "0132733A"})


def test_dgfip_through_the_service(
    dummy_tenant: Any, create_habilitation: Any, app_ctx: None, impot_particulier_sandbox: Any
) -> None:
    create_habilitation(dummy_tenant, "impot_particulier")
    first = service.fetch(
        dummy_tenant,
        "impot_particulier.situation_ir",
        {"spi": "3999999930262", "annee_revenus": 2019},
    )
    service.fetch(
        dummy_tenant,
        "impot_particulier.situation_ir",
        {"spi": "3999999931263", "annee_revenus": 2019},
    )
    assert first.values["revenu_fiscal_reference"] == 28678
    assert impot_particulier_sandbox.app.extensions["sandbox"].log.count("/token") == 1


def test_france_connect_through_the_service(dummy_tenant: Any, particulier: Any) -> None:
    """The FranceConnect modality: the token replaces the identity (and is never logged)."""
    result = service.fetch(
        dummy_tenant, "api_particulier.c2s", {"france_connect_token": "fc_integration_test"}
    )
    assert result.values["est_beneficiaire"] is True


def test_logs_carry_no_personal_data(
    dummy_tenant: Any,
    create_habilitation: Any,
    particulier: Any,
    api_particulier_sandbox: Any,
    logs: Any,
) -> None:
    create_habilitation(dummy_tenant, "impot_particulier")
    service.fetch(dummy_tenant, QF, LEFEBVRE)
    with pytest.raises(NotFound):
        service.fetch(
            dummy_tenant,
            QF,
            {**LEFEBVRE, "prenoms": ["ALEXIS"], "nom_naissance": "LEFEBVRE-INCONNU"},
        )
    api_particulier_sandbox.app.extensions["sandbox"].faults.push("502", count=5)
    with pytest.raises(Unavailable):
        service.fetch(dummy_tenant, QF, {**LEFEBVRE, "date_naissance": "1982-12-28"})
    service.fetch(
        dummy_tenant,
        "impot_particulier.situation_ir",
        {"spi": "3999999930262", "annee_revenus": 2019},
    )
    messages = {r.getMessage() for r in logs.records}
    assert {
        "datasource.fetch.succeeded",
        "datasource.fetch.not_found",
        "datasource.fetch.failed",
    } <= messages
    assert "datasource.fetch.retry" in messages
    text = " ".join(f"{r.getMessage()} {r.__dict__}" for r in logs.records)
    for value in (*PERSONAL, DEMO_TOKEN, "1982-12-28"):
        assert value not in text


def test_available_sources_and_variables(
    dummy_tenant: Any, create_habilitation: Any, app_ctx: None
) -> None:
    assert service.available_sources(dummy_tenant) == []
    create_habilitation(
        dummy_tenant,
        "api_particulier",
        scopes=["cnaf_quotient_familial", "revenu_solidarite_active"],
    )
    ids = [s.id for s in service.available_sources(dummy_tenant)]
    assert ids == ["api_particulier.quotient_familial", "api_particulier.rsa"]
    variables = {v.path: v for v in service.source_variables(QF)}
    assert variables["quotient_familial.valeur"] == Variable(
        "quotient_familial.valeur", "integer", "Quotient familial (en euros)", nullable=True
    )
    assert variables["enfants"].type == "array"
    assert variables["adresse.code_postal_ville"].nullable
    dgfip = {v.path for v in service.source_variables("impot_particulier.situation_ir")}
    assert {
        "revenu_fiscal_reference",
        "nombre_parts",
        "situation_familiale",
        "nombre_personnes_a_charge",
    } <= dgfip


def test_fetch_refuses_without_an_active_habilitation(
    dummy_tenant: Any,
    create_habilitation: Any,
    create_tenant: Any,
    app_ctx: None,
    api_particulier_sandbox: Any,
) -> None:
    with pytest.raises(ConfigurationError):
        service.fetch(dummy_tenant, QF, LEFEBVRE)
    other = create_tenant()
    create_habilitation(other)  # another collectivité's habilitation is never used
    draft = create_habilitation(dummy_tenant, status="draft")
    expired = create_habilitation(dummy_tenant, valid_until=dt.date(2021, 1, 1))
    narrow = create_habilitation(dummy_tenant, scopes=["complementaire_sante_solidaire"])
    for _ in (draft, expired, narrow):
        with pytest.raises(ConfigurationError):
            service.fetch(dummy_tenant, QF, LEFEBVRE)
    assert api_particulier_sandbox.app.extensions["sandbox"].log.count() == 0
    assert "aucune habilitation" not in events()[-1].details["detail"]
    create_habilitation(dummy_tenant, secrets={"token": mint(["cnaf_quotient_familial"])})
    assert service.fetch(dummy_tenant, QF, LEFEBVRE).values["quotient_familial"]["valeur"] == 2550
