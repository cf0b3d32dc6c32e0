"""French field errors from JSON Schemas; typed errors; variables for the rule builder."""

from app.datasources.base import DataSource, secret_fields
from app.datasources.errors import (
    ConfigurationError,
    InvalidInput,
    NotFound,
    RateLimited,
    Unavailable,
)
from app.datasources.identity import date_parts, is_valid_birth_date
from app.datasources.validation import FORM_LEVEL, field_errors
from app.datasources.variables import Variable, schema_variables
from plugins.api_particulier import CONFIG_SCHEMA
from plugins.impot_particulier.situation_ir import SituationIR


def test_field_errors_are_french_and_per_field() -> None:
    schema = SituationIR.input_schema
    assert field_errors(schema, {"spi": "12", "inconnu": 1}) == {
        "spi": "Le numéro fiscal comporte 13 chiffres.",
        "inconnu": "Ce champ n'est pas attendu.",
    }
    assert field_errors(schema, {}) == {FORM_LEVEL: "Indiquez l'une des informations demandées."}
    assert field_errors(schema, {"spi": "3999999930262", "annee_revenus": 1990}) == {
        "annee_revenus": "L'année des revenus est invalide."
    }


def test_errors_are_typed() -> None:
    assert Unavailable().retryable
    assert RateLimited(retry_after=2).retry_after == 2
    assert not NotFound().retryable
    assert not ConfigurationError().retryable
    assert InvalidInput(field_errors={"sexe": "x"}).kind == "invalid_input"
    assert RateLimited().kind == "rate_limited"
    assert NotFound().message.startswith("L'administration")


def test_secret_fields_and_credentials() -> None:
    assert secret_fields(CONFIG_SCHEMA) == ("token",)
    assert DataSource.credential.__func__(SituationIR, {"client_secret": "s"}) == "s"  # type: ignore[attr-defined]


def test_dates() -> None:
    assert date_parts("1982-12-27") == (1982, 12, 27)
    assert date_parts("1982") == (1982, None, None)
    assert is_valid_birth_date("1982-12")
    assert not is_valid_birth_date("2999-01-01")
    assert not is_valid_birth_date("1982-02-30")


def test_schema_variables_flatten_objects() -> None:
    schema = {
        "type": "object",
        "properties": {
            "a": {
                "type": "object",
                "title": "A",
                "properties": {"b": {"type": ["integer", "null"]}},
            },
            "c": {"type": "array", "title": "C"},
            "d": {"enum": ["x"]},
        },
    }
    assert schema_variables(schema) == [
        Variable("a.b", "integer", "A — b", True),
        Variable("c", "array", "C"),
        Variable("d", "string", "d", choices=("x",)),
    ]
