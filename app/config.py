"""Settings: read from the environment once, inside :func:`app.create_app`, validated, then frozen.

Environment variables: ``DATABASE_URL`` and ``TREMPLIN_*`` (see ``docs/configuration.md``).
Tenant-specific settings live in the database, not here.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Literal

from cryptography.fernet import Fernet

Env = Literal["development", "test", "production"]
ENVIRONMENTS: tuple[Env, ...] = ("development", "test", "production")
MAIL_BACKENDS = ("smtp", "console")
_MIN_SECRET_LENGTH = 32


class ConfigError(RuntimeError):
    """The configuration is invalid; the message lists every problem."""


@dataclass(frozen=True)
class Settings:
    """Validated platform settings (read-only after start-up)."""

    env: Env = "development"
    secret_key: str = ""
    database_url: str = ""
    encryption_keys: tuple[str, ...] = ()
    base_url: str = "http://127.0.0.1:5000"
    mail_backend: str = "console"
    mail_sender: str = "Tremplin <ne-pas-repondre@tremplin.localhost>"
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_username: str = ""
    smtp_password: str = field(default="", repr=False)
    smtp_security: Literal["none", "starttls", "ssl"] = "none"
    smtp_timeout: float = 10.0
    redis_url: str = ""
    celery_broker_url: str = ""
    login_max_failures: int = 5
    login_max_failures_per_ip: int = 50
    login_window_seconds: int = 900
    password_reset_max_age: int = 3600
    data_sources: tuple[str, ...] | None = None
    http_allowed_hosts: tuple[str, ...] = ()
    http_timeout: float = 5.0
    draft_ttl_days: int = 30
    recheck_interval_seconds: int = 10

    @property
    def celery_eager(self) -> bool:
        """Background tasks run in-process when no broker is configured (embedded default)."""
        return not self.celery_broker_url

    def flask_config(self) -> dict[str, Any]:
        """The subset Flask and its extensions read from ``app.config``."""
        production = self.env == "production"
        return {
            "SECRET_KEY": self.secret_key,
            "TESTING": self.env == "test",
            "SQLALCHEMY_DATABASE_URI": self.database_url,
            "SQLALCHEMY_ENGINE_OPTIONS": _engine_options(self.database_url),
            "SESSION_COOKIE_HTTPONLY": True,
            "SESSION_COOKIE_SAMESITE": "Lax",
            "SESSION_COOKIE_SECURE": production,
            "REMEMBER_COOKIE_SECURE": production,
            "REMEMBER_COOKIE_HTTPONLY": True,
            "WTF_CSRF_TIME_LIMIT": 8 * 3600,
            "MAX_CONTENT_LENGTH": 20 * 1024 * 1024,
            "PREFERRED_URL_SCHEME": "https" if production else "http",
        }


def load_settings(instance_path: str, overrides: Mapping[str, Any] | None = None) -> Settings:
    """Read ``DATABASE_URL`` / ``TREMPLIN_*`` from the environment, apply overrides, validate."""
    values: dict[str, Any] = _from_environment(os.environ)
    values.update({k: v for k, v in (overrides or {}).items() if k.islower()})
    unknown = set(values) - {f.name for f in fields(Settings)}
    if unknown:
        raise ConfigError(f"Unknown settings: {', '.join(sorted(unknown))}")
    env = values.get("env", "development")
    if env not in ENVIRONMENTS:
        raise ConfigError(f"TREMPLIN_ENV must be one of {', '.join(ENVIRONMENTS)}, not {env!r}")
    instance = Path(instance_path)
    if env != "production":
        values.setdefault("secret_key", _instance_secret(instance, "secret_key", _new_secret))
        values.setdefault(
            "encryption_keys", (_instance_secret(instance, "encryption_key", _new_fernet_key),)
        )
    values.setdefault("database_url", f"sqlite:///{instance / 'tremplin.db'}")
    values["database_url"] = normalise_database_url(values["database_url"])
    if values.get("smtp_host") and "mail_backend" not in values:
        values["mail_backend"] = "smtp"
    settings = Settings(**values)
    _validate(settings)
    return settings


def normalise_database_url(url: str) -> str:
    """Use the psycopg 3 driver for ``postgres://`` and ``postgresql://`` URLs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _from_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    def csv(value: str) -> tuple[str, ...]:
        return tuple(part.strip() for part in value.split(",") if part.strip())

    readers: dict[str, tuple[str, Any]] = {
        "TREMPLIN_ENV": ("env", str),
        "TREMPLIN_SECRET_KEY": ("secret_key", str),
        "DATABASE_URL": ("database_url", str),
        "TREMPLIN_ENCRYPTION_KEYS": ("encryption_keys", csv),
        "TREMPLIN_BASE_URL": ("base_url", lambda v: v.rstrip("/")),
        "TREMPLIN_MAIL_BACKEND": ("mail_backend", str),
        "TREMPLIN_MAIL_SENDER": ("mail_sender", str),
        "TREMPLIN_SMTP_HOST": ("smtp_host", str),
        "TREMPLIN_SMTP_PORT": ("smtp_port", int),
        "TREMPLIN_SMTP_USERNAME": ("smtp_username", str),
        "TREMPLIN_SMTP_PASSWORD": ("smtp_password", str),
        "TREMPLIN_SMTP_SECURITY": ("smtp_security", str),
        "TREMPLIN_REDIS_URL": ("redis_url", str),
        "TREMPLIN_CELERY_BROKER_URL": ("celery_broker_url", str),
        "TREMPLIN_LOGIN_MAX_FAILURES": ("login_max_failures", int),
        "TREMPLIN_DATA_SOURCES": ("data_sources", csv),
        "TREMPLIN_HTTP_ALLOWED_HOSTS": ("http_allowed_hosts", csv),
        "TREMPLIN_HTTP_TIMEOUT": ("http_timeout", float),
        "TREMPLIN_DRAFT_TTL_DAYS": ("draft_ttl_days", int),
        "TREMPLIN_RECHECK_INTERVAL_SECONDS": ("recheck_interval_seconds", int),
    }
    values: dict[str, Any] = {}
    problems = []
    for variable, (name, parse) in readers.items():
        raw = environ.get(variable)
        if raw is None or raw == "":
            continue
        try:
            values[name] = parse(raw)
        except ValueError:
            problems.append(f"{variable}: invalid value")
    if problems:
        raise ConfigError("; ".join(problems))
    return values


