"""Typed errors a data source raises; each carries a French, user-safe message.

The host decides from the type what to do: retry (``retryable``), cache briefly
(:class:`NotFound`), tell the family to correct a field (:class:`InvalidInput`) or alert the
collectivité's administrators (:class:`ConfigurationError`). Messages never contain personal data:
they are shown to families and written to logs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.core.http import DestinationRefused

__all__ = [
    "ConfigurationError",
    "DataSourceError",
    "DestinationRefused",
    "InvalidInput",
    "NotFound",
    "RateLimited",
    "Unavailable",
]


class DataSourceError(Exception):
    """Base class: the data could not be obtained."""

    message = "Les informations n'ont pas pu être obtenues auprès de l'administration."
    retryable = False

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str = "",
        request_id: str = "",
        status: int | None = None,
    ) -> None:
        self.message = message or type(self).message
        self.code = code
        self.request_id = request_id
        self.status = status
        self.attempts = 0  # set by the host: how many calls were made
        super().__init__(self.message)

    @property
    def kind(self) -> str:
        """Stable name for logs and audit (``not_found``, ``unavailable``, …)."""
        return _KINDS.get(type(self), "error")


class NotFound(DataSourceError):
    """The administration does not know this person (or several people match)."""

    message = (
        "L'administration n'a pas trouvé de dossier correspondant aux informations saisies. "
        "Vérifiez-les ou joignez un justificatif."
    )


class Unavailable(DataSourceError):
    """The provider is down, slow or answered something unreadable: try again later."""

    message = (
        "Le service de l'administration est momentanément indisponible. "
        "Veuillez réessayer dans quelques instants."
    )
    retryable = True

    def __init__(
        self, message: str | None = None, *, retry_after: float | None = None, **kw: Any
    ) -> None:
        super().__init__(message, **kw)
        self.retry_after = retry_after


class RateLimited(Unavailable):
    """Too many requests for this token: wait ``retry_after`` seconds."""

    message = (
        "Trop de demandes ont été envoyées à l'administration en peu de temps. "
        "Veuillez réessayer dans quelques instants."
    )


class ConfigurationError(DataSourceError):
    """Missing or invalid habilitation, token refused (401/403), wrong URL: an admin must act."""

    message = (
        "Ce service n'est pas correctement configuré par la collectivité. "
        "Les services administratifs ont été prévenus."
    )


class InvalidInput(DataSourceError):
    """The inputs are incomplete or malformed; ``field_errors``: input name → French message."""

    message = "Certaines informations saisies ne sont pas valides."

    def __init__(
        self,
        message: str | None = None,
        *,
        field_errors: Mapping[str, str] | None = None,
        **kw: Any,
    ) -> None:
        super().__init__(message, **kw)
        self.field_errors = dict(field_errors or {})


_KINDS: dict[type[DataSourceError], str] = {
    DataSourceError: "error",
    NotFound: "not_found",
    Unavailable: "unavailable",
    RateLimited: "rate_limited",
    ConfigurationError: "configuration",
    InvalidInput: "invalid_input",
}
