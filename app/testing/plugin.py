"""Pytest plugin exporting Tremplin's fixtures (loaded through the ``pytest11`` entry point).

Session-scoped app and database (migrated with Alembic, so every test run also proves the
migrations), one rolled-back transaction per test, factory fixtures ``create_*`` / ``dummy_*``, an
``auth`` helper, a real SMTP sink, and a guard that blocks any network access except loopback.

``DATABASE_URL`` pointing at PostgreSQL makes the session create (and drop) a throw-away database on
that server; otherwise a SQLite file in a temporary directory is used.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import orm as sa_orm

from app import create_app
from app.core.db import db
from app.core.http import close_client
from app.testing.database import throwaway_database
from app.testing.factories import PASSWORD, Factories
from app.testing.smtp import SmtpSink

pytest_plugins = ["app.testing.sandboxes"]  # live API sandboxes and habilitation factories

TEST_SECRET = "test-secret-key-with-enough-entropy-0123456789"
TEST_FERNET_KEY = "m1k3gI2gk5H6sCFL5cm2VcrFEp06i0VdS3Vr1aMCxhE="


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives a real Chromium through Playwright")


@pytest.fixture(autouse=True, scope="session")
def _block_network() -> Iterator[None]:
    """Only loopback connections are allowed during tests (our sandboxes, SMTP sink, databases)."""
    original = socket.socket.connect

    def guarded(sock: socket.socket, address: Any) -> Any:
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            host = address[0]
            try:
                allowed = ipaddress.ip_address(host).is_loopback
            except ValueError:
                allowed = host == "localhost"
            if not allowed:
                raise ConnectionRefusedError(f"network access blocked in tests: {host}")
        return original(sock, address)

    socket.socket.connect = guarded  # type: ignore[method-assign]
    yield
    socket.socket.connect = original  # type: ignore[method-assign]


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh, empty database for the test session."""
    with throwaway_database(tmp_path_factory.mktemp("db"), "session") as url:
        yield url


@pytest.fixture(scope="session")
def smtp_sink() -> Iterator[SmtpSink]:
    """A real SMTP server on loopback collecting the messages the app sends."""
    sink = SmtpSink()
    sink.start()
    yield sink
    sink.stop()


def make_test_app(database_url: str, smtp_sink: SmtpSink, **overrides: Any) -> Flask:
    """An app configured for tests (real SMTP to the sink, in-process tasks), migrated."""
    config: dict[str, Any] = {
        "env": "test",
        "database_url": database_url,
        "secret_key": TEST_SECRET,
        "encryption_keys": (TEST_FERNET_KEY,),
        "mail_backend": "smtp",
        "smtp_host": "127.0.0.1",
        "smtp_port": smtp_sink.port,
        "celery_broker_url": "",
        "base_url": "http://localhost",
    }
    config.update(overrides)
    app = create_app(config)
    with app.app_context():
        upgrade()
    _APPS.append(app)
    return app


_APPS: list[Flask] = []
"""Every app made by :func:`make_test_app`, kept alive until the session ends, then disposed
(a pooled PostgreSQL connection must be closed, not garbage-collected)."""


@pytest.fixture(autouse=True, scope="session")
def _dispose_test_apps() -> Iterator[None]:
    yield
    for made in _APPS:
        close_client(made)
        with made.app_context():
            db.engine.dispose()
    _APPS.clear()


@pytest.fixture(scope="session")
def app(database_url: str, smtp_sink: SmtpSink, sandboxes: Any) -> Iterator[Flask]:
    """The application, with its database migrated to the latest revision.

    Outgoing HTTP may reach the live sandboxes (and nothing else on loopback).
    """
    application = make_test_app(database_url, smtp_sink, http_allowed_hosts=sandboxes.hosts)
    yield application
    close_client(application)
    with application.app_context():
        db.engine.dispose()


class _TestSession(sa_orm.scoped_session):
    """One session for the whole test, shared by test code and requests.

    Flask-SQLAlchemy removes ``db.session`` when each request's app context ends; here that is a
    no-op so that objects created by the test stay usable. The fixture closes it at the end.
    """

    def remove(self) -> None:
        """Ignored until the test ends (see :func:`db_session`)."""

    def close_for_good(self) -> None:
        super().remove()


@pytest.fixture
def db_session(app: Flask) -> Iterator[sa_orm.scoped_session]:
    """Run the test inside a transaction rolled back at the end (views' commits become savepoints).

    No application context stays pushed during the test, so every request gets a fresh ``g``
    (as in production); code that needs one opens ``app.test_request_context()`` itself.
    """
    with app.app_context():
        connection = db.engine.connect()
    transaction = connection.begin()
    original = db.session
    db.session = _TestSession(
        sa_orm.sessionmaker(
            bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
        ),
        scopefunc=lambda: "test",
    )
    try:
        yield db.session
    finally:
        db.session.close_for_good()
        db.session = original
        transaction.rollback()
        connection.close()


@pytest.fixture
def client(app: Flask, db_session: sa_orm.scoped_session) -> FlaskClient:
    """A test client whose requests share the test's rolled-back transaction."""
    return app.test_client()


@pytest.fixture
def factories(db_session: sa_orm.scoped_session) -> Factories:
    """Factory helpers: ``factories.tenant()``, ``factories.user()``, ``factories.member()``."""
    return Factories(db_session)


@pytest.fixture
def create_tenant(factories: Factories) -> Callable[..., Any]:
    """Create a collectivité (unique slug and SIRET unless given)."""
    return factories.tenant


@pytest.fixture
def create_user(factories: Factories) -> Callable[..., Any]:
    """Create a staff account (password ``factories.PASSWORD`` unless given)."""
    return factories.user


@pytest.fixture
def create_member(factories: Factories) -> Callable[..., Any]:
    """Create a staff account with a role in a collectivité."""
    return factories.member


@pytest.fixture
def dummy_tenant(factories: Factories) -> Any:
    """A ready-made commune."""
    return factories.tenant(slug="commune-test", name="Commune de Test")


@pytest.fixture
def dummy_admin(factories: Factories, dummy_tenant: Any) -> Any:
    """An administrator of ``dummy_tenant``."""
    return factories.member(dummy_tenant, role="admin", email="admin@commune-test.fr").user


_CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*>')
_VALUE = re.compile(r'value="([^"]+)"')


def csrf_in(html: str) -> str:
    """The CSRF token of the first form of a page (whatever the order of the attributes)."""
    field = _CSRF.search(html)
    value = _VALUE.search(field.group(0)) if field else None
    assert value, "no CSRF token on the page"
    return value.group(1)


class AuthActions:
    """Log in and out through the real pages (CSRF disabled only where a test says so)."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def csrf_token(self, path: str = "/connexion") -> str:
        """Fetch a page and return its CSRF token."""
        return csrf_in(self.client.get(path).get_data(as_text=True))

    def login(self, email: str, password: str | None = None) -> Any:
        """Sign in with the login form."""
        return self.client.post(
            "/connexion",
            data={
                "email": email,
                "password": password or PASSWORD,
                "csrf_token": self.csrf_token(),
            },
        )

    def logout(self) -> Any:
        """Sign out with the logout button."""
        return self.client.post("/deconnexion", data={"csrf_token": self.csrf_token("/")})


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    """Log in/out helper bound to ``client``."""
    return AuthActions(client)
