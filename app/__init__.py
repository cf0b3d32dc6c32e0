"""Tremplin: low-code platform for French local authorities' optional school-aid schemes.

The application is built by :func:`create_app` only; nothing reads the environment or builds an app
at import time.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from app import cli, extensions, forms, models
from app.api import admin as api_admin
from app.api import blueprint as api
from app.applications import blueprint as applications
from app.auth import blueprint as auth
from app.backoffice import blueprint as backoffice
from app.config import load_settings
from app.core import errors, headers, health, http, logging
from app.datasources import blueprint as datasources
from app.demo import blueprint as demo
from app.portal import blueprint as portal
from app.schemes import blueprint as schemes
from app.tenants import blueprint as tenants
from app.web import blueprint as web

__all__ = ["create_app", "models"]


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the Flask application in a fixed order.

    ``config`` overrides the settings read from the environment (tests pass their own): lower-case
    keys are :class:`app.config.Settings` fields, upper-case keys go to ``app.config`` as they are.
    The result is validated once here and is read-only afterwards.
    """
    app = Flask(__name__, instance_relative_config=True, static_folder=None)
    settings = load_settings(app.instance_path, overrides=config)
    app.config.from_mapping(settings.flask_config())
    app.config.from_mapping({k: v for k, v in (config or {}).items() if k.isupper()})
    app.extensions["tremplin.settings"] = settings

    logging.init_app(app)
    extensions.init_app(app)
    errors.init_app(app)
    headers.init_app(app)
    health.init_app(app)
    http.init_app(app)
    forms.init_app(app)
    for domain in (
        web,
        auth,
        tenants,
        backoffice,
        schemes,
        datasources,
        applications,
        portal,
        api,
        api_admin,
        demo,
    ):
        domain.init_app(app)
    cli.init_app(app)
    return app
