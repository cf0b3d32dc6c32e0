"""Plugin discovery through entry points: start-up fails loudly and clearly on a broken,
duplicate or missing plugin; the allow-list restricts what is imported."""

from __future__ import annotations

import textwrap
import uuid
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Any

import pytest

from app import create_app
from app.datasources.registry import (
    GROUP,
    PluginError,
    Registry,
    load_registry,
    validate_source_class,
)
from app.testing.plugin import TEST_FERNET_KEY, TEST_SECRET
from plugins.demo.annuaire import Annuaire

BUILT_IN = {
    "api_particulier.quotient_familial",
    "api_particulier.scolarite",
    "api_particulier.etudiant_boursier",
    "api_particulier.statut_etudiant",
    "api_particulier.c2s",
    "api_particulier.rsa",
    "impot_particulier.situation_ir",
    "demo.annuaire",
}
PLUGIN = """
from plugins.demo.annuaire import Annuaire


class Good(Annuaire):
    id = "tiers.exemple"


class WrongId(Annuaire):
    id = "tiers.autre"


class BadSchema(Annuaire):
    id = "tiers.schema"
    output_schema = {"type": "nonsense"}


class NotImplementedSource(Annuaire.__mro__[1]):
    id = "tiers.vide"
    label = provider = provider_label = habilitation_label = "x"


class OtherConfig(Annuaire):
    id = "tiers.config"
    config_schema = {"type": "object", "properties": {"url": {"type": "string"}}}


NotAClass = 42
"""


@pytest.fixture
def module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A third-party plugin module on ``sys.path`` (as an installed package would be)."""
    name = f"tiers_{uuid.uuid4().hex[:8]}"
    (tmp_path / f"{name}.py").write_text(textwrap.dedent(PLUGIN))
    (tmp_path / f"{name}_broken.py").write_text("raise ImportError('dépendance manquante')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    return name


def ep(name: str, value: str) -> EntryPoint:
    return EntryPoint(name=name, value=value, group=GROUP)


def test_installed_plugins_are_discovered() -> None:
    registry = load_registry()
    assert {source.id for source in registry} == BUILT_IN
    assert set(registry.providers()) == {"api_particulier", "impot_particulier", "demo"}
    assert registry.provider_labels()["api_particulier"] == "API Particulier"


def test_a_third_party_package_declares_the_same_entry_point(module: str) -> None:
    registry = load_registry(eps=[ep("tiers.exemple", f"{module}:Good")])
    assert registry.get("tiers.exemple") is not None


@pytest.mark.parametrize(
    ("name", "attribute", "message"),
    [
        ("tiers.renomme", "WrongId", "the id must equal the entry-point name"),
        ("tiers.schema", "BadSchema", "output_schema is not a valid JSON Schema"),
        ("tiers.vide", "NotImplementedSource", "must be implemented"),
        ("tiers.nombre", "NotAClass", "is not a DataSource subclass"),
        ("tiers.absent", "Missing", "cannot be loaded: AttributeError"),
    ],
)
def test_broken_plugins_fail_loudly(module: str, name: str, attribute: str, message: str) -> None:
    with pytest.raises(PluginError, match=message) as raised:
        load_registry(eps=[ep(name, f"{module}:{attribute}")])
    assert repr(name) in str(raised.value)


def test_import_error_is_reported_with_the_plugin(module: str) -> None:
    with pytest.raises(PluginError, match="cannot be loaded: ImportError: dépendance manquante"):
        load_registry(eps=[ep("tiers.casse", f"{module}_broken:Anything")])


def test_duplicate_ids_fail(module: str) -> None:
    with pytest.raises(PluginError, match="declared twice"):
        load_registry(
            eps=[ep("tiers.exemple", f"{module}:Good"), ep("tiers.exemple", "autre.module:Good")]
        )
    with pytest.raises(PluginError, match="registered twice"):
        Registry([Annuaire(), Annuaire()])


def test_sources_of_one_provider_share_their_config_schema(module: str) -> None:
    with pytest.raises(PluginError, match="different config schemas"):
        load_registry(
            eps=[
                ep("demo.annuaire", "plugins.demo.annuaire:Annuaire"),
                ep("tiers.config", f"{module}:OtherConfig"),
            ]
        )


def test_allow_list_restricts_and_fails_on_missing(module: str) -> None:
    eps = [ep("tiers.exemple", f"{module}:Good"), ep("tiers.casse", f"{module}_broken:X")]
    registry = load_registry(allow=["tiers.exemple"], eps=eps)  # the broken one is never imported
    assert [s.id for s in registry] == ["tiers.exemple"]
    with pytest.raises(PluginError, match=r"not installed: inexistant\.source"):
        load_registry(allow=["tiers.exemple", "inexistant.source"], eps=eps)


def test_start_up_fails_loudly(tmp_path: Path) -> None:
    config: dict[str, Any] = {
        "env": "test",
        "database_url": f"sqlite:///{tmp_path / 'x.db'}",
        "secret_key": TEST_SECRET,
        "encryption_keys": (TEST_FERNET_KEY,),
        "data_sources": ("api_particulier.quotient_familial", "inexistant.source"),
    }
    with pytest.raises(PluginError, match=r"inexistant\.source"):
        create_app(config)
    app = create_app({**config, "data_sources": ("demo.annuaire",)})
    assert [s.id for s in app.extensions["tremplin.datasources"].registry] == ["demo.annuaire"]


def test_validate_source_class_returns_an_instance() -> None:
    assert isinstance(validate_source_class("demo.annuaire", Annuaire), Annuaire)