def _validate(settings: Settings) -> None:
    problems = []
    if settings.env == "production":
        if len(settings.secret_key) < _MIN_SECRET_LENGTH or "dev" in settings.secret_key.lower():
            problems.append(
                "TREMPLIN_SECRET_KEY must be set to a random value of at least 32 characters "
                "outside development and test"
            )
        if not settings.encryption_keys:
            problems.append("TREMPLIN_ENCRYPTION_KEYS must be set (Fernet keys, comma-separated)")
    for key in settings.encryption_keys:
        try:
            Fernet(key.encode())
        except ValueError:
            problems.append("TREMPLIN_ENCRYPTION_KEYS holds a key that is not a valid Fernet key")
            break
    if settings.mail_backend not in MAIL_BACKENDS:
        problems.append(f"TREMPLIN_MAIL_BACKEND must be one of {', '.join(MAIL_BACKENDS)}")
    if settings.mail_backend == "smtp" and not settings.smtp_host:
        problems.append("TREMPLIN_SMTP_HOST is required with the smtp mail backend")
    if settings.smtp_security not in ("none", "starttls", "ssl"):
        problems.append("TREMPLIN_SMTP_SECURITY must be none, starttls or ssl")
    if settings.recheck_interval_seconds < 0:
        problems.append("TREMPLIN_RECHECK_INTERVAL_SECONDS must be 0 or more")
    if not settings.database_url.startswith(("sqlite:", "postgresql")):
        problems.append("DATABASE_URL must be a sqlite:// or postgresql:// URL")
    if problems:
        raise ConfigError("Invalid configuration: " + "; ".join(problems))


def _new_secret() -> str:
    return secrets.token_hex(32)


def _new_fernet_key() -> str:
    return Fernet.generate_key().decode()


def _instance_secret(instance: Path, name: str, generate: Any) -> str:
    """Read a development secret from ``instance/``, generating it once (mode 0600)."""
    path = instance / name
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    value = generate()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process won the race: use its value
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(value)
    return value


def _engine_options(url: str) -> dict[str, Any]:
    if url.startswith("sqlite"):
        return {"connect_args": {"timeout": 30}}
    return {"pool_pre_ping": True}
