"""The demo source (template for third-party plugins) against its sandbox."""

from typing import Any

import pytest

from app.datasources.errors import (
    ConfigurationError,
    InvalidInput,
    NotFound,
    RateLimited,
    Unavailable,
)
from app.datasources.registry import validate_source_class
from app.datasources.service import clean_inputs
from plugins.demo.annuaire import Annuaire
from plugins.sandboxes.demo import DEMO_API_KEY

SOURCE = Annuaire()


@pytest.fixture
def demo_ctx(plugin_ctx: Any, demo_sandbox: Any) -> Any:
    def make(timeout: float = 3.0, **overrides: Any) -> Any:
        return plugin_ctx(
            {"base_url": demo_sandbox.url, "api_key": DEMO_API_KEY, **overrides}, timeout=timeout
        )

    return make


def fetch(ctx: Any, uai: str = "0132733a") -> Any:
    return SOURCE.fetch(ctx, clean_inputs(SOURCE, {"code_etablissement": uai}))


def test_contract() -> None:
    assert validate_source_class("demo.annuaire", Annuaire).id == "demo.annuaire"


def test_lookup(demo_ctx: Any) -> None:
    result = fetch(demo_ctx())
    assert result.values == {
        "nom": "Lycée Polyvalent Antonin Artaud",
        "commune": "Marseille",
        "type": "lycée",
        "secteur": "public",
        "education_prioritaire": False,
    }
    assert result.request_id
    assert result.caveats == ()
    assert fetch(demo_ctx(), "0999999Z").caveats == ("Établissement fermé.",)


def test_errors(demo_ctx: Any, demo_sandbox: Any) -> None:
    faults = demo_sandbox.app.extensions["sandbox"].faults
    with pytest.raises(NotFound):
        fetch(demo_ctx(), "0000000A")
    with pytest.raises(InvalidInput):
        clean_inputs(SOURCE, {"code_etablissement": "12"})
    with pytest.raises(ConfigurationError):
        fetch(demo_ctx(api_key="mauvaise-cle"))
    for fault, error in (("500", Unavailable), ("429", RateLimited), ("garbage", Unavailable)):
        faults.push(fault)
        with pytest.raises(error):
            fetch(demo_ctx())
    faults.push("latency=1")
    with pytest.raises(Unavailable):
        fetch(demo_ctx(timeout=0.3))


def test_check(demo_ctx: Any) -> None:
    assert SOURCE.check(demo_ctx()).ok
    assert not SOURCE.check(demo_ctx(api_key="mauvaise-cle")).ok
