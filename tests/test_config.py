import pytest

from app import create_app
from app.config import ConfigError, load_settings, normalise_database_url

GOOD_KEY = "m1k3gI2gk5H6sCFL5cm2VcrFEp06i0VdS3Vr1aMCxhE="


@pytest.fixture
def clean_env(monkeypatch):
    for name in ("TREMPLIN_ENV", "TREMPLIN_SECRET_KEY", "DATABASE_URL", "TREMPLIN_ENCRYPTION_KEYS"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_production_refuses_to_start_without_a_secret_key(clean_env, tmp_path):
    clean_env.setenv("TREMPLIN_ENV", "production")
    clean_env.setenv("TREMPLIN_ENCRYPTION_KEYS", GOOD_KEY)
    with pytest.raises(ConfigError, match="TREMPLIN_SECRET_KEY"):
        create_app()
    assert not (tmp_path / "secret_key").exists()


def test_production_refuses_a_weak_secret_key(clean_env, tmp_path):
    with pytest.raises(ConfigError, match="TREMPLIN_SECRET_KEY"):
        load_settings(
            str(tmp_path),
            {"env": "production", "secret_key": "dev", "encryption_keys": (GOOD_KEY,)},
        )


def test_production_requires_encryption_keys(clean_env, tmp_path):
    with pytest.raises(ConfigError, match="TREMPLIN_ENCRYPTION_KEYS"):
        load_settings(str(tmp_path), {"env": "production", "secret_key": "x" * 64})


def test_production_starts_with_real_secrets(clean_env, tmp_path):
    settings = load_settings(
        str(tmp_path),
        {"env": "production", "secret_key": "s3cr3t" * 10, "encryption_keys": (GOOD_KEY,)},
    )
    assert settings.flask_config()["SESSION_COOKIE_SECURE"] is True


def test_development_secret_is_generated_once_into_instance(clean_env, tmp_path):
    first = load_settings(str(tmp_path))
    second = load_settings(str(tmp_path))
    assert len(first.secret_key) == 64
    assert first.secret_key == second.secret_key
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
    assert first.encryption_keys == second.encryption_keys
    assert first.database_url == f"sqlite:///{tmp_path / 'tremplin.db'}"


def test_environment_variables_are_read_in_the_factory(clean_env, tmp_path):
    clean_env.setenv("DATABASE_URL", "postgresql://u@db.example/tremplin")
    clean_env.setenv("TREMPLIN_SECRET_KEY", "k" * 40)
    settings = load_settings(str(tmp_path))
    assert settings.database_url == "postgresql+psycopg://u@db.example/tremplin"
    assert settings.secret_key == "k" * 40


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"env": "staging"}, "TREMPLIN_ENV"),
        ({"database_url": "mysql://x"}, "DATABASE_URL"),
        ({"encryption_keys": ("not-a-key",)}, "Fernet"),
        ({"mail_backend": "smtp"}, "TREMPLIN_SMTP_HOST"),
        ({"no_such_setting": 1}, "Unknown settings"),
    ],
)
def test_invalid_settings_are_refused_with_a_clear_message(clean_env, tmp_path, overrides, message):
    with pytest.raises(ConfigError, match=message):
        load_settings(str(tmp_path), overrides)


def test_invalid_integer_in_environment(clean_env, tmp_path):
    clean_env.setenv("TREMPLIN_SMTP_PORT", "twenty-five")
    with pytest.raises(ConfigError, match="TREMPLIN_SMTP_PORT"):
        load_settings(str(tmp_path))


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://a@b/c", "postgresql+psycopg://a@b/c"),
        ("postgresql://a@b/c", "postgresql+psycopg://a@b/c"),
        ("postgresql+psycopg://a@b/c", "postgresql+psycopg://a@b/c"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_database_url_uses_psycopg3(given, expected):
    assert normalise_database_url(given) == expected


def test_recheck_interval_is_a_setting(clean_env, tmp_path):
    clean_env.setenv("TREMPLIN_RECHECK_INTERVAL_SECONDS", "0")
    assert load_settings(str(tmp_path)).recheck_interval_seconds == 0
    clean_env.setenv("TREMPLIN_RECHECK_INTERVAL_SECONDS", "-1")
    with pytest.raises(ConfigError, match="TREMPLIN_RECHECK_INTERVAL_SECONDS"):
        load_settings(str(tmp_path))
