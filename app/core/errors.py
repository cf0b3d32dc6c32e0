"""Error types shared by every domain and the HTTP error handlers (French pages or JSON bodies)."""

from __future__ import annotations

import logging

from flask import Flask, Response, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger("tremplin.errors")

MESSAGES = {
    400: ("Requête incorrecte", "La requête n'a pas pu être traitée."),
    401: ("Connexion requise", "Veuillez vous connecter pour accéder à cette page."),
    403: ("Accès refusé", "Vous n'avez pas les droits nécessaires pour cette action."),
    404: ("Page introuvable", "La page demandée n'existe pas ou n'est plus disponible."),
    405: ("Méthode non autorisée", "Cette action n'est pas possible sur cette page."),
    413: ("Fichier trop volumineux", "Le contenu envoyé dépasse la taille autorisée."),
    429: ("Trop de requêtes", "Trop de tentatives : veuillez patienter avant de réessayer."),
    500: (
        "Erreur du service",
        "Une erreur inattendue s'est produite. Vos données déjà enregistrées "
        "sont conservées ; veuillez réessayer dans quelques instants.",
    ),
    503: ("Service indisponible", "Le service est momentanément indisponible."),
}
CSRF_MESSAGE = (
    "Le formulaire a expiré ou n'a pas pu être vérifié. Rechargez la page puis réessayez."
)


class DomainError(Exception):
    """Base class for business errors a service raises and a view turns into a French message."""

    message = "Opération impossible."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.message)
        self.message = message or self.message


class NotFound(DomainError):
    """The object does not exist in the current collectivité."""

    message = "Élément introuvable."


class PermissionDenied(DomainError):
    """The current user may not perform this action."""

    message = "Action non autorisée."


def wants_json() -> bool:
    """JSON for the API and for clients that ask for it; HTML pages otherwise."""
    if request.path.startswith("/api/") or request.path == "/healthz":
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def render_error(status: int, detail: str | None = None) -> tuple[Response | str, int]:
    """Render the French error page or JSON body for ``status``."""
    title, default = MESSAGES.get(status, MESSAGES[500] if status >= 500 else MESSAGES[400])
    text = detail or default
    if wants_json():
        return {"error": {"status": status, "title": title, "detail": text}}, status  # type: ignore[return-value]
    return render_template("web/error.html", status=status, title=title, detail=text), status


def init_app(app: Flask) -> None:
    """Register handlers: no exception ever reaches the user as a raw 500 page."""

    @app.errorhandler(CSRFError)
    def _csrf(_error: CSRFError):  # type: ignore[no-untyped-def]
        return render_error(400, CSRF_MESSAGE)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):  # type: ignore[no-untyped-def]
        if isinstance(error, InternalServerError):
            return _internal(error)
        response = render_error(error.code or 500)
        if error.code == 405 and error.valid_methods:  # type: ignore[attr-defined]
            return response[0], response[1], {"Allow": ", ".join(error.valid_methods)}  # type: ignore[attr-defined]
        return response

    @app.errorhandler(Exception)
    def _internal(error: Exception):  # type: ignore[no-untyped-def]
        log.exception("request.failed", extra={"path": request.path})
        return render_error(500)
